import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CoreContext } from '../../../electron/core/app/context'
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

/** A Telegram stand-in: numbers ending in an even digit are registered. Records every request. */
export class FakeTelegram {
  readonly requests: JobContact[][] = []
  readonly acknowledged = new Map<string, number>()
  /** Per request number (0-based): throw this, or answer with these client_ids as retry. */
  readonly script = new Map<number, { error?: unknown; retry?: 'all' | number[]; hang?: boolean }>()
  registered = (phone: string): boolean => Number(phone.at(-1)) % 2 === 0

  send = async (batch: readonly JobContact[]): Promise<BatchAnswer> => {
    const n = this.requests.length
    this.requests.push([...batch])
    const step = this.script.get(n)
    if (step?.hang) return new Promise<never>(() => undefined)
    if (step?.error) throw step.error
    const retry = step?.retry === 'all' ? batch.map((c) => c.clientId) : (step?.retry ?? [])
    const answered = batch.filter((c) => !retry.includes(c.clientId))
    for (const c of answered) this.acknowledged.set(c.phone, (this.acknowledged.get(c.phone) ?? 0) + 1)
    return {
      imported: answered.filter((c) => this.registered(c.phone)).map((c) => ({ clientId: c.clientId, userId: String(1000 + c.clientId), username: `u${c.clientId}` })),
      popular: answered.filter((c) => !this.registered(c.phone)).map((c) => ({ clientId: c.clientId, importers: 3 })),
      retry,
    }
  }
}

export function fakeContext(dataDir: string, clock: FakeClock) {
  const events = new EventBus()
  const progress: ImportJob[] = []
  const notifications: { title: string; body: string }[] = []
  let refreshes = 0
  events.subscribe((e: EventEnvelope) => {
    if (e.event === 'import.progress') progress.push(e.payload)
  })
  const ctx: CoreContext = {
    dataDir,
    events,
    now: clock.now,
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
      self: () => ({ id: '1', firstName: 'Me', lastName: '', username: null, phone: '+15550009999' }),
    },
    contacts: {
      current: async (): Promise<Contact[]> => [],
      refresh: async (): Promise<Contact[]> => {
        refreshes += 1
        return []
      },
    },
  }
  return { ctx, progress, notifications, refreshes: () => refreshes }
}
