import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { SavedEntry, SavedNumbersAccess } from '../app/context'
import type { SavedNumber, SavedNumberSource, Self } from '../contract'
import { openAppendLog, readLog, type AppendLog } from '../files/append-log'
import { writeFileAtomic } from '../files/atomic-file'
import { TimeSlices } from '../app/time-slices'
import type { EventBus } from '../router'
import { accountDataDir } from '../telegram/account-file'


const row = z.tuple([z.string(), z.string(), z.string()])
const source = z.enum(['addByPhone', 'import', 'takeout'])
/** One row of each kind of record that has rows: recordSchema is made of it, and parseRecord checks rows with it. */
const rowSchemaOf = {
  learn: row,
  takeout: row,
  snapshot: z.tuple([z.string(), z.string(), z.string(), z.number(), source]),
} as const
const recordSchema = z.discriminatedUnion('t', [
  /** Numbers Telegram acknowledged (add by phone, an import batch). */
  z.object({ t: z.literal('learn'), at: z.number(), src: source, rows: z.array(rowSchemaOf.learn) }),
  /** A takeout's contacts.getSaved: the complete list at that time, replacing everything known before. */
  z.object({ t: z.literal('takeout'), at: z.number(), rows: z.array(rowSchemaOf.takeout) }),
  z.object({ t: z.literal('forget'), phones: z.array(z.string()) }),
  z.object({ t: z.literal('reset'), at: z.number() }),
  /** A compacted log: every entry as it stood. */
  z.object({ t: z.literal('snapshot'), completeAt: z.number().nullable(), rows: z.array(rowSchemaOf.snapshot) }),
])
type LogRecord = z.infer<typeof recordSchema>

const FILE = 'saved-numbers.log'
/** A log with this many more records than entries is rewritten as one snapshot when loaded. */
const COMPACT_AFTER = 200

const digitsOf = (phone: string): string => phone.replace(/\D/g, '')
const e164Of = (phone: string): string => `+${digitsOf(phone)}`

interface Loaded {
  self: Self
  log: AppendLog
  /** By digits. */
  entries: Map<string, SavedNumber>
  /** When the last takeout gave the complete list, or null. */
  completeAt: number | null
}

export interface SavedNumbersOptions {
  events: EventBus
  dataDir: string
  now: () => number
  /** The signed-in account, or null. */
  currentSelf: () => Promise<Self | null>
  /** How a long loop (reading the log, a takeout) is cut for the event loop: SLICE_MS slices unless given. */
  slices?: () => TimeSlices
}

/**
 * Every saved phone contact the app has seen for the signed-in account: numbers it added by phone,
 * import rows Telegram acknowledged, and the last takeout export's contacts.getSaved, each with when the
 * app learned it. Telegram lists saved contacts only inside a takeout (which notifies the user's other
 * devices and may be delayed), so this is what the import preview, delete by phone numbers and the
 * "Not on Telegram" view know without one. Kept in an append-only log in the account's data folder
 * (it goes with the account at sign-out).
 */
export class SavedNumbers implements SavedNumbersAccess {
  private loaded: Loaded | null = null
  private loading: Promise<Loaded> | null = null
  /** One change at a time, in call order. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: SavedNumbersOptions) {}

  private newSlices(): TimeSlices {
    return this.options.slices?.() ?? new TimeSlices()
  }

  private async account(): Promise<Loaded | null> {
    const self = await this.options.currentSelf()
    if (!self) return null
    if (this.loaded?.self.id === self.id) return this.loaded
    this.loading ??= this.load(self).finally(() => {
      this.loading = null
    })
    return this.loading
  }

  private async load(self: Self): Promise<Loaded> {
    await this.close()
    const dir = accountDataDir(this.options.dataDir, self)
    const path = join(dir, FILE)
    // In time slices: a takeout's or snapshot's 100,000 rows were one line to parse (15-35 ms), then checked and
    // applied in one step of ~100 ms of CPU.
    const slices = this.newSlices()
    const { records, validBytes } = await readLog(path, slices)
    const state = { entries: new Map<string, SavedNumber>(), completeAt: null as number | null }
    let applied = 0
    for (const raw of records) {
      const parsed = await parseRecord(raw, slices)
      if (parsed === null) break
      await apply(state, parsed, slices)
      applied++
    }
    await mkdir(dir, { recursive: true })
    let log: AppendLog
    if (applied < records.length || records.length > state.entries.size + COMPACT_AFTER) {
      // An unreadable record (a newer app's?) or a long history: rewrite what we know as one snapshot.
      await writeFileAtomic(path, `${JSON.stringify(snapshotOf(state))}\n`)
      log = await openAppendLog(path)
    } else {
      log = await openAppendLog(path, validBytes)
    }
    const loaded: Loaded = { self, log, entries: state.entries, completeAt: state.completeAt }
    this.loaded = loaded
    return loaded
  }

  private async append(loaded: Loaded, record: LogRecord): Promise<void> {
    await loaded.log.append(record)
    await apply(loaded, record)
    this.options.events.emit('saved.changed', { count: loaded.entries.size })
  }

  /** Runs a change after the earlier ones; a failure does not stop the later ones. */
  private change(run: (loaded: Loaded) => Promise<void>): Promise<void> {
    const next = this.queue.then(async () => {
      const loaded = await this.account()
      if (loaded) await run(loaded)
    })
    this.queue = next.catch(() => undefined)
    return next
  }

