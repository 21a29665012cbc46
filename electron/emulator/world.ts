/**
 * The Telegram world behind the emulator: users, their privacy and statuses, and per account the
 * contact list, saved (imported) phone contacts, phone-sharing exceptions, 2FA and takeout state.
 * Pure data and rules, no protocol: handlers turn it into TL objects.
 */
import { Random } from './random.js'

export type UserStatus =
  | { kind: 'online'; expires: number }
  | { kind: 'offline'; wasOnline: number }
  | { kind: 'recently' }
  | { kind: 'lastWeek' }
  | { kind: 'lastMonth' }
  | { kind: 'empty' }

/** A profile photo: its id and the DC that stores its files (the picture itself is drawn from the id). */
export interface WorldPhoto {
  id: bigint
  dcId: number
}

/** Who may see the user's phone number (Telegram's phone-number privacy rule). */
export type PhonePrivacy = 'everybody' | 'contacts' | 'nobody'

export interface WorldUser {
  id: number
  accessHash: bigint
  firstName: string
  lastName: string
  username: string | undefined
  /** Digits only, with country code, as Telegram stores it. */
  phone: string
  status: UserStatus
  phonePrivacy: PhonePrivacy
  /** "Who can find me by my number": false means contacts only, so imports by others do not match. */
  findableByPhone: boolean
  bot: boolean
  deleted: boolean
  /** The current profile photo; none when undefined. */
  photo?: WorldPhoto
  /** Their birthday, when they set one; shown to their contacts (Telegram's default birthday privacy). */
  birthday?: WorldBirthday
}

export interface WorldBirthday {
  day: number
  /** 1–12. */
  month: number
  year: number | undefined
}

export interface ContactEntry {
  /** The names the owner gave this contact. */
  firstName: string
  lastName: string
  /** The phone the owner knows for this contact (imported by phone, or shared with them). */
  phone: string | undefined
  date: number
}

export interface SavedContact {
  phone: string
  firstName: string
  lastName: string
  date: number
}

export interface Account {
  contacts: Map<number, ContactEntry>
  /** Saved (imported) phone contacts by phone, including people not on Telegram. */
  saved: Map<string, SavedContact>
  /** Users allowed to see this account's phone despite its privacy rule. */
  phoneExceptions: Set<number>
  /** Plain 2FA password, or undefined when the account has none. */
  password: string | undefined
  passwordHint: string
  takeout: { id: bigint | undefined; requestedAt: number | undefined }
  /** Import batches in the current rate window: [unix seconds, contacts]. */
  imports: Array<[number, number]>
  /** Users this account blocked (contacts.block). */
  blocked: Set<number>
  /** Users this account reported for spam (messages.reportSpam), in order. */
  spamReports: number[]
}

export interface ImportLimits {
  /** Contacts imported per call; the rest come back in retry_contacts. */
  perCall: number
  /** Contacts imported per account per window; the rest come back in retry_contacts. */
  perWindow: number
  windowSeconds: number
}

export interface WorldOptions {
  seed: number
  /** Registered users, the account included. */
  users: number
  /** Contacts of the main account (at most users - 1 - strangers kept back). */
  contacts: number
  /** Saved phone contacts of people not on Telegram. */
  savedUnregistered?: number
  /** Clock for statuses and dates, unix seconds; defaults to now. */
  now?: number
  loginCode?: string
  /** 2FA password of the main account; null for none. */
  password?: string | null
  importLimits?: Partial<ImportLimits>
  /** account.initTakeoutSession answers TAKEOUT_INIT_DELAY_N until this many seconds have passed since the first request. */
  takeoutDelaySeconds?: number
  /** contacts.search: shorter queries fail with QUERY_TOO_SHORT. */
  searchMinLength?: number
  /** Share of users with a profile photo (default 0.8). */
  photoShare?: number
  /** DCs that store photos: the first (the account's) holds most, the others about a third (default [2]). */
  photoDcIds?: number[]
}

