import { beforeAll, afterAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator'
import { AppError } from '../../../electron/core/contract'
import { createMemoryStore } from '../../../electron/core/secrets/memory-store'
import { secretAccounts } from '../../../electron/core/secrets/secret-store'
import { API_HASH, filesUnder, useEmulatorCores } from './helpers'

/**
 * A core that has never signed in. Its first session is an auth key the emulator knows but that is bound to no
 * account (what a fresh key exchange would give), so these tests exercise sign-in, not the key exchange, which the
 * emulator's own tests cover.
 */
const cores = useEmulatorCores({ seed: 4, users: 60, contacts: 20, password: null }, async (emulator) => ({ session: await emulator.mintSession(null) }))
const { open } = cores
let emulator: Emulator
beforeAll(() => {
  emulator = cores.emulator
})

describe('sign-in with a login code', () => {
  it('signs in, stores the session only in the SecretStore, and resumes after a restart', async () => {
    const first = await open()
    expect(await first.call('auth.status')).toEqual({ state: 'signedOut' })

    const awaiting = await first.call('auth.sendCode', { phone: emulator.account.phone })
    expect(awaiting).toMatchObject({ state: 'awaitingCode', phone: emulator.account.phone, codeType: 'app' })

    const wrong = await first.fail('auth.signIn', { code: '99999' })
    expect(wrong).toMatchObject({ code: 'TELEGRAM', rpcError: 'PHONE_CODE_INVALID' })
    expect(wrong.message).toMatch(/not right/)
    expect(await first.call('auth.status')).toMatchObject({ state: 'awaitingCode' })

    const signedIn = await first.call('auth.signIn', { code: emulator.account.code })
    expect(signedIn).toMatchObject({ state: 'signedIn', user: { id: String(emulator.account.id), phone: emulator.account.phone } })
    expect(first.seen('auth.changed').map((status) => status.state)).toEqual(['signedOut', 'awaitingCode', 'signedIn'])

    const session = await first.secrets.get(secretAccounts.session)
    expect(session).toBeTruthy()
    const list = await first.call('contacts.list')
    expect(list.contacts.length).toBe(20)
    for (const file of await filesUnder(first.dataDir)) {
      expect(file.text).not.toContain(session!)
      expect(file.text).not.toContain(API_HASH)
    }
    await first.dispose()

    // A new core over the same keychain and data folder: signed in at once, and the session works.
    emulator.clearCalls()
    const second = await cores.openExact({ secrets: first.secrets, dataDir: first.dataDir })
    expect(await second.call('auth.status')).toMatchObject({ state: 'signedIn', user: { id: String(emulator.account.id) } })
    expect(emulator.callsOf('auth.SendCode')).toHaveLength(0)
    expect((await second.call('contacts.list')).source).toBe('cache')
    expect((await second.call('contacts.refresh')).source).toBe('telegram')
  })

  it('explains an expired code, and asking again brings a new one', async () => {
    const core = await open()
    await core.call('auth.sendCode', { phone: emulator.account.phone })
    emulator.expireLoginCodes()
    const expired = await core.fail('auth.signIn', { code: emulator.account.code })
    expect(expired).toMatchObject({ code: 'TELEGRAM', rpcError: 'PHONE_CODE_EXPIRED' })
    expect(expired.message).toMatch(/expired/)
    expect(await core.call('auth.sendCode', { phone: emulator.account.phone })).toMatchObject({ state: 'awaitingCode' })
    expect(await core.call('auth.signIn', { code: emulator.account.code })).toMatchObject({ state: 'signedIn' })
  })

  it('answers a resend after the code expired with a fresh code, since Telegram will not resend an expired one', async () => {
    const core = await open()
    await core.call('auth.sendCode', { phone: emulator.account.phone })
    emulator.expireLoginCodes()
    emulator.clearCalls()
    expect(await core.call('auth.resendCode')).toMatchObject({ state: 'awaitingCode', phone: emulator.account.phone })
    expect(emulator.callsOf('auth.ResendCode')).toHaveLength(1)
    expect(emulator.callsOf('auth.SendCode')).toHaveLength(1)
    expect(await core.call('auth.signIn', { code: emulator.account.code })).toMatchObject({ state: 'signedIn' })
  })

  it('asks for the code by SMS with auth.resendCode and signs in under the new hash', async () => {
    const core = await open()
    emulator.clearCalls()
    expect(await core.call('auth.sendCode', { phone: emulator.account.phone })).toMatchObject({ codeType: 'app', nextType: 'sms' })
    expect(await core.call('auth.resendCode')).toMatchObject({ state: 'awaitingCode', codeType: 'sms', nextType: 'call' })
    const resent = emulator.callsOf('auth.ResendCode')
    expect(resent).toHaveLength(1)
    expect(resent[0]?.params.phoneNumber).toBe(emulator.account.phone)
    // The hash sendCode gave no longer works: signing in succeeds only with the one resendCode returned.
    expect(await core.call('auth.signIn', { code: emulator.account.code })).toMatchObject({ state: 'signedIn' })
    expect(emulator.callsOf('auth.SignIn').at(-1)?.params.phoneCodeHash).not.toBe(resent[0]?.params.phoneCodeHash)
  })

  it('refuses a malformed number before Telegram and maps Telegram refusing one', async () => {
    const core = await open()
    expect(await core.fail('auth.sendCode', { phone: 'call me' })).toMatchObject({ code: 'INVALID_INPUT' })
    emulator.script('auth.SendCode', { error: 'PHONE_NUMBER_INVALID' })
    expect(await core.fail('auth.sendCode', { phone: '+4915112345678' })).toMatchObject({ code: 'TELEGRAM', rpcError: 'PHONE_NUMBER_INVALID' })
  })

  it('surfaces FLOOD_WAIT with its seconds instead of sleeping', async () => {
    const core = await open()
    emulator.script('auth.SendCode', { error: 'FLOOD_WAIT_120' })
    expect(await core.fail('auth.sendCode', { phone: emulator.account.phone })).toMatchObject({ code: 'FLOOD_WAIT', seconds: 120 })
  })

  it('goes back to the phone step on cancel', async () => {
    const core = await open()
    await core.call('auth.sendCode', { phone: emulator.account.phone })
    expect(await core.call('auth.cancel')).toEqual({ state: 'signedOut' })
    expect(await core.fail('auth.signIn', { code: emulator.account.code })).toMatchObject({ code: 'INVALID_INPUT' })
  })

  it('says NETWORK when Telegram cannot be reached', async () => {
    const closed = { ...emulator.endpoint, port: emulator.endpoint.port === 32767 ? 32766 : emulator.endpoint.port + 1 }
    const core = await open({ endpoint: closed, session: '' })
    expect(await core.fail('auth.sendCode', { phone: emulator.account.phone })).toMatchObject({ code: 'NETWORK' })
  })
})

describe('credentials', () => {
  it('asks for api_id/api_hash, keeps the hash in the SecretStore and the id in a plain file', async () => {
    const core = await open({ envCredentials: false })
    expect(await core.call('auth.status')).toEqual({ state: 'needCredentials' })
    expect(await core.fail('auth.sendCode', { phone: emulator.account.phone })).toMatchObject({ code: 'NEED_CREDENTIALS' })
    expect(await core.call('auth.setCredentials', { apiId: 777, apiHash: API_HASH })).toEqual({ state: 'signedOut' })
    expect(await core.secrets.get(secretAccounts.apiHash)).toBe(API_HASH)
    const files = await filesUnder(core.dataDir)
    expect(files.some((file) => file.text.includes('777'))).toBe(true)
    expect(files.some((file) => file.text.includes(API_HASH))).toBe(false)
    await core.call('auth.sendCode', { phone: emulator.account.phone })
    expect(emulator.callsOf('auth.SendCode').at(-1)?.params).toMatchObject({ apiId: 777 })
  })
})

describe('credentials built into the installed app', () => {
  it('never asks for them, signs in with them, keeps them out of the keychain and off disk, and keeps them after a sign-out', async () => {
    const builtin = { apiId: 611335, apiHash: 'b1e55ed0b1e55ed0b1e55ed0b1e55ed0' }
    const secrets = createMemoryStore()
    const core = await open({ secrets, envCredentials: false, builtinCredentials: builtin })
    expect(await core.call('auth.status')).toEqual({ state: 'signedOut' })
    await core.call('auth.sendCode', { phone: emulator.account.phone })
    expect(emulator.callsOf('auth.SendCode').at(-1)?.params).toMatchObject({ apiId: builtin.apiId, apiHash: builtin.apiHash })
    await core.call('auth.signIn', { code: emulator.account.code })
    expect(await secrets.get(secretAccounts.apiHash)).toBeNull()
    for (const file of await filesUnder(core.dataDir)) expect(file.text).not.toContain(builtin.apiHash)
    expect(await core.call('auth.signOut')).toEqual({ state: 'signedOut' })
  })
})

describe('without a keychain', () => {
  it('says so instead of signing in, and writes nothing secret anywhere', async () => {
    const unavailable = (): never => {
      throw new AppError({ code: 'KEYCHAIN_UNAVAILABLE', message: 'No keychain answered.' })
    }
    const secrets = { get: async () => unavailable(), set: async () => unavailable(), delete: async () => unavailable() }
    const core = await open({ secrets, envCredentials: false })
    expect(await core.fail('auth.status')).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' })
    expect(await core.fail('auth.setCredentials', { apiId: 777, apiHash: API_HASH })).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' })
    for (const file of await filesUnder(core.dataDir)) expect(file.text).not.toContain(API_HASH)
  })
})

describe('sign-out', () => {
  it('calls auth.logOut, deletes the keychain entries and every local cache of the account', async () => {
    const secrets = createMemoryStore()
    const core = await open({ secrets, envCredentials: false })
    await core.call('auth.setCredentials', { apiId: 777, apiHash: API_HASH })
    await core.call('auth.sendCode', { phone: emulator.account.phone })
    await core.call('auth.signIn', { code: emulator.account.code })
    await core.call('contacts.list')
    expect((await filesUnder(core.dataDir)).length).toBeGreaterThan(0)

    emulator.clearCalls()
    expect(await core.call('auth.signOut')).toEqual({ state: 'needCredentials' })
    expect(emulator.callsOf('auth.LogOut')).toHaveLength(1)
    expect(await secrets.get(secretAccounts.session)).toBeNull()
    expect(await secrets.get(secretAccounts.apiHash)).toBeNull()
    expect(await filesUnder(core.dataDir)).toEqual([])
    expect(await core.fail('contacts.list')).toMatchObject({ code: 'NOT_AUTHORIZED' })
  })

  it('signs out locally when Telegram says the session was revoked, keeping the api credentials', async () => {
    const secrets = createMemoryStore()
    const core = await open({ secrets })
    await core.call('auth.sendCode', { phone: emulator.account.phone })
    await core.call('auth.signIn', { code: emulator.account.code })
    await core.call('contacts.list')
    await core.dispose()
    emulator.script('users.GetUsers', { error: 'SESSION_REVOKED', code: 401 })
    const again = await cores.openExact({ secrets, dataDir: core.dataDir })
    expect(await again.fail('contacts.refresh')).toMatchObject({ code: 'NOT_AUTHORIZED', rpcError: 'SESSION_REVOKED' })
    expect(await again.call('auth.status')).toEqual({ state: 'signedOut' })
    expect(await secrets.get(secretAccounts.session)).toBeNull()
    expect(await filesUnder(core.dataDir)).toEqual([expect.objectContaining({ path: expect.stringMatching(/telegram-account\.json$/) })])
    // The same connection signs in again without a new key exchange.
    await again.call('auth.sendCode', { phone: emulator.account.phone })
    expect(await again.call('auth.signIn', { code: emulator.account.code })).toMatchObject({ state: 'signedIn' })
  })
})

describe('sign-in with two-step verification', () => {
  let secured: Emulator
  beforeAll(async () => {
    secured = await startEmulator({ seed: 5, users: 40, contacts: 10, password: 'correct horse' })
  })
  afterAll(async () => {
    await secured.close()
  })

  it('asks for the password with its hint, explains a wrong one, and signs in with the right one', async () => {
    const core = await cores.openExact({ session: await secured.mintSession(null) }, secured)
    await core.call('auth.sendCode', { phone: secured.account.phone })
    expect(await core.call('auth.signIn', { code: secured.account.code })).toEqual({ state: 'awaitingPassword', hint: 'horse' })

    const wrong = await core.fail('auth.checkPassword', { password: 'battery staple' })
    expect(wrong).toMatchObject({ code: 'TELEGRAM', rpcError: 'PASSWORD_HASH_INVALID' })
    expect(await core.call('auth.status')).toEqual({ state: 'awaitingPassword', hint: 'horse' })

    expect(await core.call('auth.checkPassword', { password: 'correct horse' })).toMatchObject({
      state: 'signedIn',
      user: { id: String(secured.account.id) },
    })
    expect(secured.callsOf('auth.CheckPassword')).toHaveLength(2)
    expect((await core.call('contacts.list')).contacts).toHaveLength(10)
    for (const file of await filesUnder(core.dataDir)) expect(file.text).not.toContain('correct horse')
  })
})
