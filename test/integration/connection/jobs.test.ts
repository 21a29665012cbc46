import { describe, expect, it } from 'vitest'
import type { ImportContact } from '../../../electron/core/contract'
import { openCore, removeDir, type TestCore } from '../core/helpers'
import { outageServer, type OutageKind, type OutageServer } from './outage-server'

/**
 * What a person notices around an outage besides the banner: a job that was running goes on by itself when the
 * server is back, a call made meanwhile fails at once instead of after the 45 s deadline, the OS saying "the network
 * is back" skips the rest of the backoff, and the list catches up with what changed meanwhile.
 */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (await cond()) return
    await sleep(50)
  }
  throw new Error(`timed out waiting for ${what}`)
}

async function withServer(kind: OutageKind, body: (server: OutageServer, core: TestCore) => Promise<void>, coreOptions: Parameters<typeof openCore>[1] = {}): Promise<void> {
  const server = await outageServer(kind, { seed: 5, users: 80, contacts: 12 })
  const core = await openCore(server, { session: server.session, ...coreOptions })
  try {
    await core.call('contacts.refresh')
    await body(server, core)
  } finally {
    await core.dispose()
    await removeDir(core.dataDir)
    await server.close()
  }
}

/** 1,500 numbers nobody in the world has: three requests of 500. */
function phoneBook(count: number): ImportContact[] {
  return Array.from({ length: count }, (_, i) => ({ firstName: `Person ${i}`, lastName: 'Outage', phone: `+4479${String(i).padStart(8, '0')}` }))
}

describe.concurrent('work around an outage', () => {
  for (const kind of ['kill', 'pause'] as const) {
    const seconds = kind === 'kill' ? 5 : 15
    it(`an import running across a ${seconds} s ${kind} finishes by itself with every number saved once`, { timeout: 90_000 }, async () => {
      await withServer(kind, async (server, core) => {
        const emu = server.emulator!
        const contacts = phoneBook(1500)
        // Slow answers, so the outage begins while the second request is on its way.
        emu.script('contacts.ImportContacts', { delayMs: 300, times: Infinity })
        await core.call('import.start', { contacts })
        await until(() => emu.callsOf('contacts.ImportContacts').some((call) => call.outcome.kind === 'result'), 20_000, 'the first answer')
        await server.down()
        await sleep(seconds * 1000)
        await server.up()
        const upAt = Date.now()
        await until(async () => (await core.call('import.status')).job?.state === 'done', 60_000, 'the import to finish')
        const job = (await core.call('import.status')).job!
        expect(job).toMatchObject({ total: 1500, done: 1500, failed: 0 })
        // Nobody pressed Resume: the job went on once the connection was back.
        expect(Date.now() - upAt).toBeLessThan(20_000)
        const saved = emu.world.account(emu.world.accountId).saved
        for (const contact of contacts) expect(saved.has(contact.phone.slice(1)), contact.phone).toBe(true)
        expect(core.seen('connection.changed').at(-1)?.state).toBe('connected')
      })
    })
  }

  it('a call made while offline fails at once with NETWORK, and the list catches up by itself once back', { timeout: 30_000 }, async () => {
    await withServer('kill', async (server, core) => {
      const emu = server.emulator!
      await server.down()
      await core.waitFor('connection.changed', (p) => p.state === 'offline')
      const started = Date.now()
      const failure = await core.fail('contacts.searchGlobal', { query: 'alice' })
      expect(failure.code).toBe('NETWORK')
      expect(Date.now() - started).toBeLessThan(2000)
      // Someone is added on another device while this one is offline.
      const stranger = emu.world.strangers(1)[0]!.user
      emu.world.addContact(emu.world.accountId, stranger.id, { firstName: 'Met', lastName: 'Offline', phone: stranger.phone, date: Math.floor(Date.now() / 1000) })
      const reloads = core.seen('contacts.reloaded').length
      await server.up()
      await until(() => core.seen('contacts.reloaded').length > reloads, 10_000, 'the list to reload by itself')
      expect((await core.call('contacts.list')).contacts.some((c) => c.id === String(stranger.id))).toBe(true)
    })
  })

  it('"the network is back" from the OS reconnects at once instead of waiting out the backoff', { timeout: 30_000 }, async () => {
    // A schedule so slow that only connection.retry can bring the connection back within the test.
    const timing = { reconnectDelaysMs: [1000, 120_000], reachIntervalMs: 120_000 }
    await withServer(
      'kill',
      async (server, core) => {
        await server.down()
        await core.waitFor('connection.changed', (p) => p.state === 'offline' && p.retryAt !== null && p.retryAt - Date.now() > 60_000, 10_000)
        await server.up()
        await sleep(1500)
        expect((await core.call('connection.status')).state).toBe('offline')
        const asked = Date.now()
        await core.call('connection.retry')
        await until(async () => (await core.call('connection.status')).state === 'connected', 5000, 'the connection')
        expect(Date.now() - asked).toBeLessThan(3000)
        await core.call('contacts.refresh')
      },
      { coreOptions: { connectionTiming: timing } },
    )
  })
})
