import type { Api } from 'telegram'
import type { Contact } from '../contract'
import { photoLocationOf, type PhotoLocation } from '../photos/photo-locations'
import { userToContact } from './user-dto'

/**
 * What the core keeps of a User Telegram sent, as plain data: built where the answer is decoded (a worker thread for
 * the big ones), so that 100,000 GramJS User objects never reach the core's own heap.
 */
export interface UserNote {
  id: string
  /** The access hash to keep; null for a min user's (or none). */
  accessHash: string | null
  /** The profile photo to keep: undefined leaves the known one, null means there is none (see photoLocationOf). */
  photo: PhotoLocation | null | undefined
  self: boolean
  contact: Contact
}

export function noteOfUser(user: Api.User): UserNote {
  return {
    id: user.id.toString(),
    accessHash: user.accessHash !== undefined && user.min !== true ? user.accessHash.toString() : null,
    photo: photoLocationOf(user),
    self: user.self === true,
    contact: userToContact(user),
  }
}
