/**
 * Files: upload.getFile for profile photos (inputPeerPhotoFileLocation), with Telegram's part rules, and the
 * authorization transfer a client needs to fetch from another DC (auth.exportAuthorization / importAuthorization).
 */
import { randomBytes } from 'node:crypto'
import { Api } from 'telegram'
import { photoFileFor } from '../photos/avatars.js'
import { RpcError } from '../rpc.js'
import { apiUser } from '../views.js'
import { long, toBigint } from '../wire.js'
import type { Registry } from './registry.js'
import { findInputPeerUser } from './session.js'

const KB = 1024
const MB = 1024 * 1024

/**
 * core.telegram.org/api/files: limit divisible by 4 KB and at most 1 MB, 1 MB divisible by limit, offset divisible
 * by 4 KB, and a part may not cross a 1 MB boundary. With `precise` the granularity is 1 KB and a part at most 1 MB.
 */
export function checkPart(offset: bigint, limit: number, precise: boolean): void {
  const unit = precise ? KB : 4 * KB
  if (!Number.isInteger(limit) || limit <= 0 || limit > MB || limit % unit !== 0 || (!precise && MB % limit !== 0)) throw new RpcError('LIMIT_INVALID')
  if (offset < 0n || offset % BigInt(unit) !== 0n) throw new RpcError('OFFSET_INVALID')
  if (!precise && offset / BigInt(MB) !== (offset + BigInt(limit) - 1n) / BigInt(MB)) throw new RpcError('OFFSET_INVALID')
}

/** One authorization handed from the DC a user is signed in on to another: used once, within a minute. */
export interface ExportedAuthorization {
  bytes: Buffer
  userId: number
  dcId: number
  expiresAt: number
}

export function registerFiles(registry: Registry): void {
  registry
    .on(Api.upload.GetFile, 'user', (request, ctx, env) => {
      const location = request.location
      if (!(location instanceof Api.InputPeerPhotoFileLocation)) throw new RpcError('LOCATION_INVALID')
      checkPart(toBigint(request.offset), request.limit, request.precise === true)
      const user = findInputPeerUser(env.world, ctx.userId, location.peer)
      if (user === undefined) throw new RpcError('PEER_ID_INVALID')
      const photo = user.photo
      // A photo id that is no longer the user's (they changed or removed it) is a stale location.
      if (photo === undefined || photo.id !== toBigint(location.photoId)) throw new RpcError('LOCATION_INVALID')
      if (photo.dcId !== env.endpoint.dcId) throw new RpcError(`FILE_MIGRATE_${photo.dcId}`)
      const file = photoFileFor(photo.id, location.big === true)
      const offset = Number(toBigint(request.offset))
      return new Api.upload.File({
        type: new Api.storage.FileJpeg(),
        mtime: 0,
        bytes: file.subarray(Math.min(offset, file.length), Math.min(offset + request.limit, file.length)),
      })
    })
    .on(Api.auth.ExportAuthorization, 'user', (request, ctx, env) => {
      if (request.dcId === env.endpoint.dcId || !env.dcs.some((dc) => dc.dcId === request.dcId)) throw new RpcError('DC_ID_INVALID')
      const id = randomBytes(8).readBigInt64LE(0)
      const bytes = randomBytes(32)
      env.authorizationExports.set(id, { bytes, userId: ctx.userId, dcId: request.dcId, expiresAt: Date.now() + 60_000 })
      return new Api.auth.ExportedAuthorization({ id: long(id), bytes })
    })
    .on(Api.auth.ImportAuthorization, 'none', (request, ctx, env) => {
      const id = toBigint(request.id)
      const exported = env.authorizationExports.get(id)
      env.authorizationExports.delete(id)
      if (exported === undefined || exported.dcId !== env.endpoint.dcId || exported.expiresAt < Date.now() || !exported.bytes.equals(request.bytes)) {
        throw new RpcError('AUTH_BYTES_INVALID')
      }
      ctx.key.userId = exported.userId
      return new Api.auth.Authorization({ user: apiUser(env.world, exported.userId, env.world.requireUser(exported.userId)) })
    })
}
