import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CoreContext, SavedEntry } from '../../../electron/core/app/context'
import type { Contact, EventEnvelope, ImportJob } from '../../../electron/core/contract'
import type { BatchAnswer, Clock, JobContact } from '../../../electron/core/importer/job/types'
import { EventBus } from '../../../electron/core/router'

/** Virtual time: sleep() moves the clock forward at once, and records how long it was asked to wait. */
export class FakeClock implements Clock {
  t = 1_700_000_000_000
  readonly sleeps: number[] = []
  /** Sleeps at least this long do not pass by themselves: they end only when aborted (pause, cancel). */
  blockFrom = Infinity
  now = (): number => this.t
  sleep = async (ms: number, signal: AbortSignal): Promise<void> => {
    this.sleeps.push(ms)
    if (ms >= this.blockFrom) {
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })))
    }
    await Promise.resolve()
    if (!signal.aborted) this.t += ms
  }
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tgc-import-'))
}

export function contactsOf(n: number): { firstName: string; lastName: string; phone: string }[] {
  return Array.from({ length: n }, (_, i) => ({ firstName: `P${i}`, lastName: i % 2 ? 'Last' : '', phone: `+1555${String(i).padStart(7, '0')}` }))
}

/**
 * A Telegram stand-in: numbers ending in an even digit are registered, and an answered registered number is a
 * contact under the names sent. Records every request and every read of the contact list.
 */
export class FakeTelegram {
  readonly requests: JobContact[][] = []
  readonly acknowledged = new Map<string, number>()
  /** The contact list, by phone (contacts imported, or there before). */
  readonly contacts = new Map<string, Contact>()
  /**
   * Per request number (0-based): throw this, or answer with these client_ids as retry, or never answer.
   * `applied`: Telegram takes the request before the error or the silence (the answer is lost).
   */
  readonly script = new Map<number, { error?: unknown; retry?: 'all' | number[]; hang?: boolean; applied?: boolean }>()
  /** Reads of the contact list so far, and errors the next reads throw (in order). */
  listReads = 0
  readonly listErrors: unknown[] = []
  registered = (phone: string): boolean => Number(phone.at(-1)) % 2 === 0

  send = async (batch: readonly JobContact[]): Promise<BatchAnswer> => {
    const n = this.requests.length
    this.requests.push([...batch])
    const step = this.script.get(n)
    if (step?.applied) this.take(batch)
    if (step?.hang) return new Promise<never>(() => undefined)
    if (step?.error) throw step.error
    const retry = step?.retry === 'all' ? batch.map((c) => c.clientId) : (step?.retry ?? [])
    const answered = batch.filter((c) => !retry.includes(c.clientId))
    this.take(answered)
    return {
      imported: answered.filter((c) => this.registered(c.phone)).map((c) => ({ clientId: c.clientId, userId: this.userId(c.phone), username: `u${c.clientId}` })),
      popular: answered.filter((c) => !this.registered(c.phone)).map((c) => ({ clientId: c.clientId, importers: 3 })),
      retry,
    }
  }

  /** contacts.getContacts as the contacts service returns it. */
  contactList = async (): Promise<Contact[]> => {
    this.listReads += 1
    const error = this.listErrors.shift()
    if (error !== undefined) throw error
    return [...this.contacts.values()]
  }

  private userId(phone: string): string {
    return String(1000 + Number(phone.slice(-7)))
  }

  private take(batch: readonly JobContact[]): void {
    for (const c of batch) {
      this.acknowledged.set(c.phone, (this.acknowledged.get(c.phone) ?? 0) + 1)
      if (!this.registered(c.phone)) continue
      this.contacts.set(c.phone, { id: this.userId(c.phone), firstName: c.firstName, lastName: c.lastName, username: `u${c.clientId}`, phone: c.phone, mutual: false, status: { kind: 'recently' } })
    }
  }
}

/** A CoreContext for the import service; the contact list is `tg`'s when given. */
export function fakeContext(dataDir: string, clock: FakeClock, tg?: FakeTelegram) {
  const events = new EventBus()
  const progress: ImportJob[] = []
  const notifications: { title: string; body: string }[] = []
  let refreshes = 0
  events.subscribe((e: EventEnvelope) => {
    if (e.event === 'import.progress') progress.push(e.payload)
  })
  /** What the import told the saved-numbers registry Telegram now keeps. */
  const learned: SavedEntry[] = []
  const self = { id: '1', firstName: 'Me', lastName: '', username: null, phone: '+15550009999' }
  const ctx: CoreContext = {
    dataDir,
    events,
    now: clock.now,
    savedNumbers: {
      list: async () => ({ numbers: [], completeAt: null }),
      byDigits: async () => new Map(),
      learn: async (entries) => void learned.push(...entries),
      replaceFromTakeout: async () => undefined,
      forget: async () => undefined,
      forgetAll: async () => undefined,
    },
    birthdays: { get: () => undefined },
    secrets: { get: async () => null, set: async () => undefined, delete: async () => false },
    platform: {
      shell: 'browser',
      chooseDirectory: async () => null,
      showInFolder: async () => undefined,
      openExternal: async () => undefined,
      notify: (title, body) => notifications.push({ title, body }),
    },
    telegram: {
      client: async () => {
        throw new Error('no client in unit tests')
      },
      whenOnline: async () => {
        throw new Error('no client in unit tests')
      },
      self: () => self,
    },
    contacts: {
      current: async (): Promise<Contact[]> => [],
      refresh: async (): Promise<Contact[]> => {
        refreshes += 1
        return tg ? tg.contactList() : []
      },
    },
  }
  return { ctx, progress, notifications, learned, refreshes: () => refreshes }
}
