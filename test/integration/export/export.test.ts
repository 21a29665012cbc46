import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createExportHandlers } from '../../../electron/core/exporter/handlers'
import type { ExportPerson } from '../../../electron/core/exporter/model'
import { isoLocalDate } from '../../../electron/core/exporter/writers/json'
import { readVCardText } from '../../../electron/core/importer'
import { startEmulator, type Emulator } from '../../emulator'
import { emulatorContext, until } from '../import/emulator-context'

let emulator: Emulator
let out: string

beforeAll(async () => {
  emulator = await startEmulator({ seed: 21, users: 120, contacts: 40, savedUnregistered: 15 })
})
afterAll(async () => {
  await emulator.close()
})
afterEach(async () => {
  emulator.clearScripts()
  emulator.world.takeoutDelaySeconds = 0
  await rm(out, { recursive: true, force: true })
})

const digits = (p: string) => p.replace(/\D/g, '')

type Expected = ExportPerson

/** What the export must contain, built from the emulator's world (not from the app's merge code). */
function expectedPeople(): Expected[] {
  const world = emulator.world
  const me = world.accountId
  const contacts = [...world.contactsOf(me)].map(([id, entry]) => {
    const user = world.requireUser(id)
    return { id: String(id), entry, phone: digits(world.phoneSeenBy(user, me) ?? ''), username: user.username ?? null }
  })
  const out: Expected[] = []
  const matched = new Set<string>()
  for (const s of world.account(me).saved.values()) {
    const contact = contacts.find((c) => c.phone !== '' && c.phone === digits(s.phone))
    if (contact) matched.add(contact.id)
    out.push({ firstName: s.firstName, lastName: s.lastName, phone: digits(s.phone), date: s.date, userId: contact?.id ?? null, username: contact?.username ?? null })
  }
  for (const c of contacts) {
    if (matched.has(c.id)) continue
    out.push({ firstName: c.entry.firstName, lastName: c.entry.lastName, phone: c.phone, date: null, userId: c.id, username: c.username })
  }
  return out
}

async function setup() {
  out = await mkdtemp(join(tmpdir(), 'tgc-export-out-'))
  const env = await emulatorContext(emulator)
  const handlers = createExportHandlers(env.ctx)
  return { env, handlers, done: async () => (await handlers.dispose(), await env.dispose()) }
}

