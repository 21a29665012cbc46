import { randomBytes } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { AppError, pendingDeleteSchema, UNDO_MS, type PendingDelete, type Self } from '../contract'
import { writeFileAtomic } from '../files/atomic-file'
import type { EventBus } from '../router'
import { toErrorEnvelope } from '../router/to-error-envelope'
import { accountDataDir } from '../telegram/account-file'

/** After a hold ends, at least this long is left (as the toast's own clock: RESUME_MIN_MS in the renderer). */
export const RESUME_MIN_MS = 2000
/** A hold from a page that went away (reload while the pointer was on the toast) ends by itself after this. */
export const HOLD_MAX_MS = 60_000
/** How long quitting (or signing out) waits for the deletes still due; what is not sent by then goes at the next start. */
export const COMMIT_ON_EXIT_MS = 10_000

export type DeleteTarget = { kind: 'contacts'; ids: string[] } | { kind: 'phones'; phones: string[] }

export interface PendingDeletesOptions {
  events: EventBus
  dataDir: string
  now: () => number
  currentSelf: () => Promise<Self | null>
  /** Sends the delete to Telegram (contacts.deleteContacts / contacts.deleteByPhones). */
  send: (target: DeleteTarget) => Promise<void>
  undoMs?: number
}

interface Entry {
  pending: PendingDelete
  selfId: string
  timer: NodeJS.Timeout | null
  /** Set while the page holds the undo window open (pointer or focus on the toast). */
  held: boolean
  /** Set while it is being sent. */
  sending: Promise<void> | null
}

const FILE = 'pending-deletes.json'
const fileSchema = z.object({ version: z.literal(1), pending: z.array(pendingDeleteSchema) })

/**
 * Deletes that wait for Undo. They live in the core, not in the page: a reload or a closed window leaves them
 * running, and only Undo (deletes.undo) cancels one. When the wait is over the delete is sent; quitting and signing
 * out send every delete still waiting first (commitAll, called by the core's dispose before Telegram disconnects).
 * They are also written to the account folder, so a delete the app could not send before it stopped (a crash, no
 * network at quit) goes out at the next start instead of being lost.
 */
export class PendingDeletes {
  private readonly entries = new Map<string, Entry>()
  private writes: Promise<void> = Promise.resolve()
  private readonly undoMs: number
  private recovered: Promise<void> = Promise.resolve()
  private disposed = false

  constructor(private readonly options: PendingDeletesOptions) {
    this.undoMs = options.undoMs ?? UNDO_MS
  }

  private async self(): Promise<Self> {
    const self = await this.options.currentSelf()
    if (!self) throw new AppError({ code: 'NOT_AUTHORIZED', message: 'Sign in to Telegram first.' })
    return self
  }

  /** Starts the wait for Undo and says what is pending. */
  async schedule(target: DeleteTarget, label: string): Promise<PendingDelete> {
    const self = await this.self()
    const now = this.options.now()
    const base = { id: randomBytes(8).toString('hex'), label, expiresAt: now + this.undoMs, remainingMs: this.undoMs }
    const pending: PendingDelete = target.kind === 'contacts' ? { ...base, kind: 'contacts', ids: [...new Set(target.ids)] } : { ...base, kind: 'phones', phones: [...new Set(target.phones)] }
    const entry: Entry = { pending, selfId: self.id, timer: null, held: false, sending: null }
    this.entries.set(pending.id, entry)
    this.arm(entry, this.undoMs)
    await this.persist(self)
    this.changed(self.id)
    return pending
  }

  private arm(entry: Entry, ms: number): void {
    if (entry.timer) clearTimeout(entry.timer)
    entry.pending = { ...entry.pending, expiresAt: this.options.now() + ms }
    entry.timer = setTimeout(() => void this.commit(entry), ms)
  }

  /**
   * The page's toast is held (WCAG 2.2.1: someone reaching for Undo gets the time to press it): the wait stops, and
   * goes on when the hold ends, with at least RESUME_MIN_MS left. A hold ends by itself after HOLD_MAX_MS.
   */
  hold(id: string, held: boolean): boolean {
    const entry = this.entries.get(id)
    if (!entry || entry.sending || entry.held === held) return false
    entry.held = held
    if (held) {
      const left = Math.max(0, entry.pending.expiresAt - this.options.now())
      if (entry.timer) clearTimeout(entry.timer)
      entry.pending = { ...entry.pending, remainingMs: left }
      entry.timer = setTimeout(() => this.hold(id, false), HOLD_MAX_MS)
    } else {
      this.arm(entry, Math.max(RESUME_MIN_MS, entry.pending.remainingMs))
    }
    return true
  }

  /** A new page: holds of the page before it (reloaded or closed) end. */
  releaseHolds(): void {
    for (const entry of this.entries.values()) if (entry.held) this.hold(entry.pending.id, false)
  }

