import { join } from 'node:path'
import { accountDataDir } from '../telegram/account-file'

/** Small (160 px, for lists) or big (640 px, for the details pane). */
export type PhotoSize = 'small' | 'big'

const SIZE_LETTER: Record<PhotoSize, string> = { small: 's', big: 'b' }
const ID = /^-?\d{1,20}$/
const URL_PATH = /^\/photos\/(\d{1,20})\/(-?\d{1,20})-([sb])\.jpg$/

export const isPhotoId = (value: string): boolean => ID.test(value)

/** The cache file's name in the account's photos folder. */
export function photoFileName(photoId: string, size: PhotoSize): string {
  if (!isPhotoId(photoId)) throw new Error('not a photo id')
  return `${photoId}-${SIZE_LETTER[size]}.jpg`
}

/** The account's photo cache folder (inside the account folder, which sign-out deletes). */
export const photosDir = (accountDir: string): string => join(accountDir, 'photos')

/**
 * The path the page loads a cached photo from, on the page's own origin: app://bundle/photos/… in Electron, the
 * bridge's /photos/… (with its token) in a browser. Never a remote URL.
 */
export function photoUrlPath(accountId: string, photoId: string, size: PhotoSize): string {
  if (!/^\d{1,20}$/.test(accountId)) throw new Error('not an account id')
  return `/photos/${accountId}/${photoFileName(photoId, size)}`
}

/** The cache file a photo URL path names under the data folder, or null for anything else (no way out of it). */
export function photoFileForUrlPath(dataDir: string, pathname: string): string | null {
  const match = URL_PATH.exec(pathname)
  if (match === null) return null
  const [, accountId, photoId, letter] = match
  return join(photosDir(accountDataDir(dataDir, { id: accountId! })), `${photoId}-${letter}.jpg`)
}
