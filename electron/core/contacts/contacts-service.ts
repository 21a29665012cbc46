import { randomBytes } from 'node:crypto'
import { Api } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import { AppError, LIST_PAGE_ROWS_MAX, ListHead, usernameFromQuery, type Contact, type ContactList, type ListSort, type MethodOutput, type Person, type PersonDetails, type Self } from '../contract'
import type { EventBus } from '../router'
import type { ContactsAccess, SavedNumbersAccess } from '../app/context'
import { TimeSlices } from '../app/time-slices'
import { accountDataDir } from '../telegram/account-file'
import { invoke } from '../telegram/invoke'
import { rpcErrorName } from '../telegram/errors'
import { judgePhone, isOwnNumber, OWN_NUMBER_MESSAGE, phoneProblem, regionOfPhone } from '../phones/rule'
import { normalisePhone, phoneDigits, phoneFromTelegram } from '../telegram/phone'
import type { TelegramService } from '../telegram/telegram-service'
import { AccessHashes } from './access-hashes'
import { AnswerDecoder } from './answers/answer-decoder'
import type { DecodedContacts } from './answers/answer-kinds'
import { invokeDecoded } from './answers/invoke-decoded'
import { toBirthday } from '../birthdays/to-birthday'
import { contactsHash } from './contacts-hash'
import { readContactCache, withoutHash, writeContactCache, type ContactCacheWrite } from './contact-cache'
import { ContactEventBatcher } from './event-batcher'
import { PagedRows } from './paged-rows'
import { fullUsers, userToContact, userToPerson } from './user-dto'
import type { UserNote } from './user-note'
import { mapUserStatus, sameStatus } from './user-status'

/** contacts.deleteContacts per request: small enough for Telegram, few enough requests for a big cleanup. */
export const DELETE_BATCH = 100
/** contacts.search limit; TDLib uses 20 and notes the server mostly ignores it. */
export const SEARCH_LIMIT = 20
/** Quiet time before status changes are written to the cache file. */
const CACHE_WRITE_DELAY_MS = 5000

interface AccountState {
  self: Self
  dir: string
  contacts: Map<string, Contact>
  savedCount: number
  selfIsContact: boolean
  source: 'cache' | 'telegram'
  updatedAt: number | null
  /** Set once the list was loaded (cache or Telegram); refresh sends the hash only then. */
  loaded: boolean
  /** Bumped when who is in the list, or their names or numbers, change (not statuses): windows compare it. */
  revision: number
}

export interface ContactsServiceOptions {
  telegram: TelegramService
  events: EventBus
  dataDir: string
  now: () => number
  savedNumbers: SavedNumbersAccess
}

/** What add by phone answers: added, kept as a saved phone contact, or (nothing sent) the number is someone's already. */
export type AddByPhoneResult =
  | { result: 'added'; contact: Contact }
  | { result: 'notOnTelegram'; phone: string }
  | { result: 'existing'; phone: string; existing: { kind: 'contact'; id: string; name: string } | { kind: 'saved'; name: string } }

/** Users carried by an Updates result (addContact, acceptContact, deleteContacts). */
function updatesUsers(updates: Api.TypeUpdates): Api.User[] {
  if (updates instanceof Api.Updates || updates instanceof Api.UpdatesCombined) return fullUsers(updates.users)
  return []
}

/**
 * The contact list as the app keeps it: cache file, contacts.getContacts with the hash, statuses and pushed updates,
 * and the actions on it (details, global search, delete, add, add by phone, resolve a username).
 */
export class ContactsService implements ContactsAccess {
  readonly hashes = new AccessHashes()
  /** Reads the list's big answers off the event loop (a worker thread); see answers/answer-decoder.ts. */
  private readonly decoder = new AnswerDecoder()
  /**
   * The whole list as it was when a window opened it, handed out by contacts.page. The contacts are the live objects:
   * a status that changed since is sent as it is now (its statuses.changed event says the same).
   */
  private readonly snapshots: PagedRows<Contact>
  private readonly batcher: ContactEventBatcher
  private state: AccountState | null = null
  private loading: Promise<AccountState> | null = null
  private refreshing: Promise<ContactList> | null = null
  private cacheTimer: NodeJS.Timeout | null = null
  private cacheWrite: Promise<void> = Promise.resolve()
  private statusesDirty = false
  private readonly unsubscribe: Array<() => void> = []
  private readonly fullUserListeners = new Set<(id: string, full: Api.UserFull) => void>()

