import type { ImportJob as ImportJobDto } from '../../contract'
import type { JournalRecord } from './journal'
import type { Estimate } from './progress-estimate'
import type { JobContact } from './types'

export const enum Status {
  Pending = 0,
  InFlight = 1,
  OnTelegram = 2,
  NotOnTelegram = 3,
  Failed = 4,
  Retry = 5,
  /** Never taken by Telegram: still to send when the job was cancelled. */
  Cancelled = 6,
}

export type EndState = 'done' | 'cancelled' | 'failed'

/**
 * What the journal says about a job, rebuilt by applying its records in order. The running job applies
 * each record right after it is on disk, so the live state and the state after a restart are the same.
 */
export class JobState {
  readonly status: Uint8Array
  readonly retryCount: Uint8Array
  readonly retryAt = new Map<number, number>()
  readonly users = new Map<number, { userId: string; username: string | null }>()
  readonly importers = new Map<number, number>()
  readonly failReason = new Map<number, string>()
  /** Contacts to send, in order; batches that went back (flood wait, restart) are put in front. */
  private queue: number[]
  private head = 0
  private pending: number
  private readonly inFlight = new Map<number, number[]>()
  onTelegram = 0
  notOnTelegram = 0
  failed = 0
  cancelled = 0
  requests = 0
  lastBatch = -1
  waitUntil: number | null = null
  waitReason: 'floodWait' | 'retryBackoff' | null = null
  paused = false
  end: { state: EndState; at: number; error: string | null } | null = null

  constructor(readonly contacts: readonly JobContact[]) {
    this.status = new Uint8Array(contacts.length)
    this.retryCount = new Uint8Array(contacts.length)
    this.queue = contacts.map((c) => c.clientId)
    this.pending = contacts.length
  }

  get total(): number {
    return this.contacts.length
  }

  get retrying(): number {
    return this.retryAt.size
  }

  get done(): number {
    return this.onTelegram + this.notOnTelegram
  }

  /** Contacts still queued (not counting retries). */
  get queued(): number {
    return this.pending
  }

  apply(record: JournalRecord): void {
    switch (record.t) {
      case 'send': {
        this.lastBatch = Math.max(this.lastBatch, record.b)
        this.requests += 1
        const ids = record.ids.filter((id) => this.take(id))
        this.inFlight.set(record.b, ids)
        this.compactQueue()
        this.waitUntil = null
        this.waitReason = null
        break
      }
      case 'ack': {
        const ids = this.inFlight.get(record.b) ?? []
        this.inFlight.delete(record.b)
        const sent = new Set(ids)
        for (const [id, userId, username] of record.imp) if (sent.has(id)) this.markOnTelegram(id, userId, username)
        for (const [id, importers] of record.pop) if (sent.has(id)) this.importers.set(id, importers)
        for (const id of record.retry) {
          if (!sent.has(id) || this.status[id] !== Status.InFlight) continue
          this.status[id] = Status.Retry
          this.retryCount[id] = Math.min(255, (this.retryCount[id] ?? 0) + 1)
          this.retryAt.set(id, record.retryAt)
        }
        // Everything else Telegram answered for without a user: not on Telegram (or hidden by privacy).
        for (const id of ids) {
          if (this.status[id] !== Status.InFlight) continue
          this.status[id] = Status.NotOnTelegram
          this.notOnTelegram += 1
        }
        break
      }
      case 'nack': {
        const ids = this.inFlight.get(record.b) ?? []
        this.inFlight.delete(record.b)
        this.requeue(ids)
        break
      }
      case 'check': {
        const ids = new Set(this.inFlight.get(record.b) ?? [])
        this.inFlight.delete(record.b)
        for (const [id, userId, username] of record.found) if (ids.has(id)) this.markOnTelegram(id, userId, username)
        // At the back: the next request holds new numbers, so another crash cannot put these in doubt again at once.
        this.requeue([...ids], 'back')
        break
      }
      case 'fail':
        for (const id of record.ids) {
          const s = this.status[id]
          if (s === undefined || s === Status.OnTelegram || s === Status.NotOnTelegram || s === Status.Failed) continue
          if (s === Status.Retry) this.retryAt.delete(id)
          if (s === Status.Pending) this.pending -= 1
          this.status[id] = Status.Failed
          this.failReason.set(id, record.reason)
          this.failed += 1
        }
        for (const [b, ids] of this.inFlight) if (!ids.some((id) => this.status[id] === Status.InFlight)) this.inFlight.delete(b)
        break
      case 'wait':
        this.waitUntil = record.until
        this.waitReason = record.reason
        break
      case 'pause':
        this.paused = true
        break
      case 'resume':
        this.paused = false
        this.end = null
        break
      case 'end':
        if (record.s === 'cancelled') this.cancelUnsent()
        this.end = { state: record.s, at: record.at, error: record.error }
        this.waitUntil = null
        this.waitReason = null
        break
    }
  }

