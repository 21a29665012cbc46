import { beforeAll, describe, expect, it } from 'vitest'
import { Api } from 'telegram'
import { emulatorClient } from '../../emulator/client.js'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { rpcError, useEmulator } from './helpers.js'

const fixture = useEmulator({ seed: 7, users: 120, contacts: 40 })
const { client } = fixture
let emu: Emulator
beforeAll(() => {
  emu = fixture.emu
})

describe('protocol core', () => {
  it('does the auth-key exchange and answers the wrapped help.getConfig', async () => {
    const before = emu.stats.handshakes
    const c = await client('')
    expect(emu.stats.handshakes).toBe(before + 1)
    const init = emu.calls.filter((call) => call.connectionId === emu.calls.at(-1)?.connectionId).at(0)
    expect(init?.chain).toBe('InvokeWithLayer>InitConnection>help.GetConfig')
    expect(init?.layer).toBe(198)
    expect(init?.outcome).toEqual({ kind: 'result', className: 'Config' })
    const config = await c.invoke(new Api.help.GetConfig())
    expect(config.thisDc).toBe(emu.endpoint.dcId)
    expect(config.dcOptions.some((dc) => dc.ipAddress === '127.0.0.1' && dc.port === emu.endpoint.port)).toBe(true)
  })

  it('answers 401 AUTH_KEY_UNREGISTERED to a key that is not signed in', async () => {
    const c = await client(await emu.mintSession(null))
    const error = await rpcError(c.invoke(new Api.contacts.GetContacts({ hash: 0 as never })))
    expect([error.code, error.errorMessage]).toEqual([401, 'AUTH_KEY_UNREGISTERED'])
    expect(await c.isUserAuthorized()).toBe(false)
  })

  it('serves a pre-minted signed-in session without a handshake', async () => {
    const before = emu.stats.handshakes
    const c = await client()
    expect(await c.isUserAuthorized()).toBe(true)
    const me = await c.getMe()
    expect(me.self).toBe(true)
    expect(`+${me.phone}`).toBe(emu.account.phone)
    expect(me.id.toString()).toBe(String(emu.account.id))
    expect(emu.stats.handshakes).toBe(before)
  })

  it('answers ping with a bare pong naming the ping id', async () => {
    const c = await client()
    const pong = await c.invoke(new Api.Ping({ pingId: 424242 as never }))
    expect(pong.pingId.toString()).toBe('424242')
  })

  it('gzips large results and the client reads them', async () => {
    const c = await client()
    const contacts = await c.invoke(new Api.contacts.GetContacts({ hash: 0 as never }))
    expect(contacts).toBeInstanceOf(Api.contacts.Contacts)
    expect((contacts as Api.contacts.Contacts).users).toHaveLength(40)
  })

  it('answers an RPC error, not silence, for a method it does not implement', async () => {
    const c = await client()
    const error = await rpcError(c.invoke(new Api.account.GetAuthorizations()))
    expect([error.code, error.errorMessage]).toEqual([400, 'INPUT_METHOD_INVALID'])
  })

  it('logs each call with its wrapper chain and decoded params', async () => {
    const c = await client()
    emu.clearCalls()
    await c.invoke(new Api.InvokeWithoutUpdates({ query: new Api.contacts.Search({ q: 'alice', limit: 7 }) }))
    const [call] = emu.callsOf('contacts.search')
    expect(call?.chain).toBe('InvokeWithoutUpdates>contacts.Search')
    expect(call?.params).toEqual({ _: 'contacts.Search', q: 'alice', limit: 7 })
    expect(call?.userId).toBe(emu.account.id)
  })

  it('corrects the salt, announces new sessions, and batches replies in containers', async () => {
    const before = emu.stats.events
    const c = await client()
    await c.invoke(new Api.contacts.GetContacts({ hash: 0 as never }))
    const after = emu.stats.events
    // GramJS starts every connection with salt 0: the first message gets bad_server_salt.
    expect(after.bad_server_salt).toBeGreaterThan(before.bad_server_salt)
    expect(after.new_session_created).toBeGreaterThan(before.new_session_created)
    expect(after.container_out).toBeGreaterThan(before.container_out)
    expect(after.container_in).toBeGreaterThan(before.container_in)
    expect(after.gzip_out).toBeGreaterThan(before.gzip_out)
  })

  it('answers bad_msg_notification to msg_ids from a wrong clock, and GramJS resyncs and resends', async () => {
    const c = await client()
    const state = (c as unknown as { _sender: { _state: { timeOffset: number } } })._sender._state
    // An hour ahead (GramJS never lets its msg_ids go backwards, so "behind" cannot be simulated).
    state.timeOffset = 3600
    const before = emu.stats.events.bad_msg_notification
    const statuses = await c.invoke(new Api.contacts.GetStatuses())
    expect(statuses).toHaveLength(40)
    expect(emu.stats.events.bad_msg_notification).toBeGreaterThan(before)
    expect(Math.abs(state.timeOffset)).toBeLessThan(5)
  })

  it('answers transport error -404 to an auth key it does not know', async () => {
    const other = await startEmulator({ seed: 7, users: 20, contacts: 3 })
    try {
      // A key minted by another emulator is unknown here; GramJS then never finishes connect().
      const stray = emulatorClient(emu.endpoint, await other.mintSession())
      const before = emu.stats.events.unknown_key
      void stray.connect().catch(() => undefined)
      await expect.poll(() => emu.stats.events.unknown_key, { timeout: 5000 }).toBeGreaterThan(before)
      await stray.destroy()
    } finally {
      await other.close()
    }
  })

  it('reconnects with the same key after the server drops the connection', async () => {
    const c = await client()
    const handshakes = emu.stats.handshakes
    emu.clearCalls()
    emu.script('contacts.GetStatuses', { drop: true })
    const statuses = await c.invoke(new Api.contacts.GetStatuses())
    expect(statuses).toHaveLength(40)
    expect(emu.callsOf('contacts.GetStatuses').map((call) => call.outcome.kind)).toEqual(['dropped', 'result'])
    expect(emu.stats.handshakes).toBe(handshakes)
  })
})
