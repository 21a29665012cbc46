import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Api } from 'telegram'
import { z } from 'zod'
import { birthdaySchema, type Birthday, type Self } from '../contract'
import type { EventBus } from '../router'
import type { ContactsService } from '../contacts/contacts-service'
import { writeFileAtomic } from '../files/atomic-file'
import { accountDataDir } from '../telegram/account-file'
import { invoke } from '../telegram/invoke'
import type { TelegramService } from '../telegram/telegram-service'
import { toBirthday } from './to-birthday'

/** core.telegram.org: "this method should be invoked by clients every 6-8 hours". */
const GET_BIRTHDAYS_EVERY_MS = 6 * 3600_000
/** A contact's full profile is asked for again after a week (a birthday is rarely set or changed). */
const RECHECK_AFTER_MS = 7 * 86_400_000
/** At most this many users.getFullUser per scan, one at a time with a pause between: gentle on flood limits. */
const SCAN_LIMIT = 300
export const SCAN_PAUSE_MS = 1500

const fileSchema = z.object({
  version: z.literal(1),
  selfId: z.string(),
  /** [user id, birthday or null for none, epoch ms checked]. */
  entries: z.array(z.tuple([z.string(), birthdaySchema.nullable(), z.number()])),
  fetchedNearAt: z.number().nullable(),
})

export interface BirthdaysServiceOptions {
  telegram: TelegramService
  contacts: ContactsService
  events: EventBus
  dataDir: string
  now: () => number
  /** Pause between profile requests of the background scan (tests: 0). */
  scanPauseMs?: number
}

/**
 * Contacts' birthdays. Telegram gives them two ways: contacts.getBirthdays (those within a day of today, asked every
 * six hours) and each person's userFull.birthday. For "this week" the app needs the second for everyone, so it reads
 * contacts' profiles in the background, slowly (one at a time, a pause between, at most 300 a run, each again after a
 * week), and keeps what it learnt per account on disk. Opening someone's details teaches it too.
 */
export class BirthdaysService {
  private known = new Map<string, { birthday: Birthday | null; checkedAt: number }>()
  private loadedFor: string | null = null
  private fetchedNearAt: number | null = null
  private scanning: Promise<void> | null = null
  private readonly unsubscribe: Array<() => void> = []
  /** Writes started in the background (a learnt birthday), awaited by dispose. */
  private pending: Promise<void> = Promise.resolve()
  private wake: () => void = () => undefined
  private disposed = false

  constructor(private readonly options: BirthdaysServiceOptions) {
    this.unsubscribe.push(
      options.telegram.onAccount({ signedOut: () => this.forget() }),
      options.contacts.onFullUser((id, full) => {
        this.pending = this.pending.then(() => this.learn(id, toBirthday(full.birthday))).catch(() => undefined)
      }),
    )
  }

  private forget(): void {
    this.known.clear()
    this.loadedFor = null
    this.fetchedNearAt = null
  }

  private file(self: Self): string {
    return join(accountDataDir(this.options.dataDir, self), 'birthdays.json')
  }

  private async load(self: Self): Promise<void> {
    if (this.loadedFor === self.id) return
    this.forget()
    try {
      const parsed = fileSchema.safeParse(JSON.parse(await readFile(this.file(self), 'utf8')))
      if (parsed.success && parsed.data.selfId === self.id) {
        for (const [id, birthday, checkedAt] of parsed.data.entries) this.known.set(id, { birthday, checkedAt })
        this.fetchedNearAt = parsed.data.fetchedNearAt
      }
    } catch {
      // Nothing learnt yet.
    }
    this.loadedFor = self.id
  }

  private async save(self: Self): Promise<void> {
    if (this.loadedFor !== self.id) return
    await mkdir(accountDataDir(this.options.dataDir, self), { recursive: true })
    const entries = [...this.known].map(([id, entry]) => [id, entry.birthday, entry.checkedAt] as const)
    await writeFileAtomic(this.file(self), JSON.stringify({ version: 1, selfId: self.id, entries, fetchedNearAt: this.fetchedNearAt }))
  }

  private changed(): void {
    this.options.events.emit('birthdays.changed', { count: this.birthdays().length })
  }

  private birthdays(): Array<{ id: string; birthday: Birthday }> {
    const out: Array<{ id: string; birthday: Birthday }> = []
    for (const [id, entry] of this.known) if (entry.birthday) out.push({ id, birthday: entry.birthday })
    return out
  }

  /** The birthday known for a person (exports write it). */
  get(id: string): Birthday | undefined {
    return this.known.get(id)?.birthday ?? undefined
  }

  /** birthdays.list: what is known now; asks getBirthdays when due and starts the background scan. */
  async list(): Promise<{ birthdays: Array<{ id: string; birthday: Birthday }>; checked: number; total: number }> {
    const self = await this.options.telegram.currentSelf()
    if (!self) return { birthdays: [], checked: 0, total: 0 }
    await this.load(self)
    if (this.fetchedNearAt === null || this.options.now() - this.fetchedNearAt > GET_BIRTHDAYS_EVERY_MS) await this.fetchNear(self)
    // A failed scan (offline, signed out meanwhile) just tries again on the next list.
    this.scanning ??= this.scan(self)
      .catch(() => undefined)
      .finally(() => (this.scanning = null))
    const contacts = await this.options.contacts.current()
    const checked = contacts.filter((contact) => this.known.has(contact.id)).length
    return { birthdays: this.birthdays(), checked, total: contacts.length }
  }

  private async fetchNear(self: Self): Promise<void> {
    const client = await this.options.telegram.client()
    const result = await invoke(client, new Api.contacts.GetBirthdays())
    const now = this.options.now()
    for (const entry of result.contacts) this.known.set(entry.contactId.toString(), { birthday: toBirthday(entry.birthday), checkedAt: now })
    this.fetchedNearAt = now
    await this.save(self)
  }

  /** Reads the profiles of contacts not checked for a week, one at a time. */
  private async scan(self: Self): Promise<void> {
    const now = this.options.now()
    const due = (await this.options.contacts.current())
      .filter((contact) => now - (this.known.get(contact.id)?.checkedAt ?? 0) > RECHECK_AFTER_MS)
      .slice(0, SCAN_LIMIT)
    let learnt = 0
    for (const contact of due) {
      if (this.disposed || this.loadedFor !== self.id) return
      try {
        // details() reads users.getFullUser; the onFullUser listener above records the birthday.
        await this.options.contacts.details(contact.id)
        learnt++
      } catch {
        // Flood wait, network: the rest waits for the next run.
        break
      }
      if (learnt % 20 === 0) {
        await this.save(self)
        this.changed()
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.scanPauseMs ?? SCAN_PAUSE_MS)
        // dispose() ends the pause at once.
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
    if (learnt % 20 !== 0) {
      await this.save(self)
      this.changed()
    }
  }

  private async learn(id: string, birthday: Birthday | null): Promise<void> {
    const self = this.options.telegram.self()
    if (!self || this.disposed) return
    await this.load(self)
    const before = this.known.get(id)?.birthday ?? null
    this.known.set(id, { birthday, checkedAt: this.options.now() })
    if (JSON.stringify(before) !== JSON.stringify(birthday) && !this.scanning) {
      await this.save(self)
      this.changed()
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true
    for (const off of this.unsubscribe) off()
    this.wake()
    await this.scanning
    await this.pending
  }
}
