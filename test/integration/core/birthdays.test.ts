import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { calendarDayOf, daysUntilBirthday } from '../../../electron/core/contract'
import type { Emulator } from '../../emulator'
import { useEmulatorCores, type TestCore } from './helpers'

const cores = useEmulatorCores({ seed: 29, users: 200, contacts: 60 }, (emulator) => ({
  session: emulator.account.session,
  coreOptions: { birthdayScanPauseMs: 0 },
}))
let emulator: Emulator
beforeAll(() => {
  emulator = cores.emulator
})

/** Contacts whose birthday the account may see, as the world has it: id -> birthday. */
function visible(): Map<string, { day: number; month: number; year: number | null }> {
  const { world } = emulator
  const out = new Map<string, { day: number; month: number; year: number | null }>()
  for (const id of world.contactsOf(world.accountId).keys()) {
    const birthday = world.birthdaySeenBy(world.requireUser(id), world.accountId)
    if (birthday) out.set(String(id), { day: birthday.day, month: birthday.month, year: birthday.year ?? null })
  }
  return out
}

/** birthdays.list once the background scan has looked at every contact. */
async function scanned(core: TestCore) {
  for (let i = 0; i < 200; i++) {
    const list = await core.call('birthdays.list')
    if (list.checked === list.total) return list
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the birthday scan did not finish')
}

describe('birthdays', () => {
  it('shows the birthday in the details (userFull.birthday) when the person lets us see it', async () => {
    const core = await cores.open()
    await core.call('contacts.list')
    const [id, birthday] = [...visible()][0]!
    expect((await core.call('contacts.details', { id })).birthday).toEqual(birthday)
    const { world } = emulator
    const hidden = [...world.contactsOf(world.accountId).keys()].find((uid) => world.requireUser(uid).birthday && !world.isContact(uid, world.accountId))!
    expect((await core.call('contacts.details', { id: String(hidden) })).birthday).toBeNull()
  })

  it('asks contacts.getBirthdays first (today ± 1 day), then learns everyone from their profiles in the background', async () => {
    const core = await cores.open()
    await core.call('contacts.list')
    emulator.clearCalls()
    const first = await core.call('birthdays.list')
    expect(emulator.callsOf('contacts.GetBirthdays')).toHaveLength(1)
    const today = calendarDayOf(new Date())
    const near = [...visible()].filter(([, b]) => [0, 1, 364, 365].includes(daysUntilBirthday(b, today))).map(([id]) => id)
    expect(near.length).toBeGreaterThanOrEqual(2)
    expect(first.birthdays.map((b) => b.id)).toEqual(expect.arrayContaining(near))
    expect(first.total).toBe(60)

    const all = await scanned(core)
    expect(new Map(all.birthdays.map((b) => [b.id, b.birthday]))).toEqual(visible())
    expect(all.checked).toBe(60)
    // Six hours have not passed: no second getBirthdays; the scan is not repeated within the week either.
    expect(emulator.callsOf('contacts.GetBirthdays')).toHaveLength(1)
    const calls = emulator.callsOf('users.GetFullUser').length
    await core.call('birthdays.list')
    expect(emulator.callsOf('users.GetFullUser').length).toBe(calls)
  })

  it('keeps what it learnt per account across a restart, and writes BDAY into the export', async () => {
    const first = await cores.open()
    await first.call('contacts.list')
    await first.call('birthdays.list')
    await scanned(first)
    await first.dispose()
    emulator.clearCalls()
    const core = await cores.open({ dataDir: first.dataDir, secrets: first.secrets })
    await core.call('contacts.list')
    const cached = await core.call('birthdays.list')
    expect(cached.birthdays.length).toBe(visible().size)
    expect(emulator.callsOf('users.GetFullUser')).toHaveLength(0)

    const out = join(core.dataDir, 'export')
    await core.call('export.run', { formats: ['vcf', 'csv'], includeNotOnTelegram: false, directory: out })
    const vcf = await readFile(join(out, 'contacts.vcf'), 'utf8')
    const [, birthday] = [...visible()].find(([, b]) => b.year !== null)!
    const pad = (n: number) => String(n).padStart(2, '0')
    expect(vcf).toContain(`BDAY:${birthday.year}-${pad(birthday.month)}-${pad(birthday.day)}\r\n`)
    expect((vcf.match(/^BDAY:/gm) ?? []).length).toBe(visible().size)
    expect((await readFile(join(out, 'contacts.csv'), 'utf8')).split('\r\n')[0]).toMatch(/,Birthday$/)
  })
})
