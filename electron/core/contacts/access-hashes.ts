import { Api } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import { AppError } from '../contract'
import { PhotoLocations } from '../photos/photo-locations'
import type { UserNote } from './user-note'

/**
 * Maps user ids (which cross to the renderer) back to InputUser. Access hashes never leave the main process; they
 * are learnt from every User Telegram sends and from the contact cache, because a StringSession keeps no entities.
 * Every User passes through here, so each one's profile photo location is noted on the way (`photos`).
 */
export class AccessHashes {
  private readonly hashes = new Map<string, string>()
  readonly photos = new PhotoLocations()

  remember(user: Api.User): void {
    this.photos.remember(user)
    if (user.accessHash !== undefined && user.min !== true) this.hashes.set(user.id.toString(), user.accessHash.toString())
  }

  /** The same for a user decoded elsewhere (see UserNote). */
  rememberNote(note: UserNote): void {
    this.photos.note(note.id, note.photo)
    if (note.accessHash !== null) this.hashes.set(note.id, note.accessHash)
  }

  rememberAll(users: Iterable<Api.TypeUser>): void {
    for (const user of users) if (user instanceof Api.User) this.remember(user)
  }

  set(id: string, accessHash: string): void {
    this.hashes.set(id, accessHash)
  }

  get(id: string): string | undefined {
    return this.hashes.get(id)
  }

  has(id: string): boolean {
    return this.hashes.has(id)
  }

  inputUser(id: string): Api.InputUser {
    const hash = this.hashes.get(id)
    if (hash === undefined) {
      throw new AppError({ code: 'NOT_FOUND', message: 'The app does not know this person yet. Search for them again.' })
    }
    return new Api.InputUser({ userId: returnBigInt(id), accessHash: returnBigInt(hash) })
  }

  inputPeer(id: string): Api.InputPeerUser {
    const user = this.inputUser(id)
    return new Api.InputPeerUser({ userId: user.userId, accessHash: user.accessHash })
  }

  clear(): void {
    this.hashes.clear()
    this.photos.clear()
  }
}
