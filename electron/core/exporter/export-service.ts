import { constants } from 'node:fs'
import { access, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Api, type TelegramClient } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import type { CoreContext } from '../app/context'
import { thousands } from '../app/figures'
import { TimeSlices } from '../app/time-slices'
import type { DecodedContacts } from '../contacts/answers/answer-kinds'
import { AppError, type ExportFormat, type ExportOptions, type ExportResult } from '../contract'
import { fileError } from '../files/file-error'
import { removeStaleTemps } from '../files/stale-temps'
import { accountDataDir } from '../telegram/account-file'
import { ExportStateStore, type ExportState } from './export-state'
import { mergeContacts } from './merge'
import type { ExportPerson, SavedContact, TelegramContact } from './model'
import { finishTakeout, withTakeout, type TakeoutLedger } from './takeout'
import { writeExport } from './writers'

export interface ExportTarget {
  format: ExportFormat
  path: string
}

/** setTimeout's longest delay; longer takeout delays re-arm the timer when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1
/** A finish of a leftover takeout that the connection cut off again is tried again this much later. */
const LEFTOVER_RETRY_MS = 1000

/**
 * The takeout export: one at a time, nothing written before the data is in, files written atomically,
 * and the takeout delay remembered so the user is told (event + notification) when the export may run,
 * also after a restart. A takeout session is remembered from its opening to its finish, so one that a
 * kill or a lost connection left open is finished at the next start, once the connection is back, or
 * before the next export opens its own; the temp files such an export left go with it.
 */
export class ExportService {
  private running: AbortController | null = null
  private timer: NodeJS.Timeout | null = null
  private ready: Promise<void>
  private readonly unsubscribe: () => void
  private readonly stopped = new AbortController()
  /** Leftover takeouts are finished one at a time (the background wait and an export's start may meet). */
  private finishing: Promise<unknown> = Promise.resolve()
  /** A background wait for the connection, to finish a leftover takeout, is on. */
  private waitingToFinish = false

  constructor(private readonly ctx: CoreContext) {
    this.ready = this.rearm()
    // The remembered delay belongs to the signed-in account: a sign-in (another account) or a sign-out re-reads it.
    this.unsubscribe = ctx.events.subscribe((envelope) => {
      if (envelope.event === 'auth.changed') this.ready = this.ready.then(() => this.rearm())
    })
  }

  whenReady(): Promise<void> {
    return this.ready
  }

  /** The signed-in account's export state (in its data folder, which goes with it at sign-out), or null. */
  private store(): ExportStateStore | null {
    const self = this.ctx.telegram.self()
    return self ? new ExportStateStore(accountDataDir(this.ctx.dataDir, self)) : null
  }

  private async rearm(): Promise<void> {
    const store = this.store()
    if (!store) return this.arm(null, null)
    const state = await store.read()
    this.arm(store, state)
    if (state.openTakeout) this.finishLeftoverWhenOnline(store)
  }

  /** In the background: finishes a leftover takeout as soon as there is a connection (however long that takes). */
  private finishLeftoverWhenOnline(store: ExportStateStore): void {
    if (this.waitingToFinish) return
    this.waitingToFinish = true
    void (async () => {
      try {
        const signal = this.stopped.signal
        while ((await store.read()).openTakeout) {
          const client = await this.ctx.telegram.whenOnline(signal)
          if ((await this.finishLeftover(store, client, 'background')) !== 'offline') return
          await sleep(LEFTOVER_RETRY_MS, undefined, { signal, ref: false })
        }
      } catch {
        // Signed out or shutting down: the account's folder (and the takeout with it) is for the next start.
      } finally {
        this.waitingToFinish = false
      }
    })()
  }

  /**
   * Finishes the remembered takeout (without success: its export never completed) and removes the temp files its
   * export left. In the background it leaves alone a takeout that a running export opened.
   */
  private finishLeftover(store: ExportStateStore, client: TelegramClient, by: 'export' | 'background'): Promise<'finished' | 'offline' | 'none'> {
    const run = this.finishing.then(async () => {
      const open = (await store.read()).openTakeout
      if (!open || (by === 'background' && this.running)) return 'none' as const
      const outcome = await finishTakeout(client, open.id, false)
      if (outcome === 'offline') return outcome
      await store.update((s) => (s.openTakeout?.id === open.id ? { ...s, openTakeout: null } : s))
      await removeStaleTemps(open.files)
      return outcome
    })
    this.finishing = run.catch(() => undefined)
    return run
  }

  async status(): Promise<{ availableAt: number | null; running: boolean; lastResult: ExportResult | null; options: ExportOptions | null }> {
    await this.ready
    const state = await this.store()?.read()
    return { availableAt: state?.availableAt ?? null, running: this.running !== null, lastResult: state?.lastResult ?? null, options: state?.options ?? null }
  }

  /** What the person chose for this export, offered again next time (also when this one fails or waits for a delay). */
  async remember(options: ExportOptions): Promise<void> {
    await this.ready
    await this.store()?.update((s) => ({ ...s, options }))
  }

  cancel(): void {
    this.running?.abort()
  }

