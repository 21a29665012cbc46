import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCleanupHandlers } from '../../../electron/core/contacts/cleanup-handlers'
import { createExportHandlers } from '../../../electron/core/exporter/handlers'
import { startEmulator, type Emulator } from '../../emulator'
import { turnsDuring } from '../../unit/support/loop-turns'
import { emulatorContext } from '../import/emulator-context'

let emulator: Emulator
let out: string

beforeAll(async () => {
  emulator = await startEmulator({ seed: 31, users: 100, contacts: 30, savedUnregistered: 10 })
  out = await mkdtemp(join(tmpdir(), 'tgc-cleanup-'))
})
afterAll(async () => {
  await emulator.close()
  await rm(out, { recursive: true, force: true })
})

const digits = (p: string) => p.replace(/\D/g, '')
/** A number the way a person might paste it: national-looking spacing and dashes. */
const messy = (e164: string) => parsePhoneNumberFromString(e164)!.formatInternational().replace(/ /g, (_, i: number) => (i % 2 ? '-' : ' '))

async function savedPhonesViaTakeout(handlers: ExportHandlers): Promise<Set<string>> {
  await handlers['export.run']({ formats: ['json'], includeNotOnTelegram: true, directory: out, overwrite: true })
  const list = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')).contacts.list as { phone_number?: string; date?: string }[]
  // Entries with a date come from contacts.getSaved.
  return new Set(list.filter((i) => i.date !== undefined).map((i) => digits(i.phone_number ?? '')))
}

type ExportHandlers = ReturnType<typeof createExportHandlers>

/**
 * Clean-up handlers over a fresh context signed in to the emulator; `exporter()` adds export handlers on the same
 * context. Both and the context are disposed when `body` ends.
 */
async function withHandlers(
  body: (handlers: { cleanup: ReturnType<typeof createCleanupHandlers>; exporter: () => ExportHandlers }) => Promise<void>,
): Promise<void> {
  const env = await emulatorContext(emulator)
  let exporter: ExportHandlers | undefined
  try {
    await body({ cleanup: createCleanupHandlers(env.ctx), exporter: () => (exporter ??= createExportHandlers(env.ctx)) })
  } finally {
    await exporter?.dispose()
    await env.dispose()
  }
}

