import { Api } from 'telegram'

/** Where a user's current profile photo is: its id, the DC storing it (when known), and its stripped preview. */
export interface PhotoLocation {
  photoId: string
  /** Unknown for photos remembered from the contact cache: the home DC is asked and answers FILE_MIGRATE_X if need be. */
  dcId: number | null
  stripped: Buffer | null
}

/**
 * Each user's profile photo as last seen in a User object. Kept beside the access hashes (every User Telegram sends
 * passes through there), in memory only: the contact cache keeps the photo id, which is all a download needs.
 */
export class PhotoLocations {
  private readonly byUser = new Map<string, PhotoLocation>()

  /** Notes the user's photo; a min user's photo only when Telegram says to apply it. */
  remember(user: Api.User): void {
    if (user.min === true && user.applyMinPhoto !== true) return
    const id = user.id.toString()
    const photo = user.photo
    if (photo instanceof Api.UserProfilePhoto) {
      this.byUser.set(id, { photoId: photo.photoId.toString(), dcId: photo.dcId, stripped: photo.strippedThumb ? Buffer.from(photo.strippedThumb) : null })
    } else if (photo instanceof Api.UserProfilePhotoEmpty || (photo === undefined && user.min !== true)) {
      this.byUser.delete(id)
    }
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