const FIRST_NAMES = [
  'Alice', 'Bob', 'Carla', 'David', 'Emma', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jonas', 'Karin', 'Lukas', 'Maria', 'Noah',
  'Olga', 'Paul', 'Quinn', 'Rosa', 'Sven', 'Tina', 'Uwe', 'Vera', 'Walter', 'Xenia', 'Yusuf', 'Zoë', 'José', 'Renée',
  'Ørjan', 'Łukasz', 'Søren', 'François', 'Ängela', 'Çağla', 'Şebnem', 'Đorđe', 'Иван', 'Ольга', 'Дмитрий', 'Αλέξανδρος',
  'Μαρία', '明', '美玲', 'محمد', 'فاطمة', 'יעל', 'अर्जुन', 'さくら', 'Nguyễn', 'Anaïs',
]
const LAST_NAMES = [
  'Anders', 'Berg', 'Costa', 'Dietrich', 'Engel', 'Fischer', 'García', 'Hoffmann', 'Ibáñez', 'Jäger', 'Krüger', 'Lopez',
  'Müller', 'Nowak', 'Olsen', 'Peña', 'Quintero', 'Rossi', 'Schäfer', 'Thompson', 'Ueda', 'Vogel', 'Weiß', 'Yılmaz',
  'Zieliński', 'Øster', 'Ćosić', 'Иванова', 'Петров', 'Παπαδόπουλος', '王', '李', 'حسن', 'כהן', 'Sharma', '佐藤', 'Trần', '',
]

/** Number plans libphonenumber accepts as valid mobile numbers (DE, ES, IT, RU, BR, IN, US). */
const PHONE_PLANS: Array<(r: Random) => string> = [
  (r) => `49151${r.digits(8)}`,
  (r) => `49176${r.digits(8)}`,
  (r) => `346${r.digits(8)}`,
  (r) => `393${r.pick(['20', '33', '40', '47'])}${r.digits(7)}`,
  (r) => `7916${r.digits(7)}`,
  (r) => `55119${r.digits(8)}`,
  (r) => `919${r.digits(9)}`,
  (r) => `1${r.pick(['212', '415', '646'])}${r.int(2, 10)}${r.digits(6)}`,
]

const DAY = 86_400

function asciiFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/ł/gi, 'l')
    .replace(/ß/g, 'ss')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

/** Telegram's vector hash (core.telegram.org/api/offsets#hash-generation), as a signed int64. */
export function vectorHash(numbers: Iterable<number | bigint>): bigint {
  const mask = (1n << 64n) - 1n
  let acc = 0n
  for (const n of numbers) {
    acc ^= acc >> 21n
    acc ^= (acc << 35n) & mask
    acc ^= acc >> 4n
    acc = (acc + BigInt.asUintN(64, BigInt(n))) & mask
  }
  return BigInt.asIntN(64, acc)
}

const folded = new Map<string, string>()

/** Lower-case, accents removed: how search matches names. Memoised: a 100,000-user search folds every name. */
export function foldForSearch(text: string): string {
  let result = folded.get(text)
  if (result === undefined) {
    result = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    if (folded.size < 100_000) folded.set(text, result)
  }
  return result
}

export class World {
  readonly users: WorldUser[] = []
  readonly accountId: number
  readonly loginCode: string
  readonly importLimits: ImportLimits
  takeoutDelaySeconds: number
  readonly searchMinLength: number
  /** Phones nobody on Telegram has, and how many accounts imported each (for popular_invites). */
  readonly unregisteredPhones: string[] = []
  readonly phoneImporters = new Map<string, number>()
  private readonly byId = new Map<number, WorldUser>()
  private readonly byUsername = new Map<string, WorldUser>()
  private readonly byPhone = new Map<string, WorldUser>()
  private readonly accounts = new Map<number, Account>()
  /** Reverse index: who has this user in their contacts. */
  private readonly contactOf = new Map<number, Set<number>>()
  private readonly random: Random
  /** Photos and birthdays are drawn from their own sequences, so adding them left every other seeded value as it was. */
  private readonly photoRandom: Random
  private readonly birthdayRandom: Random
  private readonly photoDcIds: readonly number[]
  private readonly usedPhones = new Set<string>()

  constructor(options: WorldOptions) {
    const now = options.now ?? Math.floor(Date.now() / 1000)
    this.random = new Random(options.seed)
    this.photoRandom = new Random((options.seed ^ 0x5bd1e995) >>> 0)
    this.birthdayRandom = new Random((options.seed ^ 0x27d4eb2d) >>> 0)
    this.photoDcIds = options.photoDcIds ?? [2]
    const photoShare = options.photoShare ?? 0.8
    this.loginCode = options.loginCode ?? '12345'
    this.importLimits = {
      perCall: options.importLimits?.perCall ?? Number.POSITIVE_INFINITY,
      perWindow: options.importLimits?.perWindow ?? Number.POSITIVE_INFINITY,
      windowSeconds: options.importLimits?.windowSeconds ?? 3600,
    }
    this.takeoutDelaySeconds = options.takeoutDelaySeconds ?? 0
    this.searchMinLength = options.searchMinLength ?? 3
    if (options.users < 8) throw new Error('a world needs at least 8 users')
    for (let i = 0; i < options.users; i++) {
      const user = this.randomUser(i, now)
      if (this.photoRandom.chance(photoShare)) user.photo = this.newPhoto()
      if (this.birthdayRandom.chance(0.4)) user.birthday = this.randomBirthday()
      this.addUser(user)
    }
    const account = this.users[0]!
    this.accountId = account.id
    account.phonePrivacy = 'contacts'
    account.status = { kind: 'online', expires: now + 300 }
    this.seedAccount(options, now)
    this.seedBirthdaysNear(now)
  }

