import { Api, type TelegramClient } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import { AppError } from '../contract'
import { rpcErrorName } from '../telegram/errors'
import { invokeOnDc } from '../telegram/invoke'

export interface PhotoRequest {
  peer: Api.TypeInputPeer
  photoId: string
  big: boolean
  /** The DC the photo's User object named; null when not known (the home DC is asked first). */
  dcId: number | null
}

export interface DownloadLimits {
  /** upload.getFile limit: a multiple of 4 KB that divides 1 MB (Telegram's rules). */
  partBytes: number
  /** A profile photo larger than this is refused (a broken server must not fill the disk). */
  maxBytes: number
}

/** 128 KB parts fetch a small photo (5–15 KB) in one request and a big one (50–150 KB) in one or two. */
export const DEFAULT_LIMITS: DownloadLimits = { partBytes: 128 * 1024, maxBytes: 4 * 1024 * 1024 }

/** A DC may send us on at most this often per photo (FILE_MIGRATE_X to FILE_MIGRATE_Y would be a server bug). */
const MAX_MIGRATIONS = 2

/**
 * upload.getFile over inputPeerPhotoFileLocation, part by part until a short part ends the file; FILE_MIGRATE_X moves
 * to DC X. Returns the bytes and the DC that had them.
 */
export async function downloadProfilePhoto(client: TelegramClient, request: PhotoRequest, limits: DownloadLimits = DEFAULT_LIMITS): Promise<{ bytes: Buffer; dcId: number }> {
  const location = new Api.InputPeerPhotoFileLocation({ peer: request.peer, photoId: returnBigInt(request.photoId), big: request.big || undefined })
  let dcId = request.dcId ?? client.session.dcId
  let migrations = 0
  const parts: Buffer[] = []
  let received = 0
  for (;;) {
    let part: Api.upload.TypeFile
    try {
      part = await invokeOnDc(client, new Api.upload.GetFile({ location, offset: returnBigInt(received), limit: limits.partBytes }), dcId)
    } catch (error) {
      const moved = /^FILE_MIGRATE_(\d+)$/.exec(rpcErrorName(error) ?? '')
      if (moved === null || migrations >= MAX_MIGRATIONS) throw error
      migrations += 1
      dcId = Number(moved[1])
      continue
    }
    if (!(part instanceof Api.upload.File)) throw new AppError({ code: 'TELEGRAM', message: 'Telegram sent the photo through a CDN, which the app does not use.' })
    parts.push(part.bytes)
    received += part.bytes.length
    if (received > limits.maxBytes) throw new AppError({ code: 'TELEGRAM', message: 'Telegram sent a profile photo far larger than any should be.' })
    if (part.bytes.length < limits.partBytes) return { bytes: Buffer.concat(parts), dcId }
  }
}
