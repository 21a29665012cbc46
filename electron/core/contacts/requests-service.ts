import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Api } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import { z } from 'zod'
import { AppError, personSchema, type Person, type Self } from '../contract'
import type { EventBus } from '../router'
import { writeFileAtomic } from '../files/atomic-file'
import { accountDataDir } from '../telegram/account-file'
import { invoke } from '../telegram/invoke'
import { rpcErrorName } from '../telegram/errors'
import type { TelegramService } from '../telegram/telegram-service'
import type { ContactsService } from './contacts-service'
import { fullUsers, userToPerson } from './user-dto'

/** Recent private chats looked at (messages.getDialogs). */
const DIALOG_LIMIT = 100
/** At most this many peers are asked for their settings per scan, so a big list does not hit flood limits. */
const MAX_CANDIDATES = 200
const CONCURRENCY = 4
/**
 * A scan costs up to MAX_CANDIDATES requests, so within this time requests.list answers from memory (updatePeerSettings
 * keeps it current meanwhile) instead of rescanning each time the view opens.
 */
const RESCAN_AFTER_MS = 10 * 60_000

const requestsFileSchema = z.object({
  version: z.literal(1),
  selfId: z.string(),
  people: z.array(personSchema),
  /** Dismissed or blocked here: kept out of the list. */
  hidden: z.array(z.string()).default([]),
})

export interface RequestsServiceOptions {
  telegram: TelegramService
  contacts: ContactsService
  events: EventBus
  dataDir: string
  now: () => number
}

/**
 * People who added us without our phone number: peers whose peerSettings has share_contact. Telegram has no method
 * listing them, so (like tdesktop's action bar) the app asks messages.getPeerSettings for the likely ones: contacts
 * who have not added us back and recent private chats. updatePeerSettings keeps the list current between scans.
 */
export class RequestsService {
  private people = new Map<string, Person>()
  private readonly hidden = new Set<string>()
  private loadedFor: string | null = null
  private scanning: Promise<Person[]> | null = null
  private scannedAt: { selfId: string; at: number } | null = null
  private readonly unsubscribe: Array<() => void> = []

  constructor(private readonly options: RequestsServiceOptions) {
    this.unsubscribe.push(
      options.telegram.onUpdate((update) => void this.onUpdate(update).catch(() => undefined)),
      options.telegram.onAccount({
        signedOut: () => {
          this.people.clear()
          this.loadedFor = null
          this.scannedAt = null
        },
      }),
    )
  }

  private async self(): Promise<Self> {
    const self = await this.options.telegram.currentSelf()
    if (!self) throw new AppError({ code: 'NOT_AUTHORIZED', message: 'Sign in to Telegram first.' })
    return self
  }

  private file(self: Self): string {
    return join(accountDataDir(this.options.dataDir, self), 'requests.json')
  }

  private async loadCache(self: Self): Promise<void> {
    if (this.loadedFor === self.id) return
    this.people.clear()
    this.hidden.clear()
    try {
      const parsed = requestsFileSchema.safeParse(JSON.parse(await readFile(this.file(self), 'utf8')))
      if (parsed.success && parsed.data.selfId === self.id) {
        for (const person of parsed.data.people) this.people.set(person.id, person)
        for (const id of parsed.data.hidden) this.hidden.add(id)
      }
    } catch {
      // No cache yet: the scan fills it.
    }
    this.loadedFor = self.id
  }

  private async save(self: Self): Promise<void> {
    if (this.loadedFor !== self.id) return
    await mkdir(accountDataDir(this.options.dataDir, self), { recursive: true })
    const file = { version: 1, selfId: self.id, people: [...this.people.values()], hidden: [...this.hidden] }
    await writeFileAtomic(this.file(self), JSON.stringify(file))
  }

  /** The requests shown: dismissed and blocked people stay out. */
  private shown(): Person[] {
    return [...this.people.values()].filter((person) => !this.hidden.has(person.id))
  }

  private changed(): void {
    this.options.events.emit('requests.changed', { count: this.shown().length })
  }

  /** requests.list: scans the likely peers (one scan at a time) and returns who may get our number. */
  async list(): Promise<Person[]> {
    const self = await this.self()
    if (this.scannedAt?.selfId === self.id && this.options.now() - this.scannedAt.at < RESCAN_AFTER_MS) return this.shown()
    this.scanning ??= this.scan().finally(() => {
      this.scanning = null
    })
    return this.scanning
  }