  constructor(private readonly options: ContactsServiceOptions) {
    this.batcher = new ContactEventBatcher(options.events)
    // A window opens its list a few times at most at once (a reload, a refresh that changed it).
    this.snapshots = new PagedRows({ now: options.now, max: 4, pageRows: LIST_PAGE_ROWS_MAX, goneMessage: 'That list is no longer open; it is loaded again.' })
    this.unsubscribe.push(
      options.telegram.onUpdate((update) => this.onUpdate(update)),
      options.telegram.onAccount({ signedOut: () => this.reset() }),
      // Back after an outage: statuses and changes made meanwhile come with a refresh (cheap when nothing changed).
      options.telegram.onReconnect(() => {
        if (this.state) void this.refreshList().catch(() => undefined)
      }),
    )
  }

  private async requireSelf(): Promise<Self> {
    const self = await this.options.telegram.currentSelf()
    if (!self) throw new AppError({ code: 'NOT_AUTHORIZED', message: 'Sign in to Telegram first.' })
    return self
  }

  /** The loaded state of the signed-in account, from the cache file when there is one. */
  private async account(): Promise<AccountState> {
    const self = await this.requireSelf()
    if (this.state?.self.id === self.id) return this.state
    if (!this.loading) {
      this.loading = this.loadFromCache(self).finally(() => {
        this.loading = null
      })
    }
    return this.loading
  }

  private async loadFromCache(self: Self): Promise<AccountState> {
    const dir = accountDataDir(this.options.dataDir, self)
    const cache = await readContactCache(dir, self.id)
    const state: AccountState = {
      self,
      dir,
      contacts: new Map(),
      savedCount: cache?.savedCount ?? 0,
      selfIsContact: cache?.selfIsContact ?? false,
      source: 'cache',
      updatedAt: cache?.updatedAt ?? null,
      loaded: cache !== null,
      revision: 1,
    }
    const slices = new TimeSlices()
    for (const cached of cache?.contacts ?? []) {
      this.hashes.set(cached.id, cached.accessHash)
      state.contacts.set(cached.id, withoutHash(cached))
      await slices.turn()
    }
    this.state = state
    return state
  }

  /** contacts.open: the first screen in list order, and the rest by contacts.page. */
  async open(input: { sort: ListSort; firstRows: number }): Promise<MethodOutput<'contacts.open'>> {
    const state = await this.loaded()
    const all = [...state.contacts.values()]
    const head = new ListHead(input.sort, this.options.now(), input.firstRows)
    const slices = new TimeSlices()
    for (const contact of all) {
      head.add(contact)
      if (slices.due) await slices.turn()
    }
    const first = head.result()
    return { ...this.meta(state), first, total: all.length, snapshot: this.snapshots.open(all) }
  }

  /** contacts.page: a chunk of an opened list. */
  page(input: { snapshot: string; offset: number; limit: number }): MethodOutput<'contacts.page'> {
    const { rows, done } = this.snapshots.page(input.snapshot, input.offset, input.limit)
    return { contacts: rows, done }
  }

  /** contacts.sync: refresh from Telegram; whether the list moved on from the window's revision. */
  async sync(revision: number): Promise<MethodOutput<'contacts.sync'>> {
    await this.refreshList()
    const state = await this.account()
    return { ...this.meta(state), changed: state.revision !== revision }
  }

  /** The loaded list (from the cache, else from Telegram), pending events sent first. */
  private async loaded(): Promise<AccountState> {
    const state = await this.account()
    if (!state.loaded) await this.refreshList()
    this.batcher.flush()
    return this.account()
  }

  private meta(state: AccountState): Omit<ContactList, 'contacts'> & { revision: number } {
    return { savedCount: state.savedCount, source: state.source, updatedAt: state.updatedAt, revision: state.revision }
  }

  private snapshot(state: AccountState): ContactList {
    return { contacts: [...state.contacts.values()], savedCount: state.savedCount, source: state.source, updatedAt: state.updatedAt }
  }

