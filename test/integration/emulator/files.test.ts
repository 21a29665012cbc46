import { beforeAll, describe, expect, it } from 'vitest'
import { Api, type TelegramClient } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import type { Emulator, WorldUser } from '../../emulator/index.js'
import { photoFileFor } from '../../../electron/emulator/photos/avatars.js'
import { rpcError, useEmulator } from './helpers.js'

const fixture = useEmulator({ seed: 31, users: 60, contacts: 20, secondDcId: 4, photoShare: 1 })
let emu: Emulator
let c: TelegramClient

beforeAll(async () => {
  emu = fixture.emu
  c = await fixture.client()
})

const onDc = (dcId: number): WorldUser => emu.world.users.find((user) => user.id !== emu.account.id && user.photo?.dcId === dcId)!
const peerOf = (user: WorldUser) => new Api.InputPeerUser({ userId: returnBigInt(user.id), accessHash: returnBigInt(user.accessHash.toString()) })
const getFile = (user: WorldUser, offset: number, limit: number, extra: { big?: boolean; photoId?: bigint; precise?: boolean } = {}) =>
  c.invoke(
    new Api.upload.GetFile({
      location: new Api.InputPeerPhotoFileLocation({ peer: peerOf(user), photoId: returnBigInt((extra.photoId ?? user.photo!.id).toString()), big: extra.big }),
      offset: returnBigInt(offset),
      limit,
      precise: extra.precise,
    }),
  ) as Promise<Api.upload.File>

describe('upload.getFile for profile photos', () => {
  it('gives users photos on both DCs, with a stripped preview in every User', async () => {
    expect(emu.dcs.map((dc) => dc.dcId)).toEqual([2, 4])
    const [user] = (await c.invoke(new Api.users.GetUsers({ id: [new Api.InputUser({ userId: returnBigInt(onDc(4).id), accessHash: returnBigInt(onDc(4).accessHash.toString()) })] }))) as Api.User[]
    expect(user!.photo).toBeInstanceOf(Api.UserProfilePhoto)
    const photo = user!.photo as Api.UserProfilePhoto
    expect([photo.photoId.toString(), photo.dcId, photo.strippedThumb?.[0]]).toEqual([onDc(4).photo!.id.toString(), 4, 1])
    const config = await c.invoke(new Api.help.GetConfig())
    expect(config.dcOptions.find((dc) => dc.id === 4)?.port).toBe(emu.dcs[1]!.port)
  })

  it('serves the file in parts of a 4 KB multiple, ending with a short part', async () => {
    const user = onDc(2)
    const file = photoFileFor(user.photo!.id, true)
    const parts: Buffer[] = []
    for (let offset = 0; ; offset += 8192) {
      const part = await getFile(user, offset, 8192, { big: true })
      expect(part.type).toBeInstanceOf(Api.storage.FileJpeg)
      parts.push(part.bytes)
      if (part.bytes.length < 8192) break
    }
    expect(Buffer.concat(parts).equals(file)).toBe(true)
    expect((await getFile(user, 0, 1024 * 1024)).bytes.equals(photoFileFor(user.photo!.id, false))).toBe(true)
  })

  it.each([
    ['a limit that is not a multiple of 4 KB', 0, 5000, 'LIMIT_INVALID'],
    ['a limit over 1 MB', 0, 2 * 1024 * 1024, 'LIMIT_INVALID'],
    ['a limit 1 MB is not a multiple of', 0, 12 * 1024, 'LIMIT_INVALID'],
    ['an offset off the 4 KB grid', 1000, 4096, 'OFFSET_INVALID'],
    ['a part crossing a 1 MB boundary', 1024 * 1024 - 4096, 8192, 'OFFSET_INVALID'],
  ])('refuses %s', async (_label, offset, limit, message) => {
    expect((await rpcError(getFile(onDc(2), offset, limit))).errorMessage).toBe(message)
  })

  it('relaxes the grid to 1 KB for precise requests', async () => {
    const part = await getFile(onDc(2), 1024, 3072, { precise: true, big: true })
    expect(part.bytes.equals(photoFileFor(onDc(2).photo!.id, true).subarray(1024, 4096))).toBe(true)
  })

  it('answers LOCATION_INVALID for a photo the user no longer has, and FILE_MIGRATE_X on the wrong DC', async () => {
    const user = onDc(2)
    expect((await rpcError(getFile(user, 0, 4096, { photoId: user.photo!.id + 1n }))).errorMessage).toBe('LOCATION_INVALID')
    const elsewhere = await rpcError(getFile(onDc(4), 0, 4096))
    expect(elsewhere.code).toBe(303)
    expect(emu.callsOf('upload.GetFile').at(-1)!.outcome).toEqual({ kind: 'error', code: 303, message: 'FILE_MIGRATE_4' })
  })

  it('exports an authorization only to another known DC', async () => {
    expect((await rpcError(c.invoke(new Api.auth.ExportAuthorization({ dcId: 2 })))).errorMessage).toBe('DC_ID_INVALID')
    expect((await rpcError(c.invoke(new Api.auth.ExportAuthorization({ dcId: 3 })))).errorMessage).toBe('DC_ID_INVALID')
    const exported = await c.invoke(new Api.auth.ExportAuthorization({ dcId: 4 }))
    expect(exported.bytes.length).toBe(32)
  })

  it('lets the client fetch from the other DC through its own export and import', async () => {
    emu.clearCalls()
    const part = await c.invoke(
      new Api.upload.GetFile({ location: new Api.InputPeerPhotoFileLocation({ peer: peerOf(onDc(4)), photoId: returnBigInt(onDc(4).photo!.id.toString()) }), offset: returnBigInt(0), limit: 1024 * 1024 }),
      4,
    )
    expect((part as Api.upload.File).bytes.equals(photoFileFor(onDc(4).photo!.id, false))).toBe(true)
    expect(emu.callsOf('auth.ImportAuthorization').map((call) => [call.dcId, call.outcome.kind])).toEqual([[4, 'result']])
    expect(emu.callsOf('upload.GetFile').map((call) => call.dcId)).toEqual([4])
  })

  it('scripts faults per DC', async () => {
    emu.script('upload.GetFile', { error: 'FILE_REFERENCE_EXPIRED', dcId: 4 })
    expect((await getFile(onDc(2), 0, 4096)).bytes.equals(photoFileFor(onDc(2).photo!.id, false).subarray(0, 4096))).toBe(true)
    const failed = await rpcError(c.invoke(new Api.upload.GetFile({ location: new Api.InputPeerPhotoFileLocation({ peer: peerOf(onDc(4)), photoId: returnBigInt(onDc(4).photo!.id.toString()) }), offset: returnBigInt(0), limit: 4096 }), 4))
    expect(failed.errorMessage).toBe('FILE_REFERENCE_EXPIRED')
  })
})
