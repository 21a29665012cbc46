import { describe, expect, it } from 'vitest'
import type { ImportContact, ImportJob } from '../../../electron/core/contract'
import { secretAccounts } from '../../../electron/core/secrets/secret-store'
import { writeAccountFile } from '../../../electron/core/telegram/account-file'
import type { CallRecord, Emulator } from '../../emulator'
import { outageServer } from '../connection/outage-server'
import { openCore, removeDir, type TestCore } from '../core/helpers'
import { until } from './emulator-context'

/**
 * The import job's side of an outage (the connection supervisor's side is test/integration/connection): while
 * Telegram is away the job says it waits for the connection (what the progress page shows), sends and checks
 * nothing, gives up nothing, and goes on by itself once the connection is back; nothing is lost, and only numbers
 * whose fate the outage made unknown go twice.
 */
const digits = (phone: string): string => phone.replace(/\D/g, '')
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const phonesOf = (call: CallRecord): string[] => (call.params.contacts as { phone: string }[]).map((c) => digits(c.phone))

/** Strangers on Telegram (the check after the outage can see them) mixed with numbers nobody has. */
function phoneBook(emu: Emulator, unregistered: number): { contacts: ImportContact[]; knowable: Set<string> } {
  const world = emu.world
  const me = world.accountId
  const strangers = world.users.filter((u) => u.id !== me && !world.isContact(u.id, me) && u.findableByPhone && !u.deleted)
  const contacts: ImportContact[] = []
  for (let i = 0; contacts.length < unregistered; i++) {
    const phone = `4479${String(i).padStart(8, '0')}`
    if (!world.userByPhone(phone)) contacts.push({ firstName: `Nobody ${i}`, lastName: 'Outage', phone: `+${phone}` })
    const stranger = strangers[i]
    if (stranger) contacts.push({ firstName: stranger.firstName || 'X', lastName: stranger.lastName, phone: `+${digits(stranger.phone)}` })
  }
  return { contacts, knowable: new Set(strangers.slice(0, contacts.length).map((u) => digits(u.phone))) }
}

const status = async (core: TestCore): Promise<ImportJob> => (await core.call('import.status')).job!

/** Every number is saved on Telegram; how often each was sent. */
function sendsPerNumber(emu: Emulator, contacts: readonly ImportContact[]): Map<string, number> {
  const saved = emu.world.account(emu.world.accountId).saved
  for (const c of contacts) expect(saved.has(digits(c.phone)), c.phone).toBe(true)
  const sends = new Map<string, number>()
  for (const phone of emu.callsOf('contacts.ImportContacts').flatMap(phonesOf)) sends.set(phone, (sends.get(phone) ?? 0) + 1)
  expect(sends.size).toBe(contacts.length)
  return sends
}