describe('clean-up against the emulator', () => {
  it('previews and deletes by phone numbers in batches, with the effect on getSaved and the contact list', async () => {
    await withHandlers(async (handlers) => {
      const { cleanup } = handlers
      const exporter = handlers.exporter()
      const world = emulator.world
      const me = world.accountId
      const saved = [...world.account(me).saved.values()]
      const savedOnly = saved.find((s) => !world.userByPhone(s.phone))!
      const [contactId, contactEntry] = [...world.contactsOf(me)].find(([, e]) => e.phone !== undefined)!
      const contactPhone = `+${contactEntry.phone!}`

      expect((await cleanup['cleanup.savedCount']({})).savedCount).toBe(saved.length)

      const text = [messy(contactPhone), `+${savedOnly.phone}`, '+44 7911 123456', 'not a number', contactPhone].join('\n')
      const before = await cleanup['cleanup.previewDeleteByPhones']({ text })
      expect(before.rows.map((r) => r.match)).toEqual(['contact', 'none', 'none', 'invalid', 'duplicate'])
      // Any separators: commas, semicolons, tabs, or just a space before the next international number.
      const mixed = await cleanup['cleanup.previewDeleteByPhones']({ text: `+44 7911 123456 +44 7911 123457;+44 7911 123458\t+44 7911 123459, 12` })
      expect(mixed.rows.map((r) => [r.e164, r.match])).toEqual([
        ['+447911123456', 'none'],
        ['+447911123457', 'none'],
        ['+447911123458', 'none'],
        ['+447911123459', 'none'],
        [null, 'invalid'],
      ])
      // Empty lines, separators at either end, a no-break space before a '+', brackets and dashes inside a number.
      const edges = await cleanup['cleanup.previewDeleteByPhones']({ text: `\n\n,+44 7911 123456\u00a0+44 (7911) 123-457 ;\r\n\n |+44 7911 123458\n\n` })
      expect(edges.rows.map((r) => [r.input, r.e164])).toEqual([
        ['+44 7911 123456', '+447911123456'],
        ['+44 (7911) 123-457', '+447911123457'],
        ['+44 7911 123458', '+447911123458'],
      ])
      expect(before.rows[0]).toMatchObject({ e164: contactPhone, name: [contactEntry.firstName, contactEntry.lastName].filter(Boolean).join(' ') })

      // After an export the app knows the saved phone book, so the saved-only number is recognised.
      expect(await savedPhonesViaTakeout(exporter)).toContain(savedOnly.phone)
      const after = await cleanup['cleanup.previewDeleteByPhones']({ text })
      expect(after.rows[1]).toMatchObject({ match: 'saved', name: [savedOnly.firstName, savedOnly.lastName].filter(Boolean).join(' ') })

      // 1,100 numbers go in three requests of at most 500.
      const filler = Array.from({ length: 1098 }, (_, i) => `+4479${String(i).padStart(8, '0')}`)
      emulator.clearCalls()
      const result = await cleanup['cleanup.deleteByPhones']({ phones: [contactPhone, `+${savedOnly.phone}`, ...filler] })
      expect(result).toEqual({ sent: 1100, requests: 3 })
      const calls = emulator.callsOf('contacts.DeleteByPhones')
      expect(calls.map((c) => (c.params.phones as string[]).length)).toEqual([500, 500, 100])

      expect(world.contactsOf(me).has(contactId)).toBe(false)
      const savedNow = await savedPhonesViaTakeout(exporter)
      expect(savedNow).not.toContain(savedOnly.phone)
      expect(savedNow).not.toContain(contactEntry.phone)
      expect(savedNow.size).toBe(world.account(me).saved.size)
      // The app forgot the deleted number too.
      expect((await cleanup['cleanup.previewDeleteByPhones']({ text: `+${savedOnly.phone}` })).rows[0]!.match).toBe('none')
    })
  })

  it('previews a pasted list of 60,000 numbers in slices, giving the event loop turns (issue 12.6: it held it for seconds)', async () => {
    await withHandlers(async ({ cleanup }) => {
      const text = Array.from({ length: 60_000 }, (_, i) => `+44 79${String(i).padStart(8, '0')}`).join('\n')
      // Warm: the account, its contact list and the saved numbers are read before the preview's own work.
      await cleanup['cleanup.previewDeleteByPhones']({ text: '+44 7900 000000' })
      const { value, turns } = await turnsDuring(cleanup['cleanup.previewDeleteByPhones']({ text }))
      expect(turns).toBeGreaterThan(3)
      expect(value.total).toBe(60_000)
      const rows = [...value.rows]
      for (let done = false; !done; ) {
        const page = await cleanup['cleanup.previewPage']({ preview: value.preview!, offset: rows.length, limit: 10_000 })
        rows.push(...page.rows)
        done = page.done
      }
      expect(rows.map((row) => row.input)).toEqual(text.split('\n'))
      expect(rows.every((row) => row.match === 'none')).toBe(true)
    })
  })

  it('sends a long preview in pages of at most 10,000 rows, in order, and forgets it after the last (issue 16: one answer of 246,722 rows held the core for ~190 ms)', async () => {
    await withHandlers(async ({ cleanup }) => {
      const numbers = Array.from({ length: 25_001 }, (_, i) => `+44 79${String(i).padStart(8, '0')}`)
      const first = await cleanup['cleanup.previewDeleteByPhones']({ text: numbers.join(',') })
      expect(first).toMatchObject({ total: 25_001, preview: expect.any(String) })
      const sizes = [first.rows.length]
      const inputs = first.rows.map((row) => row.input)
      for (;;) {
        const page = await cleanup['cleanup.previewPage']({ preview: first.preview!, offset: inputs.length, limit: 10_000 })
        sizes.push(page.rows.length)
        inputs.push(...page.rows.map((row) => row.input))
        if (page.done) break
      }
      expect(sizes).toEqual([10_000, 10_000, 5001])
      expect(inputs).toEqual(numbers)
      await expect(cleanup['cleanup.previewPage']({ preview: first.preview!, offset: 0, limit: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
      // A short list comes whole.
      expect(await cleanup['cleanup.previewDeleteByPhones']({ text: numbers.slice(0, 3).join('\n') })).toMatchObject({ total: 3, preview: null })
    })
  })

  it('resets saved contacts: says how many were removed, getSaved is empty, contacts with an account stay', async () => {
    await withHandlers(async (handlers) => {
      const { cleanup } = handlers
      const exporter = handlers.exporter()
      const world = emulator.world
      const me = world.accountId
      const count = world.account(me).saved.size
      const contactsBefore = world.contactsOf(me).size
      expect(count).toBeGreaterThan(0)
      expect(await cleanup['cleanup.resetSaved']({})).toEqual({ removed: count })
      expect((await cleanup['cleanup.savedCount']({})).savedCount).toBe(0)
      expect(await savedPhonesViaTakeout(exporter)).toEqual(new Set())
      expect(world.contactsOf(me).size).toBe(contactsBefore)
      expect(emulator.callsOf('contacts.ResetSaved')).toHaveLength(1)
    })
  })

  it('a failed batch stops the delete with a clear error; the batches before it took effect', async () => {
    await withHandlers(async ({ cleanup }) => {
      const phones = Array.from({ length: 700 }, (_, i) => `+4479${String(50_000 + i).padStart(8, '0')}`)
      const me = emulator.world.accountId
      for (const p of phones) emulator.world.account(me).saved.set(p.slice(1), { phone: p.slice(1), firstName: 'Bulk', lastName: '', date: 1 })
      emulator.clearCalls()
      // The first request goes through as usual (a zero delay), the second fails.
      emulator.script('contacts.DeleteByPhones', { delayMs: 0 })
      emulator.script('contacts.DeleteByPhones', { error: 'PHONES_BROKEN', code: 400 })
      await expect(cleanup['cleanup.deleteByPhones']({ phones })).rejects.toMatchObject({ code: 'TELEGRAM', envelope: { rpcError: 'PHONES_BROKEN' } })
      expect(emulator.callsOf('contacts.DeleteByPhones')).toHaveLength(2)
      const saved = emulator.world.account(me).saved
      expect(phones.slice(0, 500).some((p) => saved.has(p.slice(1)))).toBe(false)
      expect(phones.slice(500).every((p) => saved.has(p.slice(1)))).toBe(true)
    })
  })
})
