import { beforeAll, describe, expect, it } from 'vitest'
import { Api, type TelegramClient } from 'telegram'
import type { RPCError } from 'telegram/errors/index.js'
import { computeCheck } from 'telegram/Password.js'
import { TEST_API_HASH, TEST_API_ID } from '../../emulator/client.js'
import type { Emulator } from '../../emulator/index.js'
import { rpcError, useEmulator } from './helpers.js'

const fixture = useEmulator({ seed: 21, users: 60, contacts: 10 })
const { client } = fixture
let emu: Emulator
beforeAll(() => {
  emu = fixture.emu
})

const sendCode = (c: TelegramClient, phoneNumber: string): Promise<Api.auth.TypeSentCode> =>
  c.invoke(
    new Api.auth.SendCode({ phoneNumber, apiId: TEST_API_ID, apiHash: TEST_API_HASH, settings: new Api.CodeSettings({}) }),
  )

describe('sign-in', () => {
  it('signs in with client.start() over a fresh key: wrong code, then 2FA with a wrong password first', async () => {
    const c = await client('')
    const codes = ['00000', emu.account.code]
    const passwords = ['wrong horse', emu.account.password ?? '']
    const errors: string[] = []
    let hint: string | undefined
    await c.start({
      phoneNumber: emu.account.phone,
      phoneCode: async () => codes.shift() ?? '',
      password: async (passwordHint) => {
        hint = passwordHint
        return passwords.shift() ?? ''
      },
      onError: async (error) => {
        errors.push((error as RPCError).errorMessage ?? error.message)
        return false
      },
    })
    expect(errors).toEqual(['PHONE_CODE_INVALID', 'PASSWORD_HASH_INVALID'])
    expect(hint).toBe('horse')
    const me = await c.getMe()
    expect(me.id.toString()).toBe(String(emu.account.id))
    expect(emu.calls.filter((call) => call.connectionId === emu.callsOf('auth.SignIn').at(-1)?.connectionId).map((call) => call.method)).toEqual(
      expect.arrayContaining(['auth.SendCode', 'auth.SignIn', 'account.GetPassword', 'auth.CheckPassword']),
    )

    // The session it saved signs in again without a handshake.
    const handshakes = emu.stats.handshakes
    const again = await client(String(c.session.save()))
    expect(await again.isUserAuthorized()).toBe(true)
    expect(emu.stats.handshakes).toBe(handshakes)
  })

  it('answers 401 SESSION_PASSWORD_NEEDED, then PASSWORD_HASH_INVALID and SRP_ID_INVALID for a reused srp_id', async () => {
    const c = await client(await emu.mintSession(null))
    const { phoneCodeHash } = (await sendCode(c, emu.account.phone)) as Api.auth.SentCode
    const needed = await rpcError(c.invoke(new Api.auth.SignIn({ phoneNumber: emu.account.phone, phoneCodeHash, phoneCode: emu.account.code })))
    expect([needed.code, needed.errorMessage]).toEqual([401, 'SESSION_PASSWORD_NEEDED'])
    // Still not signed in: ordinary methods are refused.
    expect((await rpcError(c.invoke(new Api.contacts.GetStatuses()))).errorMessage).toBe('AUTH_KEY_UNREGISTERED')

    const info = await c.invoke(new Api.account.GetPassword())
    expect(info.hasPassword).toBe(true)
    const wrong = await computeCheck(info, 'not it')
    expect((await rpcError(c.invoke(new Api.auth.CheckPassword({ password: wrong })))).errorMessage).toBe('PASSWORD_HASH_INVALID')
    const reused = await computeCheck(info, emu.account.password ?? '')
    expect((await rpcError(c.invoke(new Api.auth.CheckPassword({ password: reused })))).errorMessage).toBe('SRP_ID_INVALID')

    const fresh = await computeCheck(await c.invoke(new Api.account.GetPassword()), emu.account.password ?? '')
    const auth = await c.invoke(new Api.auth.CheckPassword({ password: fresh }))
    expect((auth as Api.auth.Authorization).user.id.toString()).toBe(String(emu.account.id))
    expect(await c.invoke(new Api.contacts.GetStatuses())).toHaveLength(10)
  })

  it('answers PHONE_CODE_EXPIRED for an expired code and for an unknown hash', async () => {
    const c = await client(await emu.mintSession(null))
    const { phoneCodeHash } = (await sendCode(c, emu.account.phone)) as Api.auth.SentCode
    emu.expireLoginCodes()
    const expired = await rpcError(c.invoke(new Api.auth.SignIn({ phoneNumber: emu.account.phone, phoneCodeHash, phoneCode: emu.account.code })))
    expect([expired.code, expired.errorMessage]).toEqual([400, 'PHONE_CODE_EXPIRED'])
    const unknown = await rpcError(
      c.invoke(new Api.auth.SignIn({ phoneNumber: emu.account.phone, phoneCodeHash: 'nope', phoneCode: emu.account.code })),
    )
    expect(unknown.errorMessage).toBe('PHONE_CODE_EXPIRED')
  })

  it('resends the code by SMS, then by call, each under a new hash, then answers SEND_CODE_UNAVAILABLE', async () => {
    const c = await client(await emu.mintSession(null))
    const phoneNumber = emu.account.phone
    const first = (await sendCode(c, phoneNumber)) as Api.auth.SentCode
    expect(first.nextType).toBeInstanceOf(Api.auth.CodeTypeSms)
    const resend = (phoneCodeHash: string) => c.invoke(new Api.auth.ResendCode({ phoneNumber, phoneCodeHash })) as Promise<Api.auth.SentCode>
    const sms = await resend(first.phoneCodeHash)
    expect(sms.type).toBeInstanceOf(Api.auth.SentCodeTypeSms)
    expect(sms.nextType).toBeInstanceOf(Api.auth.CodeTypeCall)
    expect(sms.phoneCodeHash).not.toBe(first.phoneCodeHash)
    const stale = await rpcError(c.invoke(new Api.auth.SignIn({ phoneNumber, phoneCodeHash: first.phoneCodeHash, phoneCode: emu.account.code })))
    expect(stale.errorMessage).toBe('PHONE_CODE_EXPIRED')
    const call = await resend(sms.phoneCodeHash)
    expect(call.type).toBeInstanceOf(Api.auth.SentCodeTypeCall)
    expect([call.nextType ?? null, call.timeout ?? null]).toEqual([null, null])
    expect((await rpcError(resend(call.phoneCodeHash))).errorMessage).toBe('SEND_CODE_UNAVAILABLE')
    expect((await rpcError(resend('nope'))).errorMessage).toBe('PHONE_CODE_EXPIRED')
    // The call's hash survived the refused resend and signs in (2FA follows for this account).
    const signIn = await rpcError(c.invoke(new Api.auth.SignIn({ phoneNumber, phoneCodeHash: call.phoneCodeHash, phoneCode: emu.account.code })))
    expect(signIn.errorMessage).toBe('SESSION_PASSWORD_NEEDED')
  })

  it('answers PHONE_NUMBER_INVALID and PHONE_CODE_EMPTY', async () => {
    const c = await client(await emu.mintSession(null))
    expect((await rpcError(sendCode(c, 'not a phone'))).errorMessage).toBe('PHONE_NUMBER_INVALID')
    expect((await rpcError(sendCode(c, '+12'))).errorMessage).toBe('PHONE_NUMBER_INVALID')
    const { phoneCodeHash } = (await sendCode(c, emu.account.phone)) as Api.auth.SentCode
    const empty = await rpcError(c.invoke(new Api.auth.SignIn({ phoneNumber: emu.account.phone, phoneCodeHash, phoneCode: '' })))
    expect(empty.errorMessage).toBe('PHONE_CODE_EMPTY')
  })

  it('signs in an account without 2FA directly, and refuses numbers nobody has', async () => {
    const c = await client(await emu.mintSession(null))
    const other = emu.world.users[4]!
    const sent = (await sendCode(c, `+${other.phone}`)) as Api.auth.SentCode
    expect(sent.type).toBeInstanceOf(Api.auth.SentCodeTypeApp)
    const auth = await c.invoke(new Api.auth.SignIn({ phoneNumber: `+${other.phone}`, phoneCodeHash: sent.phoneCodeHash, phoneCode: emu.account.code }))
    expect((auth as Api.auth.Authorization).user.id.toString()).toBe(String(other.id))

    const nobody = emu.world.unregisteredPhones[5]!
    const c2 = await client(await emu.mintSession(null))
    const sent2 = (await sendCode(c2, nobody)) as Api.auth.SentCode
    const error = await rpcError(c2.invoke(new Api.auth.SignIn({ phoneNumber: nobody, phoneCodeHash: sent2.phoneCodeHash, phoneCode: emu.account.code })))
    expect(error.errorMessage).toBe('PHONE_NUMBER_UNOCCUPIED')
  })

  it('logs out: the key answers 401 afterwards', async () => {
    const c = await client(await emu.mintSession())
    expect(await c.isUserAuthorized()).toBe(true)
    expect(await c.invoke(new Api.auth.LogOut())).toBeInstanceOf(Api.auth.LoggedOut)
    const error = await rpcError(c.invoke(new Api.contacts.GetContacts({ hash: 0 as never })))
    expect([error.code, error.errorMessage]).toEqual([401, 'AUTH_KEY_UNREGISTERED'])
  })
})