describe('takeout export against the emulator', () => {
  it('writes result.json, contacts.csv and contacts.vcf with every saved contact and contact, field by field', async () => {
    const { env, handlers, done } = await setup()
    try {
      emulator.clearCalls()
      const result = await handlers['export.run']({ formats: ['json', 'csv', 'vcf'], includeNotOnTelegram: true, directory: out })
      const expected = expectedPeople()
      expect(expected.filter((p) => p.userId === null).length).toBeGreaterThanOrEqual(15)
      expect(result.count).toBe(expected.length)
      expect(result.files).toEqual([
        { format: 'json', path: join(out, 'result.json') },
        { format: 'csv', path: join(out, 'contacts.csv') },
        { format: 'vcf', path: join(out, 'contacts.vcf') },
      ])
      expect((await readdir(out)).sort()).toEqual(['contacts.csv', 'contacts.vcf', 'result.json'])

      // json: tdesktop's shape and order, every key checked.
      const json = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'))
      expect(Object.keys(json)).toEqual(['about', 'contacts'])
      expect(Object.keys(json.contacts)).toEqual(['about', 'list'])
      const list = json.contacts.list as Record<string, unknown>[]
      expect(list).toHaveLength(expected.length)
      const keys = list.map((item) => `${item.first_name} ${item.last_name}`.toLowerCase())
      expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
      for (const p of expected) {
        const item = list.find((i) => (p.userId ? i.user_id === Number(p.userId) : digits(String(i.phone_number)) === p.phone && i.user_id === undefined))
        expect(item, `${p.firstName} ${p.lastName}`).toBeDefined()
        const want: Record<string, unknown> = {}
        if (p.userId) want.user_id = Number(p.userId)
        Object.assign(want, { first_name: p.firstName, last_name: p.lastName })
        want.phone_number = item!.phone_number
        if (p.date !== null) Object.assign(want, { date: isoLocalDate(p.date), date_unixtime: String(p.date) })
        expect(item).toEqual(want)
        expect(Object.keys(item!)).toEqual(Object.keys(want))
        expect(digits(String(item!.phone_number))).toBe(p.phone)
      }

      // csv: Google's columns.
      const csv = Papa.parse<Record<string, string>>((await readFile(join(out, 'contacts.csv'), 'utf8')).trim(), { header: true })
      expect(csv.errors).toEqual([])
      expect(csv.data).toHaveLength(expected.length)
      for (const p of expected) {
        const row = csv.data.find((r) => r['First Name'] === p.firstName && r['Last Name'] === p.lastName && digits(r['Phone 1 - Value'] ?? '') === p.phone)
        expect(row, `${p.firstName} ${p.lastName}`).toBeDefined()
        expect(row!['Phone 1 - Value']).toBe(p.phone ? `+${p.phone}` : '')
        expect(row!['Website 1 - Value']).toBe(p.username ? `https://t.me/${p.username}` : '')
        expect(row!.Labels).toBe('* myContacts')
      }

      // vcf: read back by our own reader; usernames as URL and X-TELEGRAM-USERNAME.
      const vcfText = await readFile(join(out, 'contacts.vcf'), 'utf8')
      const cards = readVCardText(vcfText)
      expect(cards.problems).toEqual([])
      expect(cards.contacts).toHaveLength(expected.length)
      for (const p of expected) {
        const card = cards.contacts.find((c) => c.firstName === p.firstName && c.lastName === p.lastName && (c.phones[0] ? digits(c.phones[0].value) : '') === p.phone)
        expect(card, `${p.firstName} ${p.lastName}`).toBeDefined()
        if (p.username) expect(vcfText).toContain(`URL:https://t.me/${p.username}\r\nX-TELEGRAM-USERNAME:${p.username}\r\n`)
      }
      for (const line of vcfText.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75)

      // The takeout as Telegram Desktop runs it: init unwrapped with the contacts flag, the rest wrapped, finished with success.
      const takeout = emulator.calls.filter((c) => /Takeout|GetSaved|GetContacts/.test(c.method) && (c.takeoutId !== undefined || c.method.includes('Takeout')))
      expect(takeout.map((c) => c.chain.replace(/^InvokeWithLayer>(InitConnection>)?/, ''))).toEqual([
        'account.InitTakeoutSession',
        'InvokeWithTakeout>contacts.GetSaved',
        'InvokeWithTakeout>contacts.GetContacts',
        'InvokeWithTakeout>account.FinishTakeoutSession',
      ])
      expect(takeout[0]!.params).toMatchObject({ contacts: true })
      const ids = new Set(takeout.slice(1).map((c) => c.takeoutId))
      expect(ids.size).toBe(1)
      expect(takeout[3]!.params).toMatchObject({ success: true })
      expect(takeout[3]!.outcome).toMatchObject({ kind: 'result' })

      expect(env.seen('export.finished')).toEqual([result])
      expect(env.seen('export.progress').map((p) => p.phase)).toEqual(expect.arrayContaining(['takeout', 'saved', 'contacts', 'writing', 'done']))
      expect((await handlers['export.status']({})).lastResult).toEqual(result)
    } finally {
      await done()
    }
  })

  it('includeNotOnTelegram: false leaves out saved contacts without an account', async () => {
    const { handlers, done } = await setup()
    try {
      const result = await handlers['export.run']({ formats: ['json'], includeNotOnTelegram: false, directory: out })
      const list = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')).contacts.list as { user_id?: number }[]
      expect(result.count).toBe(expectedPeople().filter((p) => p.userId !== null).length)
      expect(list.every((i) => typeof i.user_id === 'number')).toBe(true)
    } finally {
      await done()
    }
  })

  it.each([
    ['TAKEOUT_INVALID', 'TAKEOUT_INVALID'],
    ['CONTACTS_BROKEN', 'TELEGRAM'],
  ])('finishes the takeout without success after %s, and writes nothing', async (error, code) => {
    const { handlers, done } = await setup()
    try {
      emulator.clearCalls()
      emulator.script('contacts.GetSaved', { error, code: 400 })
      await expect(handlers['export.run']({ formats: ['json', 'csv'], includeNotOnTelegram: true, directory: out })).rejects.toMatchObject({ code })
      const finish = emulator.callsOf('account.FinishTakeoutSession')
      expect(finish).toHaveLength(1)
      expect(finish[0]!.wrappers).toContain('InvokeWithTakeout')
      expect(finish[0]!.params.success).toBeFalsy()
      expect(finish[0]!.takeoutId).toBe(emulator.callsOf('contacts.GetSaved')[0]!.takeoutId)
      expect(await readdir(out)).toEqual([])
    } finally {
      await done()
    }
  })

  it('export.cancel stops the export, finishes the takeout without success, and writes nothing', async () => {
    const { handlers, done } = await setup()
    try {
      emulator.clearCalls()
      emulator.script('contacts.GetSaved', { delayMs: 800 })
      const run = handlers['export.run']({ formats: ['vcf'], includeNotOnTelegram: true, directory: out })
      await until(() => emulator.callsOf('contacts.GetSaved').length === 1, 10_000, 'getSaved')
      await handlers['export.cancel']({})
      await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
      const finish = emulator.callsOf('account.FinishTakeoutSession')
      expect(finish).toHaveLength(1)
      expect(finish[0]!.params.success).toBeFalsy()
      expect(await readdir(out)).toEqual([])
      expect((await handlers['export.status']({})).running).toBe(false)
    } finally {
      await done()
    }
  })

  it('TAKEOUT_INIT_DELAY: reports when the export may run, remembers it across a restart, and announces it then', async () => {
    out = await mkdtemp(join(tmpdir(), 'tgc-export-out-'))
    const first = await emulatorContext(emulator)
    const dataDir = first.dataDir
    let handlers = createExportHandlers(first.ctx)
    emulator.world.account(emulator.world.accountId).takeout.requestedAt = undefined
    emulator.world.takeoutDelaySeconds = 2
    emulator.clearCalls()
    const before = Date.now()
    const error = await handlers['export.run']({ formats: ['json'], includeNotOnTelegram: true, directory: out }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'TAKEOUT_DELAY' })
    const availableAt = (error as { envelope: { availableAt: number } }).envelope.availableAt
    expect(availableAt).toBeGreaterThanOrEqual(before + 1000)
    expect(availableAt).toBeLessThanOrEqual(Date.now() + 2000)
    expect((await handlers['export.status']({})).availableAt).toBe(availableAt)
    expect(emulator.callsOf('account.FinishTakeoutSession')).toHaveLength(0)
    expect(await readdir(out)).toEqual([])
    // Quit and start again: the remembered time re-arms the timer.
    await handlers.dispose()
    await first.dispose(false)
    const second = await emulatorContext(emulator, { dataDir })
    handlers = createExportHandlers(second.ctx)
    try {
      expect((await handlers['export.status']({})).availableAt).toBe(availableAt)
      await until(() => second.seen('export.available').length > 0, 10_000, 'export.available')
      expect(second.seen('export.available')).toEqual([{ availableAt }])
      expect(Date.now()).toBeGreaterThanOrEqual(availableAt)
      expect(second.platform.log.notifications).toEqual([expect.objectContaining({ title: 'Data export ready' })])
      const result = await handlers['export.run']({ formats: ['json'], includeNotOnTelegram: true, directory: out })
      expect(result.count).toBeGreaterThan(0)
      expect((await handlers['export.status']({})).availableAt).toBeNull()
    } finally {
      await handlers.dispose()
      await second.dispose()
    }
  })

  it('replaces files already in the folder only when asked (EXISTS names them, before any takeout), and remembers the options across a restart', async () => {
    out = await mkdtemp(join(tmpdir(), 'tgc-export-out-'))
    const first = await emulatorContext(emulator)
    let handlers = createExportHandlers(first.ctx)
    try {
      expect((await handlers['export.status']({})).options).toBeNull()
      await writeFile(join(out, 'result.json'), 'an earlier export')
      await writeFile(join(out, 'contacts.vcf'), 'BEGIN:VCARD')
      emulator.clearCalls()
      const asked = await handlers['export.run']({ formats: ['json', 'csv', 'vcf'], includeNotOnTelegram: false, directory: out }).catch((e: unknown) => e)
      expect(asked).toMatchObject({ envelope: { code: 'EXISTS', files: ['result.json', 'contacts.vcf'], message: `result.json and contacts.vcf are already in ${out}.` } })
      expect(emulator.callsOf('account.InitTakeoutSession')).toHaveLength(0)
      expect(await readFile(join(out, 'result.json'), 'utf8')).toBe('an earlier export')
      expect((await readdir(out)).sort()).toEqual(['contacts.vcf', 'result.json'])
      const result = await handlers['export.run']({ formats: ['json', 'csv', 'vcf'], includeNotOnTelegram: false, directory: out, overwrite: true })
      expect(result.count).toBeGreaterThan(0)
      expect(JSON.parse(await readFile(join(out, 'result.json'), 'utf8')).contacts.list).toHaveLength(result.count)
    } finally {
      await handlers.dispose()
      await first.dispose(false)
    }
    const second = await emulatorContext(emulator, { dataDir: first.dataDir })
    handlers = createExportHandlers(second.ctx)
    try {
      expect((await handlers['export.status']({})).options).toEqual({ formats: ['json', 'csv', 'vcf'], includeNotOnTelegram: false, directory: out, download: false })
    } finally {
      await handlers.dispose()
      await second.dispose()
    }
  })

  it('for download writes into the data folder where the bridge serves it, keeping only the latest export', async () => {
    const { env, handlers, done } = await setup()
    try {
      const first = await handlers['export.run']({ formats: ['json', 'csv'], includeNotOnTelegram: true, download: true })
      expect(first.files.map((f) => f.url)).toEqual([expect.stringMatching(/^\/downloads\/[0-9a-f]{16}\/result\.json$/), expect.stringMatching(/^\/downloads\/[0-9a-f]{16}\/contacts\.csv$/)])
      for (const file of first.files) expect(file.path).toBe(join(env.dataDir, file.url!.slice(1)))
      expect(JSON.parse(await readFile(first.files[0]!.path, 'utf8')).contacts.list).toHaveLength(first.count)
      const second = await handlers['export.run']({ formats: ['vcf'], includeNotOnTelegram: true, download: true })
      expect(await readdir(join(env.dataDir, 'downloads'))).toEqual([second.files[0]!.url!.split('/')[2]])
      expect((await handlers['export.status']({})).options).toMatchObject({ formats: ['vcf'], download: true })
    } finally {
      await done()
    }
  })

  it('refuses an unwritable folder before starting a takeout', async () => {
    const { handlers, done } = await setup()
    try {
      emulator.clearCalls()
      // A folder under a file cannot exist (root may write anywhere else).
      await writeFile(join(out, 'file'), 'x')
      const folder = join(out, 'file', 'sub')
      const error = (await handlers['export.run']({ formats: ['json'], includeNotOnTelegram: true, directory: folder }).catch((e: unknown) => e)) as { envelope: { code: string; message: string } }
      expect(error.envelope.code).toBe('FILE')
      // Issue 11 item 8: the folder and the reason, in words a person can act on.
      expect(error.envelope.message).toBe(`Can't save to ${folder}: part of that path is a file, not a folder. Choose a folder.`)
      // A file where the folder should be.
      const taken = await handlers['export.run']({ formats: ['json'], includeNotOnTelegram: true, directory: join(out, 'file') }).catch((e: unknown) => e)
      expect(taken).toMatchObject({ envelope: { code: 'FILE', message: `Can't save to ${join(out, 'file')}: a file of that name stands where the folder should be. Choose a folder.` } })
      expect(emulator.callsOf('account.InitTakeoutSession')).toHaveLength(0)
    } finally {
      await done()
    }
  })
})