  /** Every known saved number, newest first, and when a takeout last gave the complete list. */
  async list(): Promise<{ numbers: SavedNumber[]; completeAt: number | null }> {
    await this.queue
    const loaded = await this.account()
    if (!loaded) return { numbers: [], completeAt: null }
    const numbers = [...loaded.entries.values()].sort((a, b) => b.learnedAt - a.learnedAt || (a.phone < b.phone ? -1 : 1))
    return { numbers, completeAt: loaded.completeAt }
  }

  /** The known saved numbers by their digits, for matching (previews). */
  async byDigits(): Promise<ReadonlyMap<string, SavedNumber>> {
    await this.queue
    return (await this.account())?.entries ?? new Map()
  }

  /** Numbers Telegram acknowledged; entries already known under the same name are not written again. */
  learn(entries: readonly SavedEntry[], src: SavedNumberSource): Promise<void> {
    return this.change(async (loaded) => {
      const rows = rowsOf(entries).filter(([phone, firstName, lastName]) => {
        const known = loaded.entries.get(digitsOf(phone))
        return !known || known.firstName !== firstName || known.lastName !== lastName
      })
      if (rows.length > 0) await this.append(loaded, { t: 'learn', at: this.options.now(), src, rows })
    })
  }

  /**
   * A takeout's complete list replaces what was known. In time slices: at 100,000 numbers, building the rows, their
   * JSON and the new entries held the core's event loop for some 60 ms at a time.
   */
  replaceFromTakeout(entries: readonly SavedEntry[]): Promise<void> {
    return this.change(async (loaded) => {
      const slices = this.newSlices()
      const rows: Row[] = []
      for (const [n, entry] of entries.entries()) {
        if (isNumber(entry)) rows.push(rowOf(entry))
        if (n % STEP === 0) await slices.turn()
      }
      const at = this.options.now()
      // The line JSON.stringify of the record would write, a part of the rows at a time.
      const parts = [`${JSON.stringify({ t: 'takeout', at }).slice(0, -1)},"rows":[`]
      for (let start = 0; start < rows.length; start += JSON_PART) {
        parts.push(`${start === 0 ? '' : ','}${JSON.stringify(rows.slice(start, start + JSON_PART)).slice(1, -1)}`)
        await slices.turn()
      }
      parts.push(']}')
      await loaded.log.appendJson(parts)
      const before = loaded.entries
      const after = new Map<string, SavedNumber>()
      for (const [n, row] of rows.entries()) {
        setTakeoutEntry(after, before, row, at)
        if (n % STEP === 0) await slices.turn()
      }
      loaded.entries = after
      loaded.completeAt = at
      this.options.events.emit('saved.changed', { count: after.size })
    })
  }

  /** Numbers Telegram no longer keeps (delete by phones). */
  forget(phones: readonly string[]): Promise<void> {
    return this.change(async (loaded) => {
      const known = phones.map(e164Of).filter((phone) => loaded.entries.has(digitsOf(phone)))
      if (known.length > 0) await this.append(loaded, { t: 'forget', phones: known })
    })
  }

  /** contacts.resetSaved: Telegram keeps none any more. */
  forgetAll(): Promise<void> {
    return this.change((loaded) => this.append(loaded, { t: 'reset', at: this.options.now() }))
  }

  /** Sign-out: stop writing before the account's folder goes. */
  async signedOut(): Promise<void> {
    await this.queue
    await this.close()
  }

  private async close(): Promise<void> {
    const loaded = this.loaded
    this.loaded = null
    await loaded?.log.close().catch(() => undefined)
  }

