import { randomBytes } from 'node:crypto'
import type { CoreContext } from '../../app/context'
import { thousands } from '../../app/figures'
import { AppError, type ImportContact, type ImportJob as ImportJobDto, type ImportReport } from '../../contract'
import { accountDataDir } from '../../telegram/account-file'
import { connectionFromEvents } from './connection-events'
import { ImportJob, type ImportJobOptions } from './import-job'
import { JobState, jobDto } from './job-state'
import { Journal } from './journal'
import { claimImportLock, releaseImportLock } from './owner-lock'
import { buildReport, reportToCsv } from './report'
import { takenByTelegram } from './taken-check'
import { telegramSendBatch } from './telegram-send'
import { defaultImportPolicy, systemClock, type Clock, type FindTaken, type ImportPolicy, type SendBatch } from './types'

export interface ImportServiceOptions {
  policy?: Partial<ImportPolicy>
  clock?: Clock
  /** Replaces the GramJS request (unit tests). */
  send?: SendBatch
  /** Replaces the contact-list lookup after a lost answer (unit tests). */
  findTaken?: FindTaken
}

/**
 * Owns the import job of the signed-in account: start, control, recovery after a restart, report.
 * The journal lives in the account's data folder (<dataDir>/accounts/<id>/import), so it goes with the
 * account at sign-out and another account never resumes it. Until the account is known (a session
 * restored from the environment) there is no job; the sign-in loads it.
 */
export class ImportService {
  private job: ImportJob | null = null
  /** The signed-in account's data folder this service works in, or null before sign-in. */
  private base: string | null = null
  private accountId: string | null = null
  /** Whether this process runs imports from that folder (see owner-lock.ts). */
  private owner = false
  private ready: Promise<void>
  private readonly jobOptions: ImportJobOptions
  private readonly connection: ReturnType<typeof connectionFromEvents>
  private readonly unsubscribe: () => void

  constructor(
    private readonly ctx: CoreContext,
    options: ImportServiceOptions = {},
  ) {
    this.connection = connectionFromEvents(ctx.events, ctx.telegram)
    this.jobOptions = {
      connection: this.connection,
      send: options.send ?? telegramSendBatch((signal) => ctx.telegram.whenOnline(signal)),
      // contacts.getContacts with the hash of the list the app holds: little to download when little changed.
      findTaken: options.findTaken ?? (async (contacts) => takenByTelegram(contacts, await ctx.contacts.refresh())),
      clock: options.clock ?? systemClock,
      policy: { ...defaultImportPolicy, ...options.policy },
      onProgress: (job) => ctx.events.emit('import.progress', job),
      onEnd: (job) => this.ended(job),
      // A failed write only leaves the number out of previews until the next takeout; the import goes on.
      onSaved: (contacts) => void ctx.savedNumbers.learn(contacts, 'import').catch(() => undefined),
    }
    this.ready = this.recover()
    this.unsubscribe = ctx.events.subscribe((envelope) => {
      if (envelope.event !== 'auth.changed') return
      const payload = envelope.payload
      const id = payload.state === 'signedIn' ? payload.user.id : null
      // The same account again: a job that stopped for want of a session carries on.
      if (id !== null && id === this.accountId) {
        if (this.job?.needsSignIn) void this.job.resume()
        return
      }
      // Signed out, or another account: put this account's job away and load the new one's.
      this.ready = this.ready.then(() => this.switchAccount())
    })
  }

  /** Resolves once the account's journalled job (if any) was loaded and, if it was running, resumed. */
  whenReady(): Promise<void> {
    return this.ready
  }

