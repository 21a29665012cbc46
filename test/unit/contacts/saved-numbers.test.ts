import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SavedNumbers } from '../../../electron/core/contacts/saved-numbers'
import type { TimeSlices } from '../../../electron/core/app/time-slices'
import type { Self } from '../../../electron/core/contract'
import { EventBus } from '../../../electron/core/router'
import { accountDataDir } from '../../../electron/core/telegram/account-file'
import { countedSlices } from '../support/counted-slices'

const ME: Self = { id: '7', firstName: 'Me', lastName: '', username: null, phone: '+4915100000000' }
const OTHER: Self = { ...ME, id: '8' }

describe('the saved-numbers registry', () => {
  const open: SavedNumbers[] = []
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.dispose()))
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
  })

  async function registry(dataDir?: string, who: () => Self | null = () => ME, slices?: () => TimeSlices) {
    const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'tgc-saved-')))
    if (!dataDir) dirs.push(dir)
    let t = 1_000
    const events = new EventBus()
    const changes: number[] = []
    events.subscribe((e) => {
      if (e.event === 'saved.changed') changes.push(e.payload.count)
    })
    const saved = new SavedNumbers({ events, dataDir: dir, now: () => (t += 1000), currentSelf: async () => who(), ...(slices ? { slices } : {}) })
    open.push(saved)
    return { saved, dir, changes }
  }

  it('learns numbers with the date and source, keeps the first date on a rename, and says when it changed', async () => {
    const { saved, changes } = await registry()
    await saved.learn([{ phone: '+4917611111111', firstName: 'Ann', lastName: 'A' }], 'addByPhone')
    await saved.learn([{ phone: '4917611111111', firstName: 'Annie', lastName: '' }, { phone: '+34600000001', firstName: 'Bo', lastName: '' }], 'import')
    // The same again changes nothing and writes nothing.
    await saved.learn([{ phone: '+34600000001', firstName: 'Bo', lastName: '' }], 'import')
    const { numbers, completeAt } = await saved.list()
    expect(numbers).toEqual([
      { phone: '+34600000001', firstName: 'Bo', lastName: '', learnedAt: 3000, source: 'import' },
      { phone: '+4917611111111', firstName: 'Annie', lastName: '', learnedAt: 2000, source: 'addByPhone' },
    ])
    expect(completeAt).toBeNull()
    expect(changes).toEqual([1, 2])
  })

  it('takes a takeout as the complete list, forgets deleted numbers and everything on a reset', async () => {
    const { saved } = await registry()
    await saved.learn([{ phone: '+4917611111111', firstName: 'Ann', lastName: '' }, { phone: '+4917622222222', firstName: 'Gone', lastName: '' }], 'import')
    await saved.replaceFromTakeout([{ phone: '4917611111111', firstName: 'Ann', lastName: '' }, { phone: '34600000001', firstName: 'Phone', lastName: 'Book' }, { phone: '', firstName: 'No number', lastName: '' }])
    let list = await saved.list()
    expect(list.numbers.map((n) => [n.phone, n.source, n.learnedAt])).toEqual([
      ['+34600000001', 'takeout', 3000],
      ['+4917611111111', 'import', 2000],
    ])
    expect(list.completeAt).toBe(3000)
    await saved.forget(['+34600000001', '+10000000000'])
    expect((await saved.list()).numbers.map((n) => n.phone)).toEqual(['+4917611111111'])
    expect([...(await saved.byDigits()).keys()]).toEqual(['4917611111111'])
    await saved.forgetAll()
    list = await saved.list()
    expect(list.numbers).toEqual([])
    expect(list.completeAt).toBe(4000)
  })

  it("takes a takeout of 100,000 numbers with the event loop turning, and reads it back after a restart", { timeout: 60_000 }, async () => {
    const counted = countedSlices()
    const first = await registry(undefined, undefined, counted.slices)
    await first.saved.learn([{ phone: '+447900000007', firstName: 'Known', lastName: 'Before' }], 'addByPhone')
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ phone: `4479${String(i).padStart(8, '0')}`, firstName: `Person "${i}"`, lastName: i % 3 ? 'Müller' : '' }))
    const before = counted.turns()
    await first.saved.replaceFromTakeout([...entries, { phone: '', firstName: 'No number', lastName: '' }])
    // With slices of no length, every look at the clock is a turn: at least one every 1,000 rows.
    expect(counted.turns() - before).toBeGreaterThanOrEqual(100)
    expect(first.changes.at(-1)).toBe(100_000)
    const numbers = (await first.saved.list()).numbers
    expect(numbers).toHaveLength(100_000)
    expect(numbers.find((n) => n.phone === '+447900000007')).toEqual({ phone: '+447900000007', firstName: 'Person "7"', lastName: 'Müller', learnedAt: 2000, source: 'addByPhone' })
    await first.saved.dispose()
    const again = await registry(first.dir)
    const reread = await again.saved.list()
    expect(reread.numbers).toEqual(numbers)
    expect(reread.completeAt).toBe(3000)
  })

  it('survives a restart, a torn last line, and keeps accounts apart', async () => {
    const first = await registry()
    await first.saved.learn([{ phone: '+4917611111111', firstName: 'Ann', lastName: '' }], 'import')
    await first.saved.dispose()
    const file = join(accountDataDir(first.dir, ME), 'saved-numbers.log')
    await appendFile(file, '{"t":"learn","at":9,"src":"imp')
    const again = await registry(first.dir)
    expect((await again.saved.list()).numbers.map((n) => n.firstName)).toEqual(['Ann'])
    await again.saved.learn([{ phone: '+34600000001', firstName: 'Bo', lastName: '' }], 'addByPhone')
    expect((await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line).t)).toEqual(['learn', 'learn'])
    const other = await registry(first.dir, () => OTHER)
    expect((await other.saved.list()).numbers).toEqual([])
    const signedOut = await registry(first.dir, () => null)
    await signedOut.saved.learn([{ phone: '+34600000002', firstName: 'X', lastName: '' }], 'import')
    expect((await signedOut.saved.list()).numbers).toEqual([])
  })

  it('reads a log of 100,000 numbers back with the event loop turning, a takeout and a snapshot of it alike', { timeout: 60_000 }, async () => {
    const first = await registry()
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ phone: `4479${String(i).padStart(8, '0')}`, firstName: `Person ${i}`, lastName: '' }))
    await first.saved.replaceFromTakeout(entries)
    const numbers = (await first.saved.list()).numbers
    await first.saved.dispose()
    const file = join(accountDataDir(first.dir, ME), 'saved-numbers.log')
    // The log is one line of 100,000 rows: parsed, checked and applied a part at a time (at least one turn every
    // 1,000 rows with slices of no length).
    const counted = countedSlices()
    const takeout = await registry(first.dir, undefined, counted.slices)
    expect(await takeout.saved.list()).toEqual({ numbers, completeAt: 2000 })
    expect(counted.turns()).toBeGreaterThanOrEqual(100)
    await takeout.saved.dispose()
    // A record it cannot read (a newer app's): what it could read is written back as one snapshot.
    await appendFile(file, '{"t":"later"}\n')
    const compacted = await registry(first.dir)
    expect(await compacted.saved.list()).toEqual({ numbers, completeAt: 2000 })
    await compacted.saved.dispose()
    expect(JSON.parse((await readFile(file, 'utf8')).split('\n')[0]!).t).toBe('snapshot')
    const countedAgain = countedSlices()
    const snapshot = await registry(first.dir, undefined, countedAgain.slices)
    expect(await snapshot.saved.list()).toEqual({ numbers, completeAt: 2000 })
    expect(countedAgain.turns()).toBeGreaterThanOrEqual(100)
  })

  it('a bad row anywhere in a big record stops the reading at that record, as a bad record does, and keeps what came before', async () => {
    const { dir } = await registry()
    const file = join(accountDataDir(dir, ME), 'saved-numbers.log')
    const rows = Array.from({ length: 5000 }, (_, i) => [`+4479${String(i).padStart(8, '0')}`, `Person ${i}`, ''])
    const bad = rows.map((r, i) => (i === 4500 ? [r[0], 7, ''] : r))
    await mkdir(accountDataDir(dir, ME), { recursive: true })
    await writeFile(file, [{ t: 'learn', at: 5, src: 'import', rows: rows.slice(0, 2) }, { t: 'takeout', at: 6, rows: bad }, { t: 'learn', at: 7, src: 'import', rows: rows.slice(2, 3) }].map((r) => `${JSON.stringify(r)}\n`).join(''))
    const again = await registry(dir)
    const list = await again.saved.list()
    expect(list).toEqual({ numbers: rows.slice(0, 2).map(([phone, firstName]) => ({ phone, firstName, lastName: '', learnedAt: 5, source: 'import' })), completeAt: null })
    // What was read is written back as the whole log.
    expect((await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line).t)).toEqual(['snapshot'])
  })

  it('compacts a long history into one snapshot when it loads', async () => {
    const first = await registry()
    for (let i = 0; i < 250; i++) await first.saved.learn([{ phone: '+4917611111111', firstName: `Name ${i}`, lastName: '' }], 'import')
    await first.saved.dispose()
    const again = await registry(first.dir)
    const { numbers } = await again.saved.list()
    expect(numbers).toEqual([{ phone: '+4917611111111', firstName: 'Name 249', lastName: '', learnedAt: 2000, source: 'import' }])
    const file = join(accountDataDir(first.dir, ME), 'saved-numbers.log')
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(1)
  })
})
