/** What the progress shows about speed: numbers per minute and when the job should be done (epoch ms). */
export interface Estimate {
  ratePerMinute: number | null
  estimatedEndAt: number | null
}

interface Sample {
  /** Time the job had been sending or waiting, in ms, when the sample was taken. */
  active: number
  /** Numbers answered by then. */
  rows: number
}

/**
 * Rate and time left of an import: numbers Telegram answered over the time the job spent sending and waiting
 * (Telegram's waits count, paused time and time the app was closed do not), smoothed over the last answers,
 * and never from a single answer (one quick batch before a long wait would claim hundreds of thousands a minute).
 * While the job waits, the time left is the known wait plus the rest at the rate measured until then; while it
 * is paused there is no rate. Pure: the caller gives the time.
 */
export class ProgressEstimate {
  private active = 0
  /** When the current stretch of sending and waiting began, or null while the job is halted. */
  private since: number | null = null
  private rows = 0
  private readonly samples: Sample[] = []

  /** @param window answers the rate is taken over (the newest ones). */
  constructor(private readonly window = 5) {}

  /** The job sends or waits from now on. */
  run(now: number): void {
    if (this.since !== null) return
    this.since = now
    if (this.samples.length === 0) this.samples.push({ active: this.activeAt(now), rows: this.rows })
  }

  /** Paused, stopped or ended: its clock stops. */
  halt(now: number): void {
    if (this.since === null) return
    this.active += now - this.since
    this.since = null
  }

  /** Telegram answered a request; `rows` numbers of it are done (0 when it asked for all of them again). */
  answered(rows: number, now: number): void {
    this.rows += rows
    this.samples.push({ active: this.activeAt(now), rows: this.rows })
    // The window plus the sample it starts from is all the estimate reads.
    if (this.samples.length > this.window + 1) this.samples.shift()
  }

  read(now: number, remaining: number, waitUntil: number | null): Estimate {
    const none: Estimate = { ratePerMinute: null, estimatedEndAt: null }
    if (this.since === null || this.samples.length < 2) return none
    const first = this.samples[0]!
    const last = this.samples.at(-1)!
    let answers = 0
    for (let i = 1; i < this.samples.length; i++) if (this.samples[i]!.rows > this.samples[i - 1]!.rows) answers += 1
    if (answers < 2) return none
    const rows = last.rows - first.rows
    if (waitUntil !== null && waitUntil > now) {
      // The wait so far is not part of the rate: it is already in the countdown.
      const perMs = rows / Math.max(1, last.active - first.active)
      return { ratePerMinute: null, estimatedEndAt: Math.round(waitUntil + remaining / perMs) }
    }
    const perMs = rows / Math.max(1, this.activeAt(now) - first.active)
    return { ratePerMinute: perMs * 60_000, estimatedEndAt: remaining > 0 ? Math.round(now + remaining / perMs) : null }
  }

  private activeAt(now: number): number {
    return this.active + (this.since === null ? 0 : now - this.since)
  }
}
