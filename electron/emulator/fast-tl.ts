/**
 * A hand-rolled serializer for the few large results (contact lists of 10,000+ users).
 * GramJS's generic getBytes() needs ~65 µs per user (0.65 s for 10,000), far too slow for
 * "100,000-user worlds stay fast"; this writes the same bytes about 20x faster. Unit tests
 * compare it byte for byte with GramJS's own serialisation.
 */
import { strippedThumbFor } from './photos/avatars.js'
import { BOOL_FALSE, BOOL_TRUE, VECTOR } from './wire.js'
import type { UserStatus, WorldPhoto } from './world.js'

export interface UserView {
  id: number
  self: boolean
  contact: boolean
  mutualContact: boolean
  bot: boolean
  deleted: boolean
  accessHash: bigint
  firstName: string
  lastName: string | undefined
  username: string | undefined
  phone: string | undefined
  status: UserStatus
  photo: WorldPhoto | undefined
}

const USER = 0x4b46c37e
const USER_PROFILE_PHOTO = 0x82d1f706
const CONTACT = 0x145ade0b
const CONTACTS = 0xeae87e42
const STATUS_EMPTY = 0x09d05049
const STATUS_ONLINE = 0xedb93949
const STATUS_OFFLINE = 0x008c703f
const STATUS_RECENTLY = 0x7b197dc8
const STATUS_LAST_WEEK = 0x541a1d1a
const STATUS_LAST_MONTH = 0x65899777

export class TlWriter {
  private buffer = Buffer.allocUnsafe(64 * 1024)
  private offset = 0

  private ensure(bytes: number): void {
    if (this.offset + bytes <= this.buffer.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes))
    this.buffer.copy(next, 0, 0, this.offset)
    this.buffer = next
  }

  u32(value: number): this {
    this.ensure(4)
    this.buffer.writeUInt32LE(value >>> 0, this.offset)
    this.offset += 4
    return this
  }

  i32(value: number): this {
    this.ensure(4)
    this.buffer.writeInt32LE(value | 0, this.offset)
    this.offset += 4
    return this
  }

  i64(value: bigint | number): this {
    this.ensure(8)
    this.buffer.writeBigInt64LE(BigInt.asIntN(64, BigInt(value)), this.offset)
    this.offset += 8
    return this
  }

  /** TL string: its UTF-8 bytes. */
  string(text: string): this {
    return this.bytesField(Buffer.from(text, 'utf8'))
  }

  /** TL bytes: short (1-byte length) or long (0xfe + 3-byte length) form, padded to 4. */
  bytesField(data: Uint8Array): this {
    const length = data.length
    const header = length < 254 ? 1 : 4
    const padded = (header + length + 3) & ~3
    this.ensure(padded)
    if (header === 1) {
      this.buffer[this.offset] = length
    } else {
      this.buffer[this.offset] = 254
      this.buffer.writeUIntLE(length, this.offset + 1, 3)
    }
    this.buffer.set(data, this.offset + header)
    this.buffer.fill(0, this.offset + header + length, this.offset + padded)
    this.offset += padded
    return this
  }

  bool(value: boolean): this {
    return this.u32(value ? BOOL_TRUE : BOOL_FALSE)
  }

  vectorHeader(count: number): this {
    return this.u32(VECTOR).i32(count)
  }

  bytes(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.offset))
  }
}

export function writeStatus(writer: TlWriter, status: UserStatus): void {
  switch (status.kind) {
    case 'online':
      writer.u32(STATUS_ONLINE).i32(status.expires)
      return
    case 'offline':
      writer.u32(STATUS_OFFLINE).i32(status.wasOnline)
      return
    case 'recently':
      writer.u32(STATUS_RECENTLY).i32(0)
      return
    case 'lastWeek':
      writer.u32(STATUS_LAST_WEEK).i32(0)
      return
    case 'lastMonth':
      writer.u32(STATUS_LAST_MONTH).i32(0)
      return
    case 'empty':
      writer.u32(STATUS_EMPTY)
  }
}

/** user#4b46c37e (layer 198) with the fields the emulator sets. */
export function writeUser(writer: TlWriter, user: UserView): void {
  let flags = 1 << 0 | 1 << 1 | 1 << 6 // access_hash, first_name, status
  if (user.lastName !== undefined) flags |= 1 << 2
  if (user.username !== undefined) flags |= 1 << 3
  if (user.phone !== undefined) flags |= 1 << 4
  if (user.photo !== undefined) flags |= 1 << 5
  if (user.self) flags |= 1 << 10
  if (user.contact) flags |= 1 << 11
  if (user.mutualContact) flags |= 1 << 12
  if (user.deleted) flags |= 1 << 13
  if (user.bot) flags |= 1 << 14
  writer.u32(USER).u32(flags).u32(0).i64(user.id).i64(user.accessHash).string(user.firstName)
  if (user.lastName !== undefined) writer.string(user.lastName)
  if (user.username !== undefined) writer.string(user.username)
  if (user.phone !== undefined) writer.string(user.phone)
  if (user.photo !== undefined) {
    // userProfilePhoto#82d1f706 flags:# stripped_thumb:flags.1?bytes photo_id:long dc_id:int
    writer.u32(USER_PROFILE_PHOTO).u32(1 << 1).i64(user.photo.id).bytesField(strippedThumbFor(user.photo.id)).i32(user.photo.dcId)
  }
  writeStatus(writer, user.status)
}

/** contacts.contacts#eae87e42 contacts:Vector<Contact> saved_count:int users:Vector<User>. */
export function encodeContacts(entries: ReadonlyArray<{ user: UserView; mutual: boolean }>, savedCount: number): Buffer {
  const writer = new TlWriter()
  writer.u32(CONTACTS).vectorHeader(entries.length)
  for (const { user, mutual } of entries) writer.u32(CONTACT).i64(user.id).bool(mutual)
  writer.i32(savedCount).vectorHeader(entries.length)
  for (const { user } of entries) writeUser(writer, user)
  return writer.bytes()
}
