import { mkdir, readFile, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { openAppendLog, readLog, type AppendLog } from '../../files/append-log'
import { writeFileAtomic } from '../../files/atomic-file'
import type { JobContact } from './types'

/**
 * The import journal, in <account folder>/import (accountDataDir: it goes with the account at sign-out):
 *   current.json      {"id"} of the job the app should show or resume, written atomically last
 *   <id>.json         the job's contacts, written atomically once before anything is sent
 *   <id>.log          one fsynced JSON record per line: "send" before a request, "ack"/"nack" after it,
 *                     "check" for a request whose answer was lost, waits, pauses, failures and the end
 *                     (see JournalRecord)
 *
 * The guarantee: nothing is lost; after a crash, only numbers whose fate is unknown are sent again.
 * A contact counts as answered only once its "ack" record is on disk, and nothing answered is sent again.
 * A "send" without an answer (the app was killed, the connection dropped mid-request) is the one ambiguous
 * case: Telegram may or may not have taken the request. Before anything else is sent, the job reads the
 * contact list (contacts.getContacts with the hash) and journals a "check": contacts it shows under the names
 * sent are answered as on Telegram; the rest, whose fate the list cannot tell (see taken-check.ts), go back
 * to the end of the queue and are sent again. Sending one of those again is safe: importContacts is keyed
 * by phone number on Telegram's side (the same number updates the same saved contact, it does not add a
 * second one); it only counts once more against the account's import limits.
 */

const cid = z.number().int().nonnegative()

export const journalRecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('send'), b: z.number().int(), ids: z.array(cid) }),
  z.object({
    t: z.literal('ack'),
    b: z.number().int(),
    at: z.number(),
    imp: z.array(z.tuple([cid, z.string(), z.string().nullable()])),
    pop: z.array(z.tuple([cid, z.number().int()])),
    retry: z.array(cid),
    /** When the retried contacts may be sent again. */
    retryAt: z.number(),
  }),
  z.object({ t: z.literal('nack'), b: z.number().int(), reason: z.string() }),
  /** An unanswered request b, looked up in the contact list: these of its contacts are taken; the rest go again. */
  z.object({ t: z.literal('check'), b: z.number().int(), found: z.array(z.tuple([cid, z.string(), z.string().nullable()])) }),
  z.object({ t: z.literal('fail'), ids: z.array(cid), reason: z.string() }),
  z.object({ t: z.literal('wait'), until: z.number(), reason: z.enum(['floodWait', 'retryBackoff']) }),
  z.object({ t: z.literal('pause') }),
  z.object({ t: z.literal('resume') }),
  z.object({ t: z.literal('end'), s: z.enum(['done', 'cancelled', 'failed']), at: z.number(), error: z.string().nullable() }),
])
export type JournalRecord = z.infer<typeof journalRecordSchema>

const headerSchema = z.object({
  v: z.literal(1),
  id: z.string().regex(/^[\w-]+$/),
  startedAt: z.number(),
  contacts: z.array(z.tuple([z.string(), z.string(), z.string()])),
})

export interface JournalData {
  id: string
  startedAt: number
  contacts: JobContact[]
  records: JournalRecord[]
}

export class Journal {
  private constructor(
    readonly id: string,
    private readonly log: AppendLog,
  ) {}

  static directory(dataDir: string): string {
    return join(dataDir, 'import')
  }

  /** Writes a new job's contacts, points current.json at it, and removes older jobs' files. */
  static async create(dataDir: string, id: string, startedAt: number, contacts: readonly JobContact[]): Promise<Journal> {
    const dir = Journal.directory(dataDir)
    await mkdir(dir, { recursive: true })
    const header = { v: 1, id, startedAt, contacts: contacts.map((c) => [c.firstName, c.lastName, c.phone]) }
    await writeFileAtomic(join(dir, `${id}.json`), JSON.stringify(header))
    const log = await openAppendLog(join(dir, `${id}.log`), 0)
    await writeFileAtomic(join(dir, 'current.json'), JSON.stringify({ id }))
    await removeOtherJobs(dir, id)
    return new Journal(id, log)
  }

  /** The current job's journal, or null when there is none or it cannot be read. */
  static async load(dataDir: string): Promise<{ data: JournalData; open: () => Promise<Journal> } | null> {
    const dir = Journal.directory(dataDir)
    let id: string
    try {
      const pointer = z.object({ id: z.string().regex(/^[\w-]+$/) }).parse(JSON.parse(await readFile(join(dir, 'current.json'), 'utf8')))
      id = pointer.id
    } catch {
      return null
    }
    let header: z.infer<typeof headerSchema>
    try {
      header = headerSchema.parse(JSON.parse(await readFile(join(dir, `${id}.json`), 'utf8')))
    } catch {
      return null
    }
    const logPath = join(dir, `${id}.log`)
    const { records: raw, validBytes } = await readLog(logPath)
    const records: JournalRecord[] = []
    let keptBytes = 0
    for (const item of raw) {
      const parsed = journalRecordSchema.safeParse(item)
      if (!parsed.success) break
      records.push(parsed.data)
    }
    // Bytes of the records kept: re-serialising gives the same lines the log wrote.
    keptBytes = records.length === raw.length ? validBytes : records.reduce((n, r) => n + Buffer.byteLength(`${JSON.stringify(r)}\n`), 0)
    const contacts = header.contacts.map(([firstName, lastName, phone], clientId) => ({ clientId, firstName, lastName, phone }))
    return {
      data: { id, startedAt: header.startedAt, contacts, records },
      open: async () => new Journal(id, await openAppendLog(logPath, keptBytes)),
    }
  }

  append(record: JournalRecord): Promise<void> {
    return this.log.append(record)
  }

  close(): Promise<void> {
    return this.log.close()
  }
}

async function removeOtherJobs(dir: string, keep: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name === 'current.json' || name.startsWith(`${keep}.`)) continue
    if (/\.(json|log)$/.test(name)) await rm(join(dir, name), { force: true })
  }
}