  private randomBirthday(): WorldBirthday {
    const r = this.birthdayRandom
    const month = r.int(1, 13)
    const day = r.int(1, [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]! + 1)
    return { day, month, year: r.chance(0.6) ? r.int(1950, 2008) : undefined }
  }

  /** A few contacts have their birthday today, tomorrow and later this week (in local time), so there is one to show. */
  private seedBirthdaysNear(now: number): void {
    // Contacts whose birthday we may see: they have us as a contact too.
    const contacts = [...this.contactsOf(this.accountId).keys()].filter((id) => this.isContact(id, this.accountId))
    ;[0, 1, 4].forEach((inDays, index) => {
      const user = this.user(contacts[index * 3] ?? -1)
      if (user === undefined) return
      const date = new Date((now + inDays * DAY) * 1000)
      user.birthday = { day: date.getDate(), month: date.getMonth() + 1, year: index === 0 ? 1991 : user.birthday?.year }
    })
  }

  /** `userId`'s birthday as `viewerId` may see it: the owner's own, or a user who has the viewer as a contact. */
  birthdaySeenBy(user: WorldUser, viewerId: number): WorldBirthday | undefined {
    return user.id === viewerId || this.isContact(user.id, viewerId) ? user.birthday : undefined
  }

  // ---- users -------------------------------------------------------------------------------

  private randomUser(index: number, now: number): WorldUser {
    const r = this.random
    const firstName = r.pick(FIRST_NAMES)
    const lastName = r.pick(LAST_NAMES)
    const statusRoll = r.next()
    const status: UserStatus =
      statusRoll < 0.1
        ? { kind: 'online', expires: now + r.int(60, 300) }
        : statusRoll < 0.45
          ? { kind: 'offline', wasOnline: now - r.int(60, 30 * DAY) }
          : statusRoll < 0.7
            ? { kind: 'recently' }
            : statusRoll < 0.82
              ? { kind: 'lastWeek' }
              : statusRoll < 0.92
                ? { kind: 'lastMonth' }
                : { kind: 'empty' }
    const privacyRoll = r.next()
    const base = asciiFold(firstName + lastName)
    const username = r.chance(0.7) ? `${base.length >= 3 ? base : 'user'}${index}` : undefined
    return {
      id: 10_000_000 + index * 7 + r.int(0, 7),
      accessHash: r.long(),
      firstName,
      lastName,
      username,
      phone: this.randomPhone(),
      status,
      phonePrivacy: privacyRoll < 0.4 ? 'everybody' : privacyRoll < 0.8 ? 'contacts' : 'nobody',
      findableByPhone: r.chance(0.95),
      bot: false,
      deleted: false,
    }
  }

  /** A valid mobile number nobody else in this world has. */
  randomPhone(): string {
    for (;;) {
      const phone = this.random.pick(PHONE_PLANS)(this.random)
      if (!this.usedPhones.has(phone)) {
        this.usedPhones.add(phone)
        return phone
      }
    }
  }

  addUser(user: WorldUser): WorldUser {
    if (this.byId.has(user.id)) throw new Error(`user ${user.id} exists`)
    this.users.push(user)
    this.byId.set(user.id, user)
    this.usedPhones.add(user.phone)
    this.byPhone.set(user.phone, user)
    if (user.username !== undefined) this.byUsername.set(user.username.toLowerCase(), user)
    return user
  }

  user(id: number): WorldUser | undefined {
    return this.byId.get(id)
  }

  userByUsername(username: string): WorldUser | undefined {
    return this.byUsername.get(username.replace(/^@/, '').toLowerCase())
  }

  userByPhone(phone: string): WorldUser | undefined {
    return this.byPhone.get(normalizePhone(phone))
  }

  /** A fresh photo id, stored on the main DC mostly and on another one (when there is one) about a third of the time. */
  newPhoto(dcId?: number): WorldPhoto {
    const others = this.photoDcIds.slice(1)
    const chosen = dcId ?? (others.length > 0 && this.photoRandom.chance(0.34) ? this.photoRandom.pick(others) : this.photoDcIds[0]!)
    return { id: BigInt.asUintN(62, this.photoRandom.long()) + 1n, dcId: chosen }
  }