  async dispose(): Promise<void> {
    await this.queue
    await this.close()
  }
}

type Row = [phone: string, firstName: string, lastName: string]

/** Entries between two looks at the clock in the sliced loops; rows per part of the sliced JSON. */
const STEP = 256
const JSON_PART = 2000

/** Telegram keeps digits; an entry without any (a phone book's "*100#") is not a number. */
const isNumber = (entry: SavedEntry): boolean => /^\d{1,20}$/.test(digitsOf(entry.phone))
const rowOf = (entry: SavedEntry): Row => [e164Of(entry.phone), entry.firstName, entry.lastName]

/** Rows to write: the entries that are numbers. */
function rowsOf(entries: readonly SavedEntry[]): Row[] {
  return entries.filter(isNumber).map(rowOf)
}

/** A takeout's row in the new entries: a number known before keeps when and where from it was first learned. */
function setTakeoutEntry(entries: Map<string, SavedNumber>, before: ReadonlyMap<string, SavedNumber>, [phone, firstName, lastName]: Row, at: number): void {
  const known = before.get(digitsOf(phone))
  entries.set(digitsOf(phone), { phone, firstName, lastName, learnedAt: known?.learnedAt ?? at, source: known?.source ?? 'takeout' })
}

/** Rows checked at a time when a log is read (see parseRecord). */
const PARSE_ROWS = 2000

/**
 * recordSchema.safeParse of one record read from the log, its rows checked a part at a time between turns of the
 * event loop: null where the whole record would not parse.
 */
async function parseRecord(raw: unknown, slices: TimeSlices): Promise<LogRecord | null> {
  if (typeof raw !== 'object' || raw === null || !('rows' in raw) || !Array.isArray(raw.rows)) {
    const parsed = recordSchema.safeParse(raw)
    return parsed.success ? parsed.data : null
  }
  const rows: unknown[] = raw.rows
  const head = recordSchema.safeParse({ ...raw, rows: [] })
  if (!head.success) return null
  const record = head.data
  // A record of a kind without rows drops them, as the whole record's parse would.
  if (!('rows' in record)) return record
  const rowsSchema = z.array(rowSchemaOf[record.t])
  const checked: unknown[] = []
  for (let start = 0; start < rows.length; start += PARSE_ROWS) {
    const part = rowsSchema.safeParse(rows.slice(start, start + PARSE_ROWS))
    if (!part.success) return null
    for (const r of part.data) checked.push(r)
    await slices.turn()
  }
  return { ...record, rows: checked } as LogRecord
}

/** A record applied to the entries; with `slices`, its rows between turns of the event loop (else at once). */
async function apply(state: { entries: Map<string, SavedNumber>; completeAt: number | null }, record: LogRecord, slices?: TimeSlices): Promise<void> {
  switch (record.t) {
    case 'learn':
      for (const [n, [phone, firstName, lastName]] of record.rows.entries()) {
        const known = state.entries.get(digitsOf(phone))
        // A rename keeps the date the number was first learned and where from.
        state.entries.set(digitsOf(phone), { phone, firstName, lastName, learnedAt: known?.learnedAt ?? record.at, source: known?.source ?? record.src })
        if (slices !== undefined && n % STEP === 0) await slices.turn()
      }
      return
    case 'takeout': {
      const before = state.entries
      state.entries = new Map()
      for (const [n, row] of record.rows.entries()) {
        setTakeoutEntry(state.entries, before, row, record.at)
        if (slices !== undefined && n % STEP === 0) await slices.turn()
      }
      state.completeAt = record.at
      return
    }
    case 'forget':
      for (const phone of record.phones) state.entries.delete(digitsOf(phone))
      return
    case 'reset':
      state.entries.clear()
      // Telegram keeps none now: that is a complete list too.
      state.completeAt = record.at
      return
    case 'snapshot': {
      const entries = new Map<string, SavedNumber>()
      for (const [n, [phone, firstName, lastName, learnedAt, src]] of record.rows.entries()) {
        entries.set(digitsOf(phone), { phone, firstName, lastName, learnedAt, source: src })
        if (slices !== undefined && n % STEP === 0) await slices.turn()
      }
      state.entries = entries
      state.completeAt = record.completeAt
      return
    }
  }
}

function snapshotOf(state: { entries: Map<string, SavedNumber>; completeAt: number | null }): LogRecord {
  return {
    t: 'snapshot',
    completeAt: state.completeAt,
    rows: [...state.entries.values()].map((e) => [e.phone, e.firstName, e.lastName, e.learnedAt, e.source]),
  }
}
