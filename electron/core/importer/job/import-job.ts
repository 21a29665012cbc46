import type { ImportJob as ImportJobDto } from '../../contract'
import { classifySendError, type SendFailure } from './classify-error'
import { JobState, jobDto } from './job-state'
import type { Journal, JournalData, JournalRecord } from './journal'
import { ProgressEstimate } from './progress-estimate'
import type { Clock, FindTaken, ImportPolicy, JobConnection, JobContact, SendBatch } from './types'

export interface ImportJobOptions {
  send: SendBatch
  /** After a request whose answer was lost: which of its contacts Telegram already took. */
  findTaken: FindTaken
  /** Absent: always online (tests of other things). */
  connection?: JobConnection
  clock: Clock
  policy: ImportPolicy
  /** Every state change, and progress at most every policy.progressIntervalMs. */
  onProgress(job: ImportJobDto): void
  /** Once, when the job reaches done, cancelled or failed. */
  onEnd(job: ImportJobDto): void
  /**
   * After each acknowledged batch, and each check of a lost answer: the contacts Telegram now keeps as saved phone
   * contacts (retried ones, and those whose fate is still unknown, excluded).
   */
  onSaved?(contacts: readonly JobContact[]): void
}

/** Why contacts of a request whose answer was lost are failed when a cancel cannot look them up. */
const UNKNOWN_AT_CANCEL = 'Sent, but the answer was lost and the import was cancelled before it could be checked: it may already be saved on Telegram.'

/**
 * One import: sends the contacts in batches, journals every step before acting on it, waits out flood
 * waits and retry_contacts, and ends as done, cancelled or failed (a failed job can be resumed).
 * Nothing is lost; after a crash, only numbers whose fate is unknown are sent again (see journal.ts).
 */
export class ImportJob {
  private readonly state: JobState
  private running: Promise<void> | null = null
  private abort = new AbortController()
  private stopRequest: 'pause' | 'cancel' | null = null
  private lastEmit = 0
  private readonly estimate = new ProgressEstimate()
  private transientFailures = 0
  /** While running: stops listening to the connection. */
  private unwatch: (() => void) | null = null
  /** Sub-batches of a rejected batch, sent before anything else (bisecting to the bad contact). */
  private readonly splits: number[][] = []
  /** The job stopped because Telegram was signed out; it resumes by itself after a sign-in. */
  needsSignIn = false

  private constructor(
    private readonly journal: Journal,
    readonly startedAt: number,
    private readonly options: ImportJobOptions,
    contacts: readonly JobContact[],
  ) {
    this.state = new JobState(contacts)
  }

  get id(): string {
    return this.journal.id
  }

  /** The state, read-only, for the report. */
  get snapshot(): JobState {
    return this.state
  }

  static fresh(journal: Journal, startedAt: number, contacts: readonly JobContact[], options: ImportJobOptions): ImportJob {
    return new ImportJob(journal, startedAt, options, contacts)
  }

  /**
   * Rebuilds a job from its journal. Requests that were in flight when the app stopped stay unanswered
   * until the job runs: it checks them against the contact list before it sends anything.
   */
  static recover(data: JournalData, journal: Journal, options: ImportJobOptions): ImportJob {
    const job = new ImportJob(journal, data.startedAt, options, data.contacts)
    for (const record of data.records) job.state.apply(record)
    return job
  }

  /** True while the job may still make progress (running, waiting or paused). */
  get active(): boolean {
    return this.state.end === null
  }

  start(): void {
    if (this.running || this.state.end?.state === 'done' || this.state.end?.state === 'cancelled') return
    if (this.state.paused) return
    this.stopRequest = null
    this.needsSignIn = false
    this.abort = new AbortController()
    this.transientFailures = 0
    this.unwatch = this.options.connection?.onChange(() => this.connectionChanged()) ?? null
    this.running = this.loop()
      // A journal that cannot be written (disk full, folder removed) stops the job; nothing unjournalled was sent.
      .catch((error: unknown) => this.finish('failed', error instanceof Error ? error.message : String(error)))
      .catch(() => undefined)
      .finally(() => {
        this.running = null
        this.unwatch?.()
        this.unwatch = null
        this.estimate.halt(this.options.clock.now())
      })
    this.syncEstimate()
    this.emit(true)
  }

  async pause(): Promise<void> {
    if (!this.active || this.state.paused) return
    await this.record({ t: 'pause' })
    this.stopRequest = 'pause'
    this.abort.abort()
    this.estimate.halt(this.options.clock.now())
    this.emit(true)
  }

  async resume(): Promise<void> {
    if (this.state.end?.state === 'done' || this.state.end?.state === 'cancelled') return
    // Already going (possibly waiting out a flood wait, which a resume must not cut short).
    if (this.running && this.stopRequest === null) return
    if (this.state.paused || this.state.end?.state === 'failed') await this.record({ t: 'resume' })
    // A request still in flight from before the pause finishes (and is journalled) first.
    await this.running
    this.start()
  }