  /** The user sets a new photo (or removes theirs with null); returns it. */
  setPhoto(userId: number, photo: WorldPhoto | null): WorldUser {
    const user = this.requireUser(userId)
    if (photo === null) delete user.photo
    else user.photo = photo
    return user
  }

  setStatus(userId: number, status: UserStatus): WorldUser {
    const user = this.requireUser(userId)
    user.status = status
    return user
  }

  requireUser(id: number): WorldUser {
    const user = this.byId.get(id)
    if (user === undefined) throw new Error(`no user ${id}`)
    return user
  }

  // ---- accounts ----------------------------------------------------------------------------

  account(userId: number): Account {
    let account = this.accounts.get(userId)
    if (account === undefined) {
      account = {
        contacts: new Map(),
        saved: new Map(),
        phoneExceptions: new Set(),
        password: undefined,
        passwordHint: '',
        takeout: { id: undefined, requestedAt: undefined },
        imports: [],
        blocked: new Set(),
        spamReports: [],
      }
      this.accounts.set(userId, account)
    }
    return account
  }

  private seedAccount(options: WorldOptions, now: number): void {
    const r = this.random
    const me = this.accountId
    const account = this.account(me)
    account.password = options.password === null ? undefined : (options.password ?? 'correct horse')
    account.passwordHint = account.password === undefined ? '' : 'horse'
    const others = this.users.slice(1)
    const contactCount = Math.min(options.contacts, Math.max(0, others.length - 6))
    for (let i = 0; i < contactCount; i++) {
      const user = others[i]!
      const viaPhone = r.chance(0.8)
      const renamed = r.chance(0.1)
      const date = now - r.int(DAY, 900 * DAY)
      this.addContact(me, user.id, {
        firstName: renamed ? `${user.firstName} (${r.pick(['work', 'gym', 'school', 'Oma'])})` : user.firstName,
        lastName: user.lastName,
        phone: viaPhone ? user.phone : undefined,
        date,
      })
      if (viaPhone) account.saved.set(user.phone, { phone: user.phone, firstName: user.firstName, lastName: user.lastName, date })
      // About 60% of contacts have us back (mutual); they added us by our phone.
      if (r.chance(0.6)) this.addContact(user.id, me, { firstName: 'Me', lastName: '', phone: this.requireUser(me).phone, date })
    }
    // People not on Telegram in the saved phone book.
    const savedUnregistered = options.savedUnregistered ?? Math.max(3, Math.floor(contactCount / 5))
    for (let i = 0; i < savedUnregistered; i++) {
      const phone = this.randomPhone()
      account.saved.set(phone, { phone, firstName: r.pick(FIRST_NAMES), lastName: r.pick(LAST_NAMES), date: now - r.int(DAY, 900 * DAY) })
    }
    // Numbers nobody has; the first few were imported by many other accounts.
    for (let i = 0; i < 10; i++) {
      const phone = this.randomPhone()
      this.unregisteredPhones.push(phone)
      if (i < 3) this.phoneImporters.set(phone, [12, 5, 2][i]!)
    }
    // Strangers: the rest. Some of them may see our phone already (no exception needed);
    // some added us without our phone (share_contact).
    for (let i = contactCount; i < others.length; i++) {
      const user = others[i]!
      if (i % 3 === 0) account.phoneExceptions.add(user.id)
      if (i % 4 === 1) this.addContact(user.id, me, { firstName: 'New', lastName: 'Friend', phone: undefined, date: now - r.int(DAY, 30 * DAY) })
      if (i - contactCount > 2000) break
    }
  }

  isContact(ownerId: number, userId: number): boolean {
    return this.accounts.get(ownerId)?.contacts.has(userId) ?? false
  }

  contactsOf(ownerId: number): Map<number, ContactEntry> {
    return this.account(ownerId).contacts
  }

  /** Adds or edits a contact; `phone` is the number the owner knows for them, if any. */
  addContact(ownerId: number, userId: number, entry: ContactEntry): void {
    this.account(ownerId).contacts.set(userId, entry)
    let owners = this.contactOf.get(userId)
    if (owners === undefined) this.contactOf.set(userId, (owners = new Set()))
    owners.add(ownerId)
  }

  deleteContact(ownerId: number, userId: number): boolean {
    const removed = this.account(ownerId).contacts.delete(userId)
    this.contactOf.get(userId)?.delete(ownerId)
    return removed
  }

