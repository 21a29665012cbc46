import { Api } from 'telegram'
import { BinaryReader } from 'telegram/extensions/BinaryReader.js'
import type { UserStatus } from '../../contract'
import { noteOfUser, type UserNote } from '../user-note'
import { mapUserStatus } from '../user-status'

/**
 * The answers that grow with the phone book (100,000 entries and more), read from their TL bytes straight into plain
 * records: contacts.getContacts, contacts.getStatuses and (in an export's takeout) contacts.getSaved. Entries come in
 * parts, so that a worker thread can hand them over a few thousand at a time and a reader on the core's own thread can
 * stop between parts.
 */

export interface ContactRef {
  userId: string
  mutual: boolean
}

export interface StatusNote {
  id: string
  status: UserStatus
}

/** A saved phone contact of contacts.getSaved: the number as Telegram keeps it, the name it is saved under, when. */
export interface SavedNote {
  phone: string
  firstName: string
  lastName: string
  date: number
}

export type DecodedContacts = { notModified: true } | { notModified: false; savedCount: number; contacts: ContactRef[]; users: UserNote[] }

/** What each kind of answer is read into. */
export interface DecodedAnswers {
  contacts: DecodedContacts
  statuses: StatusNote[]
  saved: SavedNote[]
}

export type AnswerKind = keyof DecodedAnswers

/** One part of an answer: some entries of one of its lists, or the end with the answer's scalar fields. */
export type AnswerPart =
  | { list: 'contacts'; items: ContactRef[] }
  | { list: 'users'; items: UserNote[] }
  | { list: 'statuses'; items: StatusNote[] }
  | { list: 'saved'; items: SavedNote[] }
  | { end: { notModified: boolean; savedCount: number } }

/** Entries per part: each part is a few milliseconds to read, to send between threads and to take in. */
export const PART_SIZE = 2000

const VECTOR = 0x1cb5c415

function* vector<T, N>(reader: BinaryReader, note: (object: T) => N | null, wrap: (items: N[]) => AnswerPart, partSize: number): Generator<AnswerPart> {
  if (reader.readInt(false) !== VECTOR) throw new Error('a vector was expected')
  const count = reader.readInt()
  let items: N[] = []
  for (let i = 0; i < count; i++) {
    const noted = note(reader.tgReadObject() as T)
    if (noted !== null) items.push(noted)
    if (items.length === partSize) {
      yield wrap(items)
      items = []
    }
  }
  if (items.length > 0) yield wrap(items)
}

const userNote = (user: Api.TypeUser): UserNote | null => (user instanceof Api.User ? noteOfUser(user) : null)

/** The parts of an answer of `kind`, read from its TL bytes (the rpc_result's body, inflated), `partSize` entries each. */
export function* answerParts(kind: AnswerKind, bytes: Buffer, partSize = PART_SIZE): Generator<AnswerPart> {
  const reader = new BinaryReader(bytes)
  if (kind === 'contacts') {
    const constructor = reader.readInt(false)
    if (constructor === Api.contacts.ContactsNotModified.CONSTRUCTOR_ID) {
      yield { end: { notModified: true, savedCount: 0 } }
      return
    }
    if (constructor !== Api.contacts.Contacts.CONSTRUCTOR_ID) throw new Error(`contacts.Contacts expected, got ${constructor.toString(16)}`)
    yield* vector(reader, (c: Api.Contact) => ({ userId: c.userId.toString(), mutual: c.mutual }), (items) => ({ list: 'contacts', items }), partSize)
    const savedCount = reader.readInt()
    yield* vector(reader, userNote, (items) => ({ list: 'users', items }), partSize)
    yield { end: { notModified: false, savedCount } }
    return
  }
  if (kind === 'saved') {
    const note = (s: Api.SavedPhoneContact): SavedNote => ({ phone: s.phone, firstName: s.firstName, lastName: s.lastName, date: s.date })
    yield* vector(reader, note, (items) => ({ list: 'saved', items }), partSize)
    yield { end: { notModified: false, savedCount: 0 } }
    return
  }
  yield* vector(reader, (s: Api.ContactStatus) => ({ id: s.userId.toString(), status: mapUserStatus(s.status) }), (items) => ({ list: 'statuses', items }), partSize)
  yield { end: { notModified: false, savedCount: 0 } }
}

/** Puts the parts of an answer together again, as they arrive. */
export class AnswerAssembly<K extends AnswerKind> {
  private readonly lists = { contacts: [] as ContactRef[], users: [] as UserNote[], statuses: [] as StatusNote[], saved: [] as SavedNote[] }
  private end: { notModified: boolean; savedCount: number } | null = null

  constructor(private readonly kind: K) {}

  add(part: AnswerPart): void {
    if ('end' in part) {
      this.end = part.end
      return
    }
    const list: unknown[] = this.lists[part.list]
    for (const item of part.items) list.push(item)
  }

  get complete(): boolean {
    return this.end !== null
  }

  result(): DecodedAnswers[K] {
    const end = this.end
    if (end === null) throw new Error('the answer was cut off')
    const { contacts, users, statuses, saved } = this.lists
    const results: DecodedAnswers = {
      contacts: end.notModified ? { notModified: true } : { notModified: false, savedCount: end.savedCount, contacts, users },
      statuses,
      saved,
    }
    return results[this.kind]
  }
}