  async cancel(): Promise<void> {
    if (!this.active) return
    this.stopRequest = 'cancel'
    this.abort.abort()
    // A request in flight is allowed to finish so its answer is journalled, not lost.
    await this.running
    if (!this.active) return
    // A request whose answer was lost is looked up once; what cannot be told stays a possible import, not "not sent".
    if (this.state.unansweredBatches().length > 0 && (await this.checkUnanswered()) !== null) {
      const ids = this.state.unansweredBatches().flatMap((b) => this.state.inFlightIds(b))
      await this.record({ t: 'fail', ids, reason: UNKNOWN_AT_CANCEL })
    }
    await this.finish('cancelled', null)
  }

  /**
   * Stops the loop without marking anything in the journal (the next start resumes). A request still in
   * flight gets a moment to be answered and journalled; after that the app quits anyway and the batch,
   * unanswered in the journal, is checked next time (see journal.ts).
   */
  async close(graceMs = 2000): Promise<void> {
    this.stopRequest ??= 'pause'
    this.abort.abort()
    let timer: NodeJS.Timeout | undefined
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs)
      timer.unref()
    })
    await Promise.race([this.running, grace])
    clearTimeout(timer)
    await this.journal.close()
  }

  toDto(): ImportJobDto {
    const now = this.options.clock.now()
    const s = this.state
    const remaining = s.total - s.done - s.failed - s.cancelled
    const offline = this.waitsForConnection()
    const estimate = s.end || s.paused || offline ? null : this.estimate.read(now, remaining, s.waitUntil)
    const dto = jobDto(s, { id: this.id, startedAt: this.startedAt, now, estimate })
    // A known wait (a flood wait) goes on counting down; after it, the job waits for the connection.
    if (offline && !s.end && !s.paused && !(s.waitUntil !== null && s.waitUntil > now)) return { ...dto, state: 'waiting', waitUntil: null, waitReason: 'offline' }
    if (!this.needsSignIn || this.state.end) return dto
    return { ...dto, state: 'failed', waitUntil: null, waitReason: null, error: 'Not signed in to Telegram. Sign in and the import carries on.' }
  }

  private async loop(): Promise<void> {
    const { clock, policy } = this.options
    for (;;) {
      if (this.stopRequest || !this.active) return
      const now = clock.now()
      if (this.state.waitUntil !== null && this.state.waitUntil > now) {
        this.emit(true)
        await clock.sleep(this.state.waitUntil - now, this.abort.signal)
        continue
      }
      // Nothing is checked or sent (either would only fail) until there is a connection.
      const { connection } = this.options
      if (connection) {
        const wasDown = !connection.online()
        // Says so at once when a flood wait's countdown ran out during the outage.
        if (wasDown) this.emit(true)
        await connection.whenOnline(this.abort.signal)
        // An outage is not Telegram failing: the count towards giving up starts again.
        if (wasDown) this.transientFailures = 0
        if (this.stopRequest) continue
      }
      if (this.state.unansweredBatches().length > 0) {
        const failure = await this.checkUnanswered()
        if (failure) await this.handleFailure(failure)
        continue
      }
      const batch = this.splits.shift() ?? this.state.nextBatch(now, policy.batchSize)
      if (batch.length === 0) {
        const nextRetry = this.state.nextRetryAt()
        if (nextRetry === null) return this.finish('done', null)
        await this.record({ t: 'wait', until: nextRetry, reason: 'retryBackoff' })
        continue
      }
      await this.sendBatch(batch)
    }
  }

  private async sendBatch(ids: number[]): Promise<void> {
    const { clock, policy, send } = this.options
    const b = this.state.lastBatch + 1
    await this.record({ t: 'send', b, ids })
    const contacts = ids.map((id) => this.state.contacts[id]!)
    let answer: Awaited<ReturnType<SendBatch>>
    try {
      answer = await send(contacts, this.abort.signal)
    } catch (error) {
      const failure = classifySendError(error)
      // Telegram refused the request (flood wait, bad input, signed out): it took none of it. Otherwise the
      // answer is lost and the request stays unanswered, to be checked before anything is sent again.
      if (failure.kind !== 'transient') await this.record({ t: 'nack', b, reason: failure.reason })
      if (failure.kind === 'rejected') {
        if (ids.length === 1) {
          await this.record({ t: 'fail', ids, reason: `Telegram refused this contact (${failure.reason}).` })
        } else {
          const half = Math.ceil(ids.length / 2)
          this.splits.unshift(ids.slice(0, half), ids.slice(half))
        }
        return
      }
      await this.handleFailure(failure)
      return
    }
    this.transientFailures = 0
    const sent = new Set(ids)
    const now = clock.now()
    const retry = [...new Set(answer.retry.filter((id) => sent.has(id)))]
    const allRetry = retry.length === ids.length
    // Telegram asks again for the same contacts: back off longer each time; everything back means
    // the account is being limited, which TDLib treats as "retry after 3600".
    const attempts = retry.reduce((max, id) => Math.max(max, (this.state.retryCount[id] ?? 0) + 1), 1)
    const retryAt = now + (allRetry ? policy.allRetryWaitMs : policy.retryDelayMs(attempts))
    const doneBefore = this.state.done
    await this.record({
      t: 'ack',
      b,
      at: now,
      imp: answer.imported.filter((i) => sent.has(i.clientId)).map((i) => [i.clientId, i.userId, i.username] as [number, string, string | null]),
      pop: answer.popular.filter((p) => sent.has(p.clientId)).map((p) => [p.clientId, p.importers] as [number, number]),
      retry,
      retryAt,
    })
    const retried = new Set(retry)
    this.options.onSaved?.(ids.filter((id) => !retried.has(id)).map((id) => this.state.contacts[id]!))
    this.estimate.answered(this.state.done - doneBefore, now)
    const givenUp = retry.filter((id) => (this.state.retryCount[id] ?? 0) >= policy.maxRetries)
    if (givenUp.length > 0) {
      await this.record({ t: 'fail', ids: givenUp, reason: `Telegram asked ${policy.maxRetries} times to send it again later (retry_contacts).` })
    }
    if (allRetry && givenUp.length < retry.length) await this.record({ t: 'wait', until: retryAt, reason: 'retryBackoff' })
    this.emit(false)
  }

  /**
   * Looks the contacts of every unanswered request up in Telegram's contact list and journals what it shows
   * (see journal.ts). Returns the failure when the list could not be read; nothing is journalled then.
   */
  private async checkUnanswered(): Promise<SendFailure | null> {
    const batches = this.state.unansweredBatches()
    const ids = batches.flatMap((b) => this.state.inFlightIds(b))
    let taken: Awaited<ReturnType<FindTaken>>
    try {
      taken = await this.options.findTaken(ids.map((id) => this.state.contacts[id]!))
    } catch (error) {
      const failure = classifySendError(error)
      // A list Telegram will not give tells nothing: every contact of those requests goes again.
      if (failure.kind !== 'rejected') return failure
      taken = new Map()
    }
    for (const b of batches) {
      const found = this.state.inFlightIds(b).flatMap((id) => {
        const user = taken.get(id)
        return user ? [[id, user.userId, user.username] as [number, string, string | null]] : []
      })
      await this.record({ t: 'check', b, found })
      // Contacts now: Telegram keeps their numbers as saved phone contacts too.
      if (found.length > 0) this.options.onSaved?.(found.map(([id]) => this.state.contacts[id]!))
    }
    return null
  }

  /**
   * An outage, wherever the job is (between requests, or in a send that waits for the connection): it says it
   * waits for the connection, and its rate clock stops (an outage says nothing about Telegram's pace). A request
   * in flight when the connection went fails and is checked once it is back.
   */
  private waitsForConnection(): boolean {
    const { connection } = this.options
    return this.running !== null && this.stopRequest === null && connection !== undefined && !connection.online()
  }

  private connectionChanged(): void {
    if (this.running === null || this.stopRequest !== null) return
    this.syncEstimate()
    this.emit(true)
  }

  /** The rate's clock runs while the job sends or waits for Telegram; not while paused, stopped or offline. */
  private syncEstimate(): void {
    const now = this.options.clock.now()
    if (this.running !== null && this.stopRequest === null && this.options.connection?.online() !== false) this.estimate.run(now)
    else this.estimate.halt(now)
  }

  /** What the job does after a failed request or check: wait, stop for a sign-in, or give up for now. */
  private async handleFailure(failure: SendFailure): Promise<void> {
    const { clock, policy } = this.options
    switch (failure.kind) {
      case 'flood':
        this.transientFailures = 0
        await this.record({ t: 'wait', until: clock.now() + failure.seconds * 1000, reason: 'floodWait' })
        return
      case 'unauthorized':
        // Stopped without an end in the journal: the next sign-in (or start of the app) carries on.
        this.needsSignIn = true
        this.stopRequest = 'pause'
        this.options.onEnd(this.toDto())
        this.emit(true)
        return
      case 'rejected':
      case 'transient':
        // The connection went: not Telegram's failure; the loop waits for it to come back.
        if (this.options.connection && !this.options.connection.online()) return
        this.transientFailures += 1
        if (this.transientFailures >= policy.maxTransientFailures) {
          await this.finish('failed', `Telegram could not be reached (${failure.reason}). Resume to try again.`)
          return
        }
        await this.record({ t: 'wait', until: clock.now() + policy.transientDelayMs(this.transientFailures), reason: 'retryBackoff' })
        return
    }
  }

  private async record(record: JournalRecord): Promise<void> {
    await this.journal.append(record)
    this.state.apply(record)
    if (record.t !== 'send' && record.t !== 'ack') this.emit(true)
  }

  private async finish(state: 'done' | 'cancelled' | 'failed', error: string | null): Promise<void> {
    if (!this.active) return
    await this.record({ t: 'end', s: state, at: this.options.clock.now(), error })
    this.options.onEnd(this.toDto())
  }

  private emit(force: boolean): void {
    const now = this.options.clock.now()
    if (!force && now - this.lastEmit < this.options.policy.progressIntervalMs) return
    this.lastEmit = now
    this.options.onProgress(this.toDto())
  }
}