  private async scan(): Promise<Person[]> {
    const self = await this.self()
    await this.loadCache(self)
    const client = await this.options.telegram.client()
    const candidates = new Map<string, Api.User>()
    const dialogs = await invoke(
      client,
      new Api.messages.GetDialogs({ offsetDate: 0, offsetId: 0, offsetPeer: new Api.InputPeerEmpty(), limit: DIALOG_LIMIT, hash: returnBigInt(0) }),
    )
    if (!(dialogs instanceof Api.messages.DialogsNotModified)) {
      const users = new Map(fullUsers(dialogs.users).map((user) => [user.id.toString(), user]))
      this.options.contacts.hashes.rememberAll(dialogs.users)
      for (const dialog of dialogs.dialogs) {
        if (!(dialog.peer instanceof Api.PeerUser)) continue
        const user = users.get(dialog.peer.userId.toString())
        if (user && !user.self && !user.bot && !user.deleted && !user.mutualContact) candidates.set(user.id.toString(), user)
      }
    }
    const contactIds = (await this.options.contacts.current()).filter((contact) => !contact.mutual).map((contact) => contact.id)
    const ids = [...candidates.keys(), ...contactIds.filter((id) => !candidates.has(id))].slice(0, MAX_CANDIDATES)
    const found = new Map<string, Person>()
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++]!
        const person = await this.check(id)
        if (person) found.set(id, person)
      }
    }
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker))
    // Peers outside this scan keep their known state (they were learnt from updatePeerSettings).
    for (const id of ids) this.people.delete(id)
    for (const [id, person] of found) this.people.set(id, person)
    await this.save(self)
    this.scannedAt = { selfId: self.id, at: this.options.now() }
    this.changed()
    return this.shown()
  }

  /** messages.getPeerSettings for one peer: the person when share_contact is set, else null. */
  private async check(id: string): Promise<Person | null> {
    const client = await this.options.telegram.client()
    if (!this.options.contacts.hashes.has(id)) return null
    const result = await invoke(client, new Api.messages.GetPeerSettings({ peer: this.options.contacts.hashes.inputPeer(id) }))
    this.options.contacts.hashes.rememberAll(result.users)
    if (!result.settings.shareContact) return null
    const user = fullUsers(result.users).find((candidate) => candidate.id.toString() === id)
    if (user) return userToPerson(user)
    const contact = this.options.contacts.contact(id)
    return contact ? { ...contact, isContact: true } : null
  }

  private async onUpdate(update: Api.TypeUpdate): Promise<void> {
    if (!(update instanceof Api.UpdatePeerSettings) || !(update.peer instanceof Api.PeerUser)) return
    const self = this.options.telegram.self()
    if (!self) return
    await this.loadCache(self)
    const id = update.peer.userId.toString()
    if (update.settings.shareContact) {
      const entity = (update as Api.UpdatePeerSettings & { _entities?: Map<string, Api.TypeUser> })._entities?.get(id)
      const person = entity instanceof Api.User ? userToPerson(entity) : null
      const contact = this.options.contacts.contact(id)
      const known = person ?? (contact ? { ...contact, isContact: true } : null) ?? (await this.check(id).catch(() => null))
      if (!known) return
      if (entity instanceof Api.User) this.options.contacts.hashes.remember(entity)
      this.people.set(id, known)
    } else if (!this.people.delete(id)) {
      return
    }
    await this.save(self)
    this.changed()
  }

  /** contacts.acceptContact: shares our phone number with someone who added us. */
  async accept(id: string): Promise<void> {
    const self = await this.self()
    await this.loadCache(self)
    const client = await this.options.telegram.client()
    try {
      const updates = await invoke(client, new Api.contacts.AcceptContact({ id: this.options.contacts.hashes.inputUser(id) }))
      if (updates instanceof Api.Updates || updates instanceof Api.UpdatesCombined) {
        this.options.contacts.applyUsers(fullUsers(updates.users))
      }
      this.options.telegram.applyResultUpdates(updates)
    } catch (error) {
      // The request is gone (withdrawn, or already answered elsewhere): drop it from the list as well.
      if (rpcErrorName(error) === 'CONTACT_REQ_MISSING' && this.people.delete(id)) {
        await this.save(self)
        this.changed()
      }
      throw error
    }
    if (this.people.delete(id)) {
      await this.save(self)
      this.changed()
    }
  }

  /** contacts.block (the request goes out of the list); unblock undoes both. */
  async block(id: string): Promise<void> {
    const self = await this.self()
    await this.loadCache(self)
    await invoke(await this.options.telegram.client(), new Api.contacts.Block({ id: this.options.contacts.hashes.inputPeer(id) }))
    await this.hide(self, id, true)
  }

  async unblock(id: string): Promise<void> {
    const self = await this.self()
    await this.loadCache(self)
    await invoke(await this.options.telegram.client(), new Api.contacts.Unblock({ id: this.options.contacts.hashes.inputPeer(id) }))
    await this.hide(self, id, false)
  }

  /** messages.reportSpam on the chat with them; the request stays until blocked or dismissed. */
  async reportSpam(id: string): Promise<void> {
    await this.self()
    await invoke(await this.options.telegram.client(), new Api.messages.ReportSpam({ peer: this.options.contacts.hashes.inputPeer(id) }))
  }

  /** Hides the request here only (Telegram is not told): remembered per account. */
  async dismiss(id: string): Promise<void> {
    const self = await this.self()
    await this.loadCache(self)
    await this.hide(self, id, true)
  }

  private async hide(self: Self, id: string, hidden: boolean): Promise<void> {
    if (hidden) this.hidden.add(id)
    else this.hidden.delete(id)
    await this.save(self)
    this.changed()
  }

  dispose(): void {
    for (const off of this.unsubscribe) off()
  }
}