  /** Requests sent but not answered (after a restart: the ones in flight when the app stopped). */
  unansweredBatches(): number[] {
    return [...this.inFlight.keys()]
  }

  /** The contacts of request b still in flight. */
  inFlightIds(b: number): readonly number[] {
    return (this.inFlight.get(b) ?? []).filter((id) => this.status[id] === Status.InFlight)
  }

  /**
   * The next request's contacts: retries whose time has come first, then queued ones, up to size.
   * Returns [] when nothing may be sent now (see nextRetryAt).
   */
  nextBatch(now: number, size: number): number[] {
    const batch: number[] = []
    for (const [id, at] of this.retryAt) {
      if (batch.length >= size) break
      if (at <= now) batch.push(id)
    }
    // Queued ones are taken for real only by the "send" record; until then they stay in the queue.
    for (let i = this.head; batch.length < size && i < this.queue.length; i++) {
      const id = this.queue[i]!
      if (this.status[id] === Status.Pending) batch.push(id)
    }
    return batch
  }

  nextRetryAt(): number | null {
    let min: number | null = null
    for (const at of this.retryAt.values()) if (min === null || at < min) min = at
    return min
  }


  isComplete(): boolean {
    return this.queued === 0 && this.retryAt.size === 0 && this.inFlight.size === 0
  }

  private markOnTelegram(id: number, userId: string, username: string | null): void {
    if (this.status[id] !== Status.InFlight) return
    this.status[id] = Status.OnTelegram
    this.users.set(id, { userId, username })
    this.onTelegram += 1
  }

  /** A cancel: what Telegram has not taken (queued, or asked to be sent again later) is cancelled, not failed. */
  private cancelUnsent(): void {
    for (let id = 0; id < this.status.length; id++) {
      const s = this.status[id]
      if (s !== Status.Pending && s !== Status.Retry) continue
      this.status[id] = Status.Cancelled
      this.cancelled += 1
    }
    this.retryAt.clear()
    this.pending = 0
  }

  private take(id: number): boolean {
    const s = this.status[id]
    if (s === Status.Pending || s === Status.Retry) {
      if (s === Status.Retry) this.retryAt.delete(id)
      else this.pending -= 1
      this.status[id] = Status.InFlight
      return true
    }
    return false
  }

  private requeue(ids: readonly number[], where: 'front' | 'back' = 'front'): void {
    const again = ids.filter((id) => this.status[id] === Status.InFlight)
    for (const id of again) this.status[id] = Status.Pending
    if (again.length === 0) return
    this.pending += again.length
    if (where === 'back') {
      this.queue.push(...again)
      return
    }
    this.queue = again.concat(this.queue.slice(this.head))
    this.head = 0
  }

  private compactQueue(): void {
    while (this.head < this.queue.length && this.status[this.queue[this.head]!] !== Status.Pending) this.head += 1
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head)
      this.head = 0
    }
  }
}

/** The job as the contract shows it. */
export function jobDto(s: JobState, info: { id: string; startedAt: number; now: number; estimate: Estimate | null }): ImportJobDto {
  const { now } = info
  const state: ImportJobDto['state'] = s.end
    ? s.end.state
    : s.paused
      ? 'paused'
      : s.waitUntil !== null && s.waitUntil > now
        ? 'waiting'
        : 'running'
  return {
    id: info.id,
    state,
    total: s.total,
    done: s.done,
    onTelegram: s.onTelegram,
    notOnTelegram: s.notOnTelegram,
    retrying: s.retrying,
    failed: s.failed,
    cancelled: s.cancelled,
    requests: s.requests,
    waitUntil: state === 'waiting' ? Math.round(s.waitUntil ?? now) : null,
    waitReason: state === 'waiting' ? s.waitReason : null,
    ratePerMinute: info.estimate?.ratePerMinute ?? null,
    estimatedEndAt: info.estimate?.estimatedEndAt ?? null,
    startedAt: info.startedAt,
    finishedAt: s.end ? s.end.at : null,
    error: s.end?.error ?? null,
  }
}