  /** contacts.list: the cached list at once when there is one, else the list from Telegram. */
  async list(): Promise<ContactList> {
    const state = await this.account()
    if (state.loaded) {
      this.batcher.flush()
      return this.snapshot(state)
    }
    return this.refreshList()
  }

  async current(): Promise<Contact[]> {
    return (await this.list()).contacts
  }

  async refresh(): Promise<Contact[]> {
    return (await this.refreshList()).contacts
  }

  /** contacts.getContacts with the hash of what we hold; on contactsNotModified only the statuses are fetched. */
  refreshList(): Promise<ContactList> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null
    })
    return this.refreshing
  }

  private async doRefresh(): Promise<ContactList> {
    const state = await this.account()
    const client = await this.options.telegram.client()
    const ids = [...state.contacts.keys()]
    if (state.selfIsContact) ids.push(state.self.id)
    const hash = state.loaded ? await contactsHash(state.savedCount, ids) : 0n
    const result = await invokeDecoded(client, new Api.contacts.GetContacts({ hash: returnBigInt(hash.toString()) }), 'contacts', this.decoder)
    this.stillCurrent(state)
    if (result.notModified) {
      await this.refreshStatuses(state)
    } else {
      await this.replaceList(state, result)
    }
    state.source = 'telegram'
    state.updatedAt = this.options.now()
    state.loaded = true
    await this.writeCacheNow(state)
    this.batcher.flush()
    return this.snapshot(state)
  }

  /** Throws when the account signed out (or another signed in) while its list was being read. */
  private stillCurrent(state: AccountState): void {
    if (this.state !== state) throw new AppError({ code: 'NOT_AUTHORIZED', message: 'Signed out meanwhile.' })
  }

  /** The list Telegram sent replaces the one held, built in time slices (100,000 contacts take a few hundred ms). */
  private async replaceList(state: AccountState, result: Extract<DecodedContacts, { notModified: false }>): Promise<void> {
    const slices = new TimeSlices()
    const users = new Map<string, UserNote>()
    for (const note of result.users) {
      users.set(note.id, note)
      await slices.turn()
    }
    const next = new Map<string, Contact>()
    let selfIsContact = false
    let changed = false
    for (const { userId: id, mutual } of result.contacts) {
      const note = users.get(id)
      if (!note) continue
      this.hashes.rememberNote(note)
      if (note.self || id === state.self.id) {
        selfIsContact = true
      } else {
        const contact = { ...note.contact, mutual: mutual || note.contact.mutual }
        next.set(id, contact)
        changed ||= JSON.stringify(state.contacts.get(id)) !== JSON.stringify(contact)
      }
      await slices.turn()
    }
    this.stillCurrent(state)
    changed ||= next.size !== state.contacts.size
    state.contacts = next
    state.savedCount = result.savedCount
    state.selfIsContact = selfIsContact
    if (changed) {
      state.revision++
      this.options.events.emit('contacts.reloaded', { count: next.size, revision: state.revision })
    }
  }

  private async refreshStatuses(state: AccountState): Promise<void> {
    const client = await this.options.telegram.client()
    const statuses = await invokeDecoded(client, new Api.contacts.GetStatuses(), 'statuses', this.decoder)
    const slices = new TimeSlices()
    for (const entry of statuses) {
      this.applyStatus(state, entry.id, entry.status)
      await slices.turn()
    }
  }

  private applyStatus(state: AccountState, id: string, status: Contact['status']): boolean {
    const contact = state.contacts.get(id)
    if (!contact || sameStatus(contact.status, status)) return false
    contact.status = status
    this.batcher.status(id, status)
    // Statuses alone do not rewrite the cache (at 100,000 contacts a write blocks for a few hundred ms, and statuses
    // change all the time); they are saved with the next other change or at exit, and refreshed at start anyway.
    this.statusesDirty = true
    return true
  }

  /** Pushed updates keep statuses, names and phones current. */
  private onUpdate(update: Api.TypeUpdate): void {
    const state = this.state
    if (!state) return
    if (update instanceof Api.UpdateUserStatus) {
      this.applyStatus(state, update.userId.toString(), mapUserStatus(update.status))
      return
    }
    if (update instanceof Api.UpdateUserName) {
      const contact = state.contacts.get(update.userId.toString())
      if (!contact) return
      contact.firstName = update.firstName
      contact.lastName = update.lastName
      contact.username = update.usernames.find((entry) => entry.active)?.username ?? null
      this.changed(state, contact)
      return
    }
    if (update instanceof Api.UpdateUserPhone) {
      const contact = state.contacts.get(update.userId.toString())
      if (!contact) return
      contact.phone = phoneFromTelegram(update.phone)
      this.changed(state, contact)
      return
    }
    // "Fetch this user again": how layer 198 says a contact changed their photo (or other profile details).
    if (update instanceof Api.UpdateUser && state.contacts.has(update.userId.toString())) void this.refetchUser(update.userId.toString())
  }

  private async refetchUser(id: string): Promise<void> {
    try {
      const client = await this.options.telegram.client()
      this.applyUsers(fullUsers(await invoke(client, new Api.users.GetUsers({ id: [this.hashes.inputUser(id)] }))))
    } catch {
      // The next refresh or update brings it.
    }
  }

  private changed(state: AccountState, contact: Contact): void {
    state.contacts.set(contact.id, contact)
    state.revision++
    this.batcher.upsert({ ...contact })
    this.scheduleCacheWrite()
  }

  /** Applies users Telegram returned after a change (add, accept): contacts are upserted, non-contacts removed. */
  applyUsers(users: readonly Api.User[]): void {
    const state = this.state
    if (!state) return
    this.hashes.rememberAll(users)
    for (const user of users) {
      const id = user.id.toString()
      if (user.self) continue
      if (user.contact) this.changed(state, userToContact(user))
      else if (state.contacts.delete(id)) {
        state.revision++
        this.batcher.remove(id)
        this.scheduleCacheWrite()
      }
    }
  }

  private scheduleCacheWrite(): void {
    if (this.cacheTimer) return
    this.cacheTimer = setTimeout(() => {
      this.cacheTimer = null
      const state = this.state
      if (state) void this.writeCacheNow(state).catch(() => undefined)
    }, CACHE_WRITE_DELAY_MS)
    this.cacheTimer.unref()
  }

  private writeCacheNow(state: AccountState): Promise<void> {
    this.statusesDirty = false
    const cache: ContactCacheWrite = {
      selfId: state.self.id,
      savedCount: state.savedCount,
      selfIsContact: state.selfIsContact,
      updatedAt: state.updatedAt ?? this.options.now(),
      contacts: [...state.contacts.values()],
      accessHash: (id) => this.hashes.get(id),
    }
    // Writes are chained so an older list can never land after a newer one.
    this.cacheWrite = this.cacheWrite.then(
      () => (this.state === state ? writeContactCache(state.dir, cache) : undefined),
      () => (this.state === state ? writeContactCache(state.dir, cache) : undefined),
    )
    return this.cacheWrite
  }

  /** contacts.getFullUser: bio, common chats, and the peer settings the add and share flows depend on. */
  async details(id: string): Promise<PersonDetails> {
    await this.account()
    const client = await this.options.telegram.client()
    const full = await invoke(client, new Api.users.GetFullUser({ id: this.hashes.inputUser(id) }))
    this.hashes.rememberAll(full.users)
    const user = fullUsers(full.users).find((candidate) => candidate.id.toString() === id)
    if (!user) throw new AppError({ code: 'NOT_FOUND', message: 'Telegram did not return this person.' })
    const settings = full.fullUser.settings
    for (const listener of this.fullUserListeners) listener(id, full.fullUser)
    return {
      ...userToPerson(user),
      bio: full.fullUser.about ?? null,
      commonChatsCount: full.fullUser.commonChatsCount,
      needContactsException: settings.needContactsException === true,
      shareContact: settings.shareContact === true,
      birthday: toBirthday(full.fullUser.birthday),
    }
  }

  /** Called with every full profile details() reads (birthdays learn from them). */
  onFullUser(listener: (id: string, full: Api.UserFull) => void): () => void {
    this.fullUserListeners.add(listener)
    return () => this.fullUserListeners.delete(listener)
  }

  /** contacts.search: people on Telegram who are not our contacts (own contacts are filtered locally). */
  async searchGlobal(query: string): Promise<Person[]> {
    const state = await this.account()
    const client = await this.options.telegram.client()
    let found: Api.contacts.Found
    try {
      found = await invoke(client, new Api.contacts.Search({ q: query, limit: SEARCH_LIMIT }))
    } catch (error) {
      const name = rpcErrorName(error)
      if (name === 'QUERY_TOO_SHORT' || name === 'SEARCH_QUERY_EMPTY') return []
      throw error
    }
    const users = new Map(fullUsers(found.users).map((user) => [user.id.toString(), user]))
    this.hashes.rememberAll(found.users)
    const people: Person[] = []
    for (const peer of found.results) {
      if (!(peer instanceof Api.PeerUser)) continue
      const id = peer.userId.toString()
      const user = users.get(id)
      if (!user || user.self || user.contact || user.deleted || state.contacts.has(id)) continue
      people.push(userToPerson(user))
    }
    return people
  }

  /** contacts.deleteContacts in batches; a failing batch throws (earlier batches stay deleted and are reported). */
  async delete(ids: readonly string[]): Promise<number> {
    const state = await this.account()
    const client = await this.options.telegram.client()
    const known = [...new Set(ids)].filter((id) => state.contacts.has(id))
    let deleted = 0
    for (let i = 0; i < known.length; i += DELETE_BATCH) {
      const batch = known.slice(i, i + DELETE_BATCH)
      const updates = await invoke(client, new Api.contacts.DeleteContacts({ id: batch.map((id) => this.hashes.inputUser(id)) }))
      this.hashes.rememberAll(updatesUsers(updates))
      this.options.telegram.applyResultUpdates(updates)
      for (const id of batch) {
        if (state.contacts.delete(id)) {
          state.revision++
          this.batcher.remove(id)
        }
      }
      deleted += batch.length
      this.scheduleCacheWrite()
    }
    await this.writeCacheNow(state)
    this.batcher.flush()
    return deleted
  }

  /** A @username or t.me link -> the person, with what the add dialog needs. */
  async resolve(query: string): Promise<PersonDetails> {
    await this.account()
    const username = usernameFromQuery(query)
    if (!username) {
      throw new AppError({
        code: 'INVALID_INPUT',
        message: 'Type a Telegram username (like @name) or a t.me link.',
        issues: [{ path: 'query', message: 'a username or a t.me link' }],
      })
    }
    const client = await this.options.telegram.client()
    const resolved = await invoke(client, new Api.contacts.ResolveUsername({ username }))
    this.hashes.rememberAll(resolved.users)
    if (!(resolved.peer instanceof Api.PeerUser)) {
      throw new AppError({ code: 'NOT_FOUND', message: `@${username} is a group or a channel, not a person.` })
    }
    return this.details(resolved.peer.userId.toString())
  }

  /** contacts.addContact; on an existing contact it renames. The phone exception is sent exactly when chosen. */
  async add(input: { id: string; firstName: string; lastName: string; phone: string; sharePhone: boolean }): Promise<Contact> {
    const state = await this.account()
    const client = await this.options.telegram.client()
    const phone = input.phone.trim() === '' ? '' : phoneDigits(normalisePhone(input.phone))
    const updates = await invoke(
      client,
      new Api.contacts.AddContact({
        id: this.hashes.inputUser(input.id),
        firstName: input.firstName,
        lastName: input.lastName,
        phone,
        ...(input.sharePhone ? { addPhonePrivacyException: true } : {}),
      }),
    )
    this.options.telegram.applyResultUpdates(updates)
    let user = updatesUsers(updates).find((candidate) => candidate.id.toString() === input.id)
    if (!user) {
      const [fetched] = await invoke(client, new Api.users.GetUsers({ id: [this.hashes.inputUser(input.id)] }))
      if (fetched instanceof Api.User) user = fetched
    }
    if (!user) throw new AppError({ code: 'TELEGRAM', message: 'Telegram did not confirm the new contact.' })
    this.hashes.remember(user)
    const contact = { ...userToContact(user), firstName: user.firstName ?? input.firstName, lastName: user.lastName ?? input.lastName }
    this.changed(state, contact)
    this.batcher.flush()
    return contact
  }

  /**
   * contacts.importContacts with one contact and a fresh client_id; unregistered numbers stay saved phone contacts.
   * Telegram keys saved contacts by number, so importing a number that is already a contact's or a saved one renames
   * it: unless `renameExisting` is set, such a number is answered with 'existing' and nothing is sent.
   */
  async addByPhone(input: { firstName: string; lastName: string; phone: string; renameExisting?: boolean | undefined }): Promise<AddByPhoneResult> {
    const state = await this.account()
    const verdict = judgePhone(input.phone, regionOfPhone(state.self.phone))
    if (verdict.verdict === 'impossible') {
      throw new AppError({ code: 'INVALID_INPUT', message: phoneProblem(verdict), issues: [{ path: 'phone', message: 'a phone number' }] })
    }
    const e164 = verdict.e164
    if (isOwnNumber(e164, state.self.phone)) {
      throw new AppError({ code: 'INVALID_INPUT', message: OWN_NUMBER_MESSAGE, issues: [{ path: 'phone', message: 'not your own number' }] })
    }
    if (!input.renameExisting) {
      const existing = await this.holderOf(state, e164)
      if (existing && existing.name !== [input.firstName, input.lastName].filter(Boolean).join(' ')) return { result: 'existing', phone: e164, existing }
    }
    const client = await this.options.telegram.client()
    const clientId = returnBigInt(BigInt(`0x${randomBytes(7).toString('hex')}`).toString())
    const imported = await invoke(
      client,
      new Api.contacts.ImportContacts({
        contacts: [new Api.InputPhoneContact({ clientId, phone: phoneDigits(e164), firstName: input.firstName, lastName: input.lastName })],
      }),
    )
    if (imported.retryContacts.some((id) => id.equals(clientId))) {
      throw new AppError({ code: 'TELEGRAM', message: 'Telegram could not add this number right now. Try again later.' })
    }
    this.hashes.rememberAll(imported.users)
    await this.options.savedNumbers.learn([{ phone: e164, firstName: input.firstName, lastName: input.lastName }], 'addByPhone')
    const match = imported.imported.find((entry) => entry.clientId.equals(clientId))
    state.savedCount += 1
    if (!match) {
      this.scheduleCacheWrite()
      return { result: 'notOnTelegram', phone: e164 }
    }
    const user = fullUsers(imported.users).find((candidate) => candidate.id.equals(match.userId))
    if (!user) throw new AppError({ code: 'TELEGRAM', message: 'Telegram did not return the added contact.' })
    const contact: Contact = { ...userToContact(user), phone: phoneFromTelegram(user.phone) ?? e164 }
    this.changed(state, contact)
    this.batcher.flush()
    return { result: 'added', contact }
  }

  /** Who has this number already: a contact in the list, else a saved phone contact the app knows of. */
  private async holderOf(state: AccountState, e164: string): Promise<{ kind: 'contact'; id: string; name: string } | { kind: 'saved'; name: string } | null> {
    const digits = phoneDigits(e164)
    for (const contact of state.contacts.values()) {
      if (contact.phone !== null && phoneDigits(contact.phone) === digits) {
        return { kind: 'contact', id: contact.id, name: [contact.firstName, contact.lastName].filter(Boolean).join(' ') }
      }
    }
    const saved = (await this.options.savedNumbers.byDigits()).get(digits)
    return saved ? { kind: 'saved', name: [saved.firstName, saved.lastName].filter(Boolean).join(' ') } : null
  }

  /** The contact with this id in the loaded list, if any. */
  contact(id: string): Contact | undefined {
    return this.state?.contacts.get(id)
  }

  /** Sign-out: forget the account in memory; the TelegramService deletes its folder afterwards. */
  private async reset(): Promise<void> {
    if (this.cacheTimer) clearTimeout(this.cacheTimer)
    this.cacheTimer = null
    this.state = null
    this.hashes.clear()
    this.snapshots.clear()
    this.batcher.clear()
    await this.cacheWrite.catch(() => undefined)
  }

  async dispose(): Promise<void> {
    for (const off of this.unsubscribe) off()
    const pending = this.cacheTimer !== null || this.statusesDirty
    if (this.cacheTimer) clearTimeout(this.cacheTimer)
    this.cacheTimer = null
    if (pending && this.state) await this.writeCacheNow(this.state).catch(() => undefined)
    await this.cacheWrite.catch(() => undefined)
    this.batcher.flush()
    await this.decoder.dispose()
  }
}