describe.concurrent('import job across a Telegram outage', () => {
  // kill: connections close and new ones are refused; pause: the server goes silent (noticed within 10 s).
  for (const kind of ['kill', 'pause'] as const) {
    it(`${kind}: says it waits for the connection while the server is gone, goes on by itself once back; only the cut-off request's unknown numbers go again`, { timeout: 90_000 }, async () => {
      const server = await outageServer(kind, { seed: 31, users: 600, contacts: 10 })
      const emu = server.emulator!
      const core = await openCore(server, { session: server.session })
      try {
        await core.call('contacts.refresh')
        const { contacts, knowable } = phoneBook(emu, 1000)
        // Slow answers, so the server goes while the second request is on its way.
        emu.script('contacts.ImportContacts', { delayMs: 400, times: Infinity })
        await core.call('import.start', { contacts })
        await until(() => emu.callsOf('contacts.ImportContacts').length >= 2, 20_000, 'the second request')
        const cutOff = emu.callsOf('contacts.ImportContacts')[1]!
        await server.down()

        await until(async () => (await status(core)).waitReason === 'offline', 20_000, 'the job to say it waits for the connection')
        const waiting = await status(core)
        expect(waiting).toMatchObject({ state: 'waiting', waitReason: 'offline', waitUntil: null, ratePerMinute: null, estimatedEndAt: null, failed: 0 })
        // However long it lasts, an outage is not Telegram refusing: the job neither gives up nor backs off.
        await sleep(6000)
        expect(await status(core)).toMatchObject({ state: 'waiting', waitReason: 'offline', failed: 0, done: waiting.done })

        const calls = emu.calls.length
        await server.up()
        await until(async () => (await status(core)).state === 'done', 30_000, 'the import to finish')
        expect(await status(core)).toMatchObject({ total: contacts.length, done: contacts.length, failed: 0, cancelled: 0 })
        // After the outage the contact list is read before anything is sent again.
        const after = emu.calls.filter((c) => c.seq > calls)
        const firstImport = after.findIndex((c) => c.method === 'contacts.ImportContacts')
        expect(after.slice(0, firstImport).some((c) => c.method === 'contacts.GetContacts')).toBe(true)

        const sends = sendsPerNumber(emu, contacts)
        const cut = new Set(phonesOf(cutOff))
        const resent = [...sends].filter(([, n]) => n > 1)
        for (const [phone, n] of resent) {
          expect(n, phone).toBe(2)
          expect(cut.has(phone), `${phone} was not in the request the outage cut off`).toBe(true)
          expect(knowable.has(phone), `${phone} is on Telegram: the check shows it`).toBe(false)
        }
        const states = core.seen('import.progress').map((p) => (p.waitReason === 'offline' ? 'offline' : p.state))
        expect(states).not.toContain('failed')
        expect(states.slice(states.indexOf('offline'))).toContain('running')
        console.log(`import across a ${kind}: ${resent.length} of ${cut.size} numbers of the cut-off request sent again (${[...cut].filter((p) => knowable.has(p)).length} of them on Telegram, found by the check)`)
      } finally {
        await core.dispose()
        await removeDir(core.dataDir)
        await server.close()
      }
    })
  }

  it('a job resumed at start-up while Telegram is unreachable says it waits for the connection, and finishes once it is back', { timeout: 60_000 }, async () => {
    const server = await outageServer('kill', { seed: 32, users: 80, contacts: 10 })
    const emu = server.emulator!
    const first = await openCore(server, { session: server.session })
    let firstOpen = true
    let second: TestCore | null = null
    try {
      await first.call('contacts.refresh')
      const { contacts } = phoneBook(emu, 600)
      // The first request meets a flood wait: the app is closed during it, with nothing in flight.
      emu.script('contacts.ImportContacts', { error: 'FLOOD_WAIT_1' })
      await first.call('import.start', { contacts })
      await until(async () => (await status(first)).waitReason === 'floodWait', 10_000, 'the flood wait')
      await first.dispose()
      firstOpen = false
      // What a sign-in leaves behind: the session in the keychain, the user in the account file.
      await first.secrets.set(secretAccounts.session, server.session)
      await writeAccountFile(first.dataDir, { apiId: 424242, self: { id: String(emu.account.id), firstName: '', lastName: '', username: null, phone: null } })
      await server.down()

      second = await openCore(server, { secrets: first.secrets, dataDir: first.dataDir })
      const core = second
      await until(async () => (await status(core)).waitReason === 'offline', 15_000, 'the resumed job to say it waits for the connection')
      expect(await status(core)).toMatchObject({ state: 'waiting', waitReason: 'offline', ratePerMinute: null, estimatedEndAt: null, done: 0, failed: 0 })

      await server.up()
      await until(async () => (await status(core)).state === 'done', 30_000, 'the import to finish')
      expect(await status(core)).toMatchObject({ total: contacts.length, done: contacts.length, failed: 0 })
      // Nothing was in flight at the close: every number went exactly once (the flood-waited request was refused whole).
      const sends = sendsPerNumber(emu, contacts)
      const refused = new Set(phonesOf(emu.callsOf('contacts.ImportContacts')[0]!))
      for (const [phone, n] of sends) expect(n, phone).toBe(refused.has(phone) ? 2 : 1)
    } finally {
      if (firstOpen) await first.dispose()
      await second?.dispose()
      await removeDir(first.dataDir)
      await server.close()
    }
  })
})