  async start(contacts: readonly ImportContact[]): Promise<ImportJobDto> {
    await this.own()
    if (this.job?.active) throw new AppError({ code: 'BUSY', message: 'An import is already in progress. Wait for it, or cancel it first.' })
    const base = this.base!
    // One request entry per number: Telegram keys saved contacts by phone, so a repeat would only rename it.
    const seen = new Set<string>()
    const unique = contacts.filter((c) => !seen.has(c.phone) && seen.add(c.phone))
    const jobContacts = unique.map((c, clientId) => ({ clientId, firstName: c.firstName, lastName: c.lastName, phone: c.phone }))
    const startedAt = this.jobOptions.clock.now()
    const id = `${startedAt.toString(36)}-${randomBytes(4).toString('hex')}`
    await this.job?.close()
    const journal = await Journal.create(base, id, startedAt, jobContacts)
    this.job = ImportJob.fresh(journal, startedAt, jobContacts, this.jobOptions)
    this.job.start()
    return this.job.toDto()
  }

  async status(): Promise<ImportJobDto | null> {
    await this.ready
    if (this.owner) return this.job?.toDto() ?? null
    const seen = await this.readOnly()
    return seen && jobDto(seen.state, { id: seen.id, startedAt: seen.startedAt, now: this.jobOptions.clock.now(), estimate: null })
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
    await this.putAway()
    this.connection.dispose()
  }

  /**
   * Signed in and this process runs imports for the account, or an AppError: NOT_AUTHORIZED, or BUSY
   * when another process (the app, a `tg-contacts` command) runs them; that one is taken over once it is gone.
   */
  private async own(): Promise<void> {
    await this.ready
    if (!this.ctx.telegram.self()) throw new AppError({ code: 'NOT_AUTHORIZED', message: 'Sign in to Telegram before importing.' })
    if (this.owner && this.base) return
    this.ready = this.recover()
    await this.ready
    if (!this.owner) {
      throw new AppError({ code: 'BUSY', message: 'An import is being run by another TG Contacts window or command. Use that one, or close it first.' })
    }
  }

  private async readOnly(): Promise<{ id: string; startedAt: number; state: JobState } | null> {
    if (!this.base) return null
    const loaded = await Journal.load(this.base).catch(() => null)
    if (!loaded) return null
    const state = new JobState(loaded.data.contacts)
    for (const record of loaded.data.records) state.apply(record)
    return { id: loaded.data.id, startedAt: loaded.data.startedAt, state }
  }

  private async switchAccount(): Promise<void> {
    await this.putAway()
    await this.recover()
  }

  /** Stops this account's job (its journal stays for the next run) and lets go of the folder. */
  private async putAway(): Promise<void> {
    await this.job?.close().catch(() => undefined)
    this.job = null
    if (this.owner && this.base) await releaseImportLock(Journal.directory(this.base)).catch(() => undefined)
    this.owner = false
    this.base = null
    this.accountId = null
  }

  private async recover(): Promise<void> {
    const self = this.ctx.telegram.self()
    if (!self) return
    this.accountId = self.id
    this.base = accountDataDir(this.ctx.dataDir, self)
    this.owner = await claimImportLock(Journal.directory(this.base)).catch(() => false)
    if (!this.owner) return
    const loaded = await Journal.load(this.base).catch(() => null)
    if (!loaded) return
    const journal = await loaded.open()
    this.job = ImportJob.recover(loaded.data, journal, this.jobOptions)
    if (this.job.active) this.job.start()
  }

  private ended(job: ImportJobDto): void {
    // The figures as the window writes them ("1,250"): a notification is read at a glance.
    const n = thousands
    const summary =
      job.state === 'done'
        ? `${n(job.onTelegram)} on Telegram, ${n(job.notOnTelegram)} not on Telegram${job.failed ? `, ${n(job.failed)} failed` : ''}.`
        : job.state === 'cancelled'
          ? `Cancelled after ${n(job.done)} of ${n(job.total)} contacts.`
          : (job.error ?? 'The import stopped.')
    this.ctx.platform.notify(job.state === 'done' ? 'Import finished' : job.state === 'cancelled' ? 'Import cancelled' : 'Import stopped', summary)
    // The new contacts (and the new saved count) show up in the list; a failed refresh only delays that.
    if (job.done > 0) this.ctx.contacts.refresh().catch(() => undefined)
  }
}
