import { strippedPhotoToJpg } from 'telegram/Utils.js'

/**
 * A profile photo's stripped thumbnail as a JPEG the page can show at once (blurred) while the photo loads. Telegram
 * leaves out the header every such thumbnail shares; GramJS's strippedPhotoToJpg puts the standard one back with the
 * size filled in. Null when the bytes are not in that form (GramJS would hand them back unchanged).
 */
export function strippedToJpeg(stripped: Uint8Array): Buffer | null {
  if (stripped.length < 4 || stripped[0] !== 1 || stripped[1] === 0 || stripped[2] === 0) return null
  return strippedPhotoToJpg(Buffer.from(stripped))
}

/** The thumbnail as a data: URL (the CSP allows data: images; nothing remote). */
export function strippedDataUrl(stripped: Uint8Array): string | null {
  const jpeg = strippedToJpeg(stripped)
  return jpeg === null ? null : `data:image/jpeg;base64,${jpeg.toString('base64')}`
}
