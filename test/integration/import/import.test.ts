import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createImportHandlers } from '../../../electron/core/importer/handlers'
import { startEmulator, type Emulator } from '../../emulator'
import { emulatorContext, until } from './emulator-context'

const PER_CALL = 450
const TOTAL = 10_000

let emulator: Emulator

beforeAll(async () => {
  // Telegram's limit as the emulator models it: rows past PER_CALL in one request come back in retry_contacts.
  emulator = await startEmulator({ seed: 11, users: 1500, contacts: 10, importLimits: { perCall: PER_CALL } })
})
afterAll(async () => {
  await emulator.close()
})

const digits = (p: string) => p.replace(/\D/g, '')

function tenThousandContacts(): { firstName: string; lastName: string; phone: string }[] {
  const world = emulator.world
  const registered = world.users.filter((u) => u.id !== world.accountId).map((u) => ({ firstName: u.firstName || 'X', lastName: u.lastName, phone: `+${digits(u.phone)}` }))
  const taken = new Set(registered.map((c) => digits(c.phone)))
  const out = [...registered]
  for (let i = 0; out.length < TOTAL; i++) {
    const phone = `4479${String(i).padStart(8, '0')}`
    if (taken.has(phone) || world.userByPhone(phone)) continue
    out.push({ firstName: `Nobody ${i}`, lastName: '', phone: `+${phone}` })
  }
  return out
}

describe('import job against the emulator', () => {
  it('imports 10,000 contacts through flood waits and retry_contacts: every number answered exactly once, none lost', { timeout: 150_000 }, async () => {
    const env = await emulatorContext(emulator)
    const handlers = createImportHandlers(env.ctx, { policy: { retryDelayMs: (attempt) => 300 * attempt } })
    try {
      const contacts = tenThousandContacts()
      emulator.clearCalls()
      emulator.script('contacts.ImportContacts', { error: 'FLOOD_WAIT_1', times: 1 })
      const t0 = performance.now()
      const started = await handlers['import.start']({ contacts })
      expect(started).toMatchObject({ total: TOTAL, state: 'running' })
      // The third request also hits a flood wait, in the middle of the job.
      await until(() => emulator.callsOf('contacts.ImportContacts').length >= 2, 20_000, 'two import requests')
      emulator.script('contacts.ImportContacts', { error: 'FLOOD_WAIT_1', times: 1 })
      await until(async () => (await handlers['import.status']({})).job?.state === 'done', 120_000, 'the job to finish')

      const job = (await handlers['import.status']({})).job!
      const seconds = (performance.now() - t0) / 1000
      expect(job).toMatchObject({ total: TOTAL, done: TOTAL, failed: 0, retrying: 0 })

      // The call log, read with the emulator's rule: the first PER_CALL rows of an answered request are
      // processed, the rest come back as retry_contacts. Every phone is processed exactly once, and never
      // sent again after that.
      const calls = emulator.callsOf('contacts.ImportContacts')
      const processedIn = new Map<string, number>()
      for (const call of calls) {
        const rows = (call.params.contacts as { phone: string; clientId: string }[]).map((c) => digits(c.phone))
        expect(rows.length).toBeLessThanOrEqual(500)
        for (const [index, phone] of rows.entries()) {
          expect(processedIn.has(phone), `${phone} sent again after Telegram processed it`).toBe(false)
          if (call.outcome.kind === 'result' && index < PER_CALL) processedIn.set(phone, call.seq)
        }
      }
      expect(processedIn.size).toBe(TOTAL)
      const floodFailures = calls.filter((c) => c.outcome.kind === 'error' && c.outcome.message === 'FLOOD_WAIT_1')
      expect(floodFailures).toHaveLength(2)
      expect(calls.length).toBeGreaterThan(TOTAL / 500 + 2)
      // Figures for the report (not assertions).
      console.log(`import 10k: ${calls.length} requests (${floodFailures.length} flood waits, ${calls.length - floodFailures.length - TOTAL / 500} for retry_contacts) in ${seconds.toFixed(1)} s`)

      // Telegram's side: every number is a saved contact once, and every registered, findable user became a contact.
      const world = emulator.world
      const saved = world.account(world.accountId).saved
      for (const c of contacts) expect(saved.has(digits(c.phone))).toBe(true)
      const { report, csv } = await handlers['import.report']({})
      const onTelegram = new Set(report!.onTelegram.map((r) => r.userId))
      expect(onTelegram.size).toBe(report!.onTelegram.length)
      expect(report!.onTelegram.length + report!.notOnTelegram.length).toBe(TOTAL)
      const contactsNow = world.contactsOf(world.accountId)
      for (const id of onTelegram) expect(contactsNow.has(Number(id))).toBe(true)
      expect(onTelegram.size).toBeGreaterThan(1000)
      expect(csv!.split('\r\n')).toHaveLength(TOTAL + 1)

      // The wait was visible: a countdown for the flood wait, then it carried on.
      const progress = env.seen('import.progress')
      expect(progress.some((p) => p.state === 'waiting' && p.waitReason === 'floodWait' && p.waitUntil !== null)).toBe(true)
      expect(progress.some((p) => p.ratePerMinute !== null && p.ratePerMinute > 0)).toBe(true)
      expect(env.platform.log.notifications.at(-1)?.title).toBe('Import finished')
      // Figures with thousands separators, as the window shows them.
      const [onFigure, offFigure] = [report!.onTelegram.length, report!.notOnTelegram.length].map((n) => (n < 1000 ? String(n) : `${Math.floor(n / 1000)},${String(n % 1000).padStart(3, '0')}`))
      expect(env.platform.log.notifications.at(-1)?.body).toBe(`${onFigure} on Telegram, ${offFigure} not on Telegram.`)
    } finally {
      await handlers.dispose()
      await env.dispose()
    }
  })
})
