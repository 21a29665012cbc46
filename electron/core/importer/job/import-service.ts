import { randomBytes } from 'node:crypto'
import type { CoreContext } from '../../app/context'
import { AppError, type ImportContact, type ImportJob as ImportJobDto, type ImportReport } from '../../contract'
import { ImportJob, type ImportJobOptions } from './import-job'
import { JobState, jobDto } from './job-state'
import { Journal } from './journal'
import { claimImportLock, releaseImportLock } from './owner-lock'
import { buildReport, reportToCsv } from './report'
import { telegramSendBatch } from './telegram-send'
import { defaultImportPolicy, systemClock, type Clock, type ImportPolicy, type SendBatch } from './types'

export interface ImportServiceOptions {
  policy?: Partial<ImportPolicy>
  clock?: Clock
  /** Replaces the GramJS request (unit tests). */
  send?: SendBatch
}

/** Owns the one import job of the app: start, control, recovery after a restart, report. */
export class ImportService {
  private job: ImportJob | null = null
  /** Whether this process runs imports from the data folder (see owner-lock.ts). */
  private owner = false
  private ready: Promise<void>
  private readonly jobOptions: ImportJobOptions
  private readonly unsubscribe: () => void

  constructor(
    private readonly ctx: CoreContext,
    options: ImportServiceOptions = {},
  ) {
    this.jobOptions = {
      send: options.send ?? telegramSendBatch(() => ctx.telegram.client()),
      clock: options.clock ?? systemClock,
      policy: { ...defaultImportPolicy, ...options.policy },
      onProgress: (job) => ctx.events.emit('import.progress', job),
      onEnd: (job) => this.ended(job),
    }
    this.ready = this.recover()
    // A job that stopped for want of a session (signed out, or resumed at startup before the session
    // was restored) carries on once the user is signed in.
    this.unsubscribe = ctx.events.subscribe((envelope) => {
      if (envelope.event === 'auth.changed' && envelope.payload.state === 'signedIn' && this.job?.needsSignIn) void this.job.resume()
    })
  }

  /** Resolves once a journalled job (if any) was loaded and, if it was running, resumed. */
  whenReady(): Promise<void> {
    return this.ready
  }

  async start(contacts: readonly ImportContact[]): Promise<ImportJobDto> {
    await this.own()
    if (this.job?.active) throw new AppError({ code: 'BUSY', message: 'An import is already in progress. Wait for it, or cancel it first.' })
    if (!this.ctx.telegram.self()) throw new AppError({ code: 'NOT_AUTHORIZED', message: 'Sign in to Telegram before importing.' })
    // One request entry per number: Telegram keys saved contacts by phone, so a repeat would only rename it.
    const seen = new Set<string>()
    const unique = contacts.filter((c) => !seen.has(c.phone) && seen.add(c.phone))
    const jobContacts = unique.map((c, clientId) => ({ clientId, firstName: c.firstName, lastName: c.lastName, phone: c.phone }))
    const startedAt = this.jobOptions.clock.now()
    const id = `${startedAt.toString(36)}-${randomBytes(4).toString('hex')}`
    await this.job?.close()
    const journal = await Journal.create(this.ctx.dataDir, id, startedAt, jobContacts)
    this.job = ImportJob.fresh(journal, startedAt, jobContacts, this.jobOptions)
    this.job.start()
    return this.job.toDto()
  }

  async status(): Promise<ImportJobDto | null> {
    await this.ready
    if (this.owner) return this.job?.toDto() ?? null
    const seen = await this.readOnly()
    return seen && jobDto(seen.state, { id: seen.id, startedAt: seen.startedAt, now: this.jobOptions.clock.now(), ratePerMinute: null })
  }

  async pause(): Promise<ImportJobDto | null> {
    await this.own()
    await this.job?.pause()
    return this.job?.toDto() ?? null
  }

  async resume(): Promise<ImportJobDto | null> {
    await this.own()
    await this.job?.resume()
    return this.job?.toDto() ?? null
  }

  async cancel(): Promise<ImportJobDto | null> {
    await this.own()
    await this.job?.cancel()
    return this.job?.toDto() ?? null
  }

  async report(): Promise<{ report: ImportReport | null; csv: string | null }> {
    await this.ready
    const state = this.owner ? this.job?.snapshot : (await this.readOnly())?.state
    if (!state) return { report: null, csv: null }
    const report = buildReport(state)
    return { report, csv: reportToCsv(report) }
  }

  /** Stops the loop without marking anything, so the next start resumes from the journal. */
  async dispose(): Promise<void> {
    this.unsubscribe()
    await this.ready
    await this.job?.close()
    if (this.owner) await releaseImportLock(Journal.directory(this.ctx.dataDir))
  }

  /**
   * Another process (the app, a `tg-contacts` command) runs imports from this data folder: this one
   * only reads the journal. A control call takes over once that process is gone.
   */
  private async own(): Promise<void> {
    await this.ready
    if (this.owner) return
    this.ready = this.recover()
    await this.ready
    if (!this.owner) {
      throw new AppError({ code: 'BUSY', message: 'An import is being run by another TG Contacts window or command. Use that one, or close it first.' })
    }
  }

  private async readOnly(): Promise<{ id: string; startedAt: number; state: JobState } | null> {
    const loaded = await Journal.load(this.ctx.dataDir).catch(() => null)
    if (!loaded) return null
    const state = new JobState(loaded.data.contacts)
    for (const record of loaded.data.records) state.apply(record)
    return { id: loaded.data.id, startedAt: loaded.data.startedAt, state }
  }

  private async recover(): Promise<void> {
    this.owner = await claimImportLock(Journal.directory(this.ctx.dataDir)).catch(() => false)
    if (!this.owner) return
    let loaded: Awaited<ReturnType<typeof Journal.load>>
    try {
      loaded = await Journal.load(this.ctx.dataDir)
    } catch {
      return
    }
    if (!loaded) return
    const journal = await loaded.open()
    this.job = await ImportJob.recover(loaded.data, journal, this.jobOptions)
    if (!this.job.active) return
    // Signed in (the session is known from the last run): carry on now. Otherwise the sign-in
    // (or the session restored from the environment) resumes it through auth.changed.
    if (this.ctx.telegram.self()) this.job.start()
    else this.job.needsSignIn = true
  }

  private ended(job: ImportJobDto): void {
    const summary =
      job.state === 'done'
        ? `${job.onTelegram} on Telegram, ${job.notOnTelegram} not on Telegram${job.failed ? `, ${job.failed} failed` : ''}.`
        : job.state === 'cancelled'
          ? `Cancelled after ${job.done} of ${job.total} contacts.`
          : (job.error ?? 'The import stopped.')
    this.ctx.platform.notify(job.state === 'done' ? 'Import finished' : job.state === 'cancelled' ? 'Import cancelled' : 'Import stopped', summary)
    if (job.onTelegram > 0) {
      // The new contacts show up in the list; a failed refresh only delays that until the next one.
      this.ctx.contacts.refresh().catch(() => undefined)
    }
  }
}