  /** Can `viewerId` see `user`'s phone number? */
  phoneVisible(user: WorldUser, viewerId: number): boolean {
    if (user.id === viewerId) return true
    if (this.accounts.get(user.id)?.phoneExceptions.has(viewerId)) return true
    if (user.phonePrivacy === 'everybody') return true
    return user.phonePrivacy === 'contacts' && this.isContact(user.id, viewerId)
  }

  /** The phone `viewerId` sees for `user`: their own if visible, else the one the viewer saved. */
  phoneSeenBy(user: WorldUser, viewerId: number): string | undefined {
    if (this.phoneVisible(user, viewerId)) return user.phone
    return this.accounts.get(viewerId)?.contacts.get(user.id)?.phone
  }

  /**
   * peerSettings of `viewerId`'s chat with `userId`:
   * need_contacts_exception when the viewer's phone is hidden from that user (adding them should
   * offer "share my phone"); share_contact when that user added the viewer without the viewer's phone.
   */
  peerSettings(viewerId: number, userId: number): { addContact: boolean; blockContact: boolean; needContactsException: boolean; shareContact: boolean } {
    if (viewerId === userId) return { addContact: false, blockContact: false, needContactsException: false, shareContact: false }
    const viewer = this.requireUser(viewerId)
    const isContact = this.isContact(viewerId, userId)
    const phoneHiddenFromThem = !this.phoneVisible(viewer, userId)
    const theyAddedUs = this.isContact(userId, viewerId)
    const theyKnowOurPhone = this.accounts.get(userId)?.contacts.get(viewerId)?.phone !== undefined
    return {
      addContact: !isContact,
      blockContact: !isContact,
      needContactsException: !isContact && phoneHiddenFromThem,
      shareContact: theyAddedUs && phoneHiddenFromThem && !theyKnowOurPhone,
    }
  }

  /** Shares the viewer's phone with `userId` (add_phone_privacy_exception / acceptContact). */
  sharePhone(viewerId: number, userId: number): void {
    this.account(viewerId).phoneExceptions.add(userId)
    const theirEntry = this.accounts.get(userId)?.contacts.get(viewerId)
    if (theirEntry !== undefined) theirEntry.phone = this.requireUser(viewerId).phone
  }

  /** The getContacts hash: saved_count, then the sorted contact user ids (TDLib get_contacts_hash). */
  contactsHash(ownerId: number): bigint {
    const account = this.account(ownerId)
    const ids = [...account.contacts.keys()].sort((a, b) => a - b)
    return vectorHash([account.saved.size, ...ids])
  }

  /** Users that have `userId` in their contacts. */
  ownersOf(userId: number): ReadonlySet<number> {
    return this.contactOf.get(userId) ?? new Set()
  }

  /**
   * The owner's private chats, newest first. The world keeps no messages, so a chat is where adding happened: with each
   * contact and each person who added the owner, its last message sent when the later of the two did so (incoming when
   * they were the later one, e.g. someone who added us and wrote).
   */
  privateChatsOf(ownerId: number): Array<{ userId: number; date: number; incoming: boolean }> {
    const chats = new Map<number, { userId: number; date: number; incoming: boolean }>()
    for (const [userId, entry] of this.contactsOf(ownerId)) chats.set(userId, { userId, date: entry.date, incoming: false })
    for (const userId of this.ownersOf(ownerId)) {
      const date = this.contactsOf(userId).get(ownerId)?.date
      const ours = chats.get(userId)
      if (date !== undefined && (ours === undefined || date >= ours.date)) chats.set(userId, { userId, date, incoming: true })
    }
    chats.delete(ownerId)
    return [...chats.values()].sort((a, b) => b.date - a.date || b.userId - a.userId)
  }

  // ---- standalone summary -----------------------------------------------------------------

  /** Registered users who are not contacts of the account, with the flags the standalone JSON reports. */
  strangers(limit: number): Array<{ user: WorldUser; needContactsException: boolean; addedUs: boolean }> {
    const out: Array<{ user: WorldUser; needContactsException: boolean; addedUs: boolean }> = []
    for (const user of this.users) {
      if (out.length >= limit) break
      if (user.id === this.accountId || this.isContact(this.accountId, user.id)) continue
      const settings = this.peerSettings(this.accountId, user.id)
      out.push({ user, needContactsException: settings.needContactsException, addedUs: this.isContact(user.id, this.accountId) })
    }
    return out
  }
}

/** Digits only: Telegram matches phones as international digit strings. */
export function normalizePhone(phone: string): string {
  return phone.replace(/\D/g, '')
}