  dispose(): void {
    this.unsubscribe()
    this.stopped.abort()
    this.running?.abort()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  async run(targets: readonly ExportTarget[], includeNotOnTelegram: boolean): Promise<ExportResult> {
    await this.ready
    if (this.running) throw new AppError({ code: 'BUSY', message: 'An export is already running.' })
    const controller = new AbortController()
    this.running = controller
    try {
      const store = this.store()
      if (!store) throw new AppError({ code: 'NOT_AUTHORIZED', message: 'Sign in to Telegram before exporting.' })
      // Before the takeout (which notifies the user's other devices): can we write where asked?
      for (const target of targets) await ensureWritableFolder(dirname(target.path))
      const paths = targets.map((t) => t.path)
      await removeStaleTemps(paths)
      const client = await this.ctx.telegram.client()
      await this.finishLeftover(store, client, 'export')
      this.progress('takeout', 0, 0)
      let count = 0
      let saved: SavedContact[] = []
      const ledger: TakeoutLedger = {
        opened: async (id) => void (await store.update((s) => ({ ...s, openTakeout: { id, files: paths } }))),
        finished: async () => void (await store.update((s) => ({ ...s, openTakeout: null }))),
      }
      await withTakeout(client, controller.signal, ledger, async (call) => {
        saved = await call(new Api.contacts.GetSaved(), 'saved')
        this.progress('saved', saved.length, saved.length)
        const contacts = toTelegramContacts(await call(new Api.contacts.GetContacts({ hash: returnBigInt(0) }), 'contacts'))
        this.progress('contacts', contacts.length, contacts.length)
        const people = await withBirthdays(await mergeContacts(saved, contacts, includeNotOnTelegram), (id) => this.ctx.birthdays.get(id))
        count = people.length
        const total = people.length * targets.length
        let before = 0
        for (const target of targets) {
          await writeExport(target.path, target.format, people, {
            signal: controller.signal,
            onProgress: (written) => this.progress('writing', before + written, total),
          }).catch((error: unknown) => {
            throw fileError(dirname(target.path), error)
          })
          before += people.length
        }
      })
      // The complete saved phone book as of now: what previews and the "Not on Telegram" view know from here on.
      await this.ctx.savedNumbers.replaceFromTakeout(saved)
      const result: ExportResult = { count, files: targets.map((t) => ({ format: t.format, path: t.path })), finishedAt: this.ctx.now() }
      const state = await store.update((s) => ({ ...s, availableAt: null, announced: false, lastResult: result }))
      this.arm(store, state)
      this.progress('done', count, count)
      this.ctx.events.emit('export.finished', result)
      this.ctx.platform.notify('Export finished', `Exported ${thousands(count)} contacts.`)
      return result
    } catch (error) {
      const store = this.store()
      if (error instanceof AppError && error.code === 'TAKEOUT_DELAY' && error.envelope.availableAt !== undefined) {
        const availableAt = error.envelope.availableAt
        if (store) this.arm(store, await store.update((s) => ({ ...s, availableAt, announced: false })))
      }
      this.running = null
      // The connection went before Telegram heard the finish: it hears it once the connection is back.
      if (store && (await store.read()).openTakeout) this.finishLeftoverWhenOnline(store)
      throw error
    } finally {
      this.running = null
    }
  }

  private arm(store: ExportStateStore | null, state: ExportState | null): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (!store || !state) return
    const { availableAt } = state
    if (availableAt === null || state.announced) return
    const wait = availableAt - this.ctx.now()
    if (wait <= 0) {
      void this.announce(store, availableAt)
      return
    }
    this.timer = setTimeout(() => {
      this.timer = null
      void store.read().then((s) => this.arm(store, s))
    }, Math.min(wait, MAX_TIMER_MS))
    // The timer must not keep a CLI process alive; the app's main process lives on anyway.
    this.timer.unref()
  }

  private async announce(store: ExportStateStore, availableAt: number): Promise<void> {
    const state = await store.update((s) => (s.availableAt === availableAt ? { ...s, announced: true } : s))
    if (state.availableAt !== availableAt) return
    this.ctx.events.emit('export.available', { availableAt })
    this.ctx.platform.notify('Data export ready', 'Telegram now lets you export your contacts. Open TG Contacts to start the export.')
  }

  private progress(phase: 'takeout' | 'saved' | 'contacts' | 'writing' | 'done', done: number, total: number): void {
    this.ctx.events.emit('export.progress', { phase, done, total })
  }
}

/** Items between two looks at the clock. */
const STEP = 256

/**
 * The people with the birthdays the app knows, in time slices: one map over 100,000 people was a 30 ms step of the
 * core (CPU profile of the stalls bench's export).
 */
async function withBirthdays(people: readonly ExportPerson[], birthdayOf: (userId: string) => ExportPerson['birthday']): Promise<ExportPerson[]> {
  const slices = new TimeSlices()
  const out: ExportPerson[] = []
  for (const [n, person] of people.entries()) {
    const birthday = person.userId === null ? undefined : birthdayOf(person.userId)
    out.push(birthday ? { ...person, birthday } : person)
    if (n % STEP === 0) await slices.turn()
  }
  return out
}

function toTelegramContacts(answer: DecodedContacts): TelegramContact[] {
  if (answer.notModified) return []
  const users = new Map(answer.users.map((u) => [u.id, u]))
  const out: TelegramContact[] = []
  for (const c of answer.contacts) {
    const user = users.get(c.userId)
    if (!user || user.self) continue
    const { firstName, lastName, username, phone } = user.contact
    out.push({ userId: user.id, firstName, lastName, username, phone })
  }
  return out
}

async function ensureWritableFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true })
    await access(folder, constants.W_OK)
  } catch (error) {
    throw fileError(folder, error)
  }
}