  /** Undo: the delete is not sent. False when it is already on its way (or done). */
  async undo(id: string): Promise<boolean> {
    const entry = this.entries.get(id)
    if (!entry || entry.sending) return false
    if (entry.timer) clearTimeout(entry.timer)
    this.entries.delete(id)
    await this.persist(await this.self())
    this.changed(entry.selfId)
    return true
  }

  /** The signed-in account's deletes not through yet, with the time left for Undo (0 while one is being sent). */
  async list(): Promise<PendingDelete[]> {
    const self = await this.options.currentSelf()
    return self ? this.waiting(self.id) : []
  }

  private waiting(selfId: string): PendingDelete[] {
    const now = this.options.now()
    return [...this.entries.values()]
      .filter((e) => e.selfId === selfId)
      .map((e) => ({ ...e.pending, remainingMs: e.sending ? 0 : e.held ? e.pending.remainingMs : Math.max(0, e.pending.expiresAt - now) }))
  }

  private changed(selfId: string): void {
    this.options.events.emit('deletes.changed', { pending: this.waiting(selfId) })
  }

  /** Sends one delete. A failure is said with deletes.failed (the page puts the rows back). */
  private commit(entry: Entry): Promise<void> {
    if (entry.sending) return entry.sending
    if (entry.timer) clearTimeout(entry.timer)
    entry.timer = null
    entry.sending = (async () => {
      const target: DeleteTarget = entry.pending.kind === 'contacts' ? { kind: 'contacts', ids: entry.pending.ids } : { kind: 'phones', phones: entry.pending.phones }
      try {
        await this.options.send(target)
        this.entries.delete(entry.pending.id)
      } catch (error) {
        // Not sent (or not all of it): the page shows them again and says why; nothing retries behind the user's back.
        this.entries.delete(entry.pending.id)
        const count = entry.pending.kind === 'contacts' ? entry.pending.ids.length : entry.pending.phones.length
        this.options.events.emit('deletes.failed', { id: entry.pending.id, kind: entry.pending.kind, count, error: toErrorEnvelope(error) })
      }
      // After contacts.removed (sent by the delete itself): the page never shows the rows in between.
      this.changed(entry.selfId)
      const self = await this.options.currentSelf()
      if (self?.id === entry.selfId) await this.persist(self)
    })()
    return entry.sending
  }

  /**
   * Sends every delete still waiting, now (quit, sign-out), waiting at most `withinMs`. What is not through by then
   * stays in the account folder and is sent at the next start.
   */
  async commitAll(withinMs = COMMIT_ON_EXIT_MS): Promise<void> {
    await this.recovered
    const sending = [...this.entries.values()].map((entry) => this.commit(entry))
    if (sending.length === 0) return
    let timer: NodeJS.Timeout | undefined
    await Promise.race([Promise.allSettled(sending), new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)))])
    clearTimeout(timer)
  }

  /**
   * At start (once the account is known): deletes a previous run said were done but did not send go out now.
   * A failure leaves them in the file for the next start.
   */
  recover(): Promise<void> {
    // One after another: a second call (start, then the sign-in event) reads the file only after the first wrote it.
    this.recovered = this.recovered.then(async () => {
      const self = await this.options.currentSelf()
      if (!self) return
      for (const pending of await this.read(self)) {
        if (this.entries.has(pending.id)) continue
        const entry: Entry = { pending, selfId: self.id, timer: null, held: false, sending: null }
        this.entries.set(pending.id, entry)
        await this.commit(entry)
      }
    }).catch(() => undefined)
    return this.recovered
  }

  /** Signed out with the session revoked: nothing can be sent any more for that account. */
  forgetAccount(selfId: string): void {
    for (const [id, entry] of this.entries) {
      if (entry.selfId !== selfId || entry.sending) continue
      if (entry.timer) clearTimeout(entry.timer)
      this.entries.delete(id)
    }
  }

  private file(self: Self): string {
    return join(accountDataDir(this.options.dataDir, self), FILE)
  }

  private async read(self: Self): Promise<PendingDelete[]> {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(await readFile(this.file(self), 'utf8')))
      return parsed.success ? parsed.data.pending : []
    } catch {
      return []
    }
  }

  /** Writes the account's deletes not yet through (waiting or being sent), one write after another. */
  private persist(self: Self): Promise<void> {
    if (this.disposed) return this.writes
    const pending = [...this.entries.values()].filter((e) => e.selfId === self.id).map((e) => e.pending)
    const path = this.file(self)
    const dir = accountDataDir(this.options.dataDir, self)
    this.writes = this.writes
      .then(async () => {
        await mkdir(dir, { recursive: true })
        await writeFileAtomic(path, JSON.stringify({ version: 1, pending }))
      })
      .catch(() => undefined)
    return this.writes
  }

  /** The core's dispose: send what is waiting (bounded), then stop. */
  async dispose(): Promise<void> {
    await this.commitAll()
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer)
    await this.writes
    this.disposed = true
  }
}
