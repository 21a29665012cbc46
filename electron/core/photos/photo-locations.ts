import { Api } from 'telegram'

/** Where a user's current profile photo is: its id, the DC storing it (when known), and its stripped preview. */
export interface PhotoLocation {
  photoId: string
  /** Unknown for photos remembered from the contact cache: the home DC is asked and answers FILE_MIGRATE_X if need be. */
  dcId: number | null
  stripped: Buffer | null
}

/**
 * The photo a User object says its user has now: its location, null when it has none, undefined when the object says
 * nothing to go by (a min user's photo, unless Telegram says to apply it).
 */
export function photoLocationOf(user: Api.User): PhotoLocation | null | undefined {
  if (user.min === true && user.applyMinPhoto !== true) return undefined
  const photo = user.photo
  if (photo instanceof Api.UserProfilePhoto) {
    return { photoId: photo.photoId.toString(), dcId: photo.dcId, stripped: photo.strippedThumb ? Buffer.from(photo.strippedThumb) : null }
  }
  if (photo instanceof Api.UserProfilePhotoEmpty || (photo === undefined && user.min !== true)) return null
  return undefined
}

/**
 * Each user's profile photo as last seen in a User object. Kept beside the access hashes (every User Telegram sends
 * passes through there), in memory only: the contact cache keeps the photo id, which is all a download needs.
 */
export class PhotoLocations {
  private readonly byUser = new Map<string, PhotoLocation>()

  /** Notes the user's photo; a min user's photo only when Telegram says to apply it. */
  remember(user: Api.User): void {
    this.note(user.id.toString(), photoLocationOf(user))
  }

  /** Notes what photoLocationOf said of a user (undefined: nothing to note). */
  note(userId: string, location: PhotoLocation | null | undefined): void {
    if (location === undefined) return
    if (location === null) {
      this.byUser.delete(userId)
      return
    }
    this.byUser.set(userId, location)
  }

  get(userId: string): PhotoLocation | undefined {
    return this.byUser.get(userId)
  }

  /** The DC a photo turned out to live on (FILE_MIGRATE_X), for the next size of it. */
  learnDc(userId: string, photoId: string, dcId: number): void {
    const known = this.byUser.get(userId)
    if (known?.photoId === photoId) known.dcId = dcId
    else this.byUser.set(userId, { photoId, dcId, stripped: null })
  }

  clear(): void {
    this.byUser.clear()
  }
}
