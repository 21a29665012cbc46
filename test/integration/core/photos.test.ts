import { readFile } from 'node:fs/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import { decode } from 'jpeg-js'
import { Api } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import { downloadProfilePhoto } from '../../../electron/core/photos/download'
import { PhotoCache } from '../../../electron/core/photos/photo-cache'
import { connectedClient } from '../../emulator/client'
import type { Contact } from '../../../electron/core/contract'
import { loadPhotoFile } from '../../../electron/core/app/app-protocol'
import type { Emulator } from '../../emulator'
import { photoFileFor } from '../../../electron/emulator/photos/avatars'
import { useEmulatorCores, type TestCore } from './helpers'

/** The account lives on DC 2; DC 4 stores about a third of the photos. */
const cores = useEmulatorCores({ seed: 23, users: 300, contacts: 120, secondDcId: 4, photoShare: 0.9 }, (emulator) => ({ session: emulator.account.session }))
let emulator: Emulator
beforeAll(() => {
  emulator = cores.emulator
})

const getFiles = () => emulator.callsOf('upload.GetFile')

/** Contacts with a photo on the given DC, as the world has them. */
function withPhotoOn(list: readonly Contact[], dcId: number): Contact[] {
  return list.filter((contact) => contact.photoId !== undefined && emulator.world.requireUser(Number(contact.id)).photo?.dcId === dcId)
}

async function photoReady(core: TestCore, id: string, size: 'small' | 'big' = 'small') {
  const event = await core.waitFor('photos.ready', (payload) => payload.photos.some((photo) => photo.id === id && photo.size === size), 10_000)
  return event.photos.find((photo) => photo.id === id && photo.size === size)!
}

describe('profile photos', () => {
  it('lists each contact with the id of their current photo', async () => {
    const core = await cores.open()
    const { contacts } = await core.call('contacts.list')
    for (const contact of contacts) {
      const photo = emulator.world.requireUser(Number(contact.id)).photo
      expect(contact.photoId).toBe(photo?.id.toString())
    }
    expect(contacts.filter((contact) => contact.photoId !== undefined).length).toBeGreaterThan(contacts.length * 0.7)
  })

  it('answers with the stripped preview at once, then downloads the small photo in parts and serves it from disk', async () => {
    const core = await cores.openExact({ session: emulator.account.session }, emulator)
    const { contacts } = await core.call('contacts.list')
    const [target] = withPhotoOn(contacts, 2)
    emulator.clearCalls()
    const { photos } = await core.call('photos.want', { size: 'small', people: [{ id: target!.id, photoId: target!.photoId! }] })
    expect(photos).toHaveLength(1)
    expect(photos[0]!.url).toBeNull()
    expect(photos[0]!.preview).toMatch(/^data:image\/jpeg;base64,/)
    const preview = decode(Buffer.from(photos[0]!.preview!.split(',')[1]!, 'base64'), { useTArray: true })
    expect([preview.width, preview.height]).toEqual([40, 40])

    const ready = await photoReady(core, target!.id)
    expect(ready.url).toBe(`/photos/${emulator.account.id}/${target!.photoId}-s.jpg`)
    const served = await loadPhotoFile(core.dataDir, ready.url!)
    expect(served?.contentType).toBe('image/jpeg')
    expect(served?.body.equals(photoFileFor(BigInt(target!.photoId!), false))).toBe(true)
    const calls = getFiles()
    expect(calls.every((call) => call.dcId === 2)).toBe(true)
    expect(calls[0]!.params).toMatchObject({ offset: '0', location: { _: 'InputPeerPhotoFileLocation', photoId: target!.photoId } })

    emulator.clearCalls()
    const again = await core.call('photos.want', { size: 'small', people: [{ id: target!.id, photoId: target!.photoId! }] })
    expect(again.photos[0]!.url).toBe(ready.url)
    expect(getFiles()).toHaveLength(0)
  })

  it('fetches a photo stored on the second DC with an authorization exported from the first', async () => {
    const core = await cores.open()
    const { contacts } = await core.call('contacts.list')
    const [target] = withPhotoOn(contacts, 4)
    emulator.clearCalls()
    await core.call('photos.want', { size: 'big', people: [{ id: target!.id, photoId: target!.photoId! }] })
    const ready = await photoReady(core, target!.id, 'big')
    expect(ready.url).toBe(`/photos/${emulator.account.id}/${target!.photoId}-b.jpg`)
    expect(emulator.callsOf('auth.ExportAuthorization').map((call) => [call.dcId, call.params.dcId])).toEqual([[2, 4]])
    expect(emulator.callsOf('auth.ImportAuthorization').map((call) => call.dcId)).toEqual([4])
    expect(getFiles().map((call) => [call.dcId, call.outcome.kind])).toEqual(getFiles().map(() => [4, 'result']))
    expect((await loadPhotoFile(core.dataDir, ready.url!))?.body.equals(photoFileFor(BigInt(target!.photoId!), true))).toBe(true)
  })

  it('follows FILE_MIGRATE_X when the DC is not known (a photo remembered only from the contact cache)', async () => {
    const first = await cores.open()
    const { contacts } = await first.call('contacts.list')
    const [target] = withPhotoOn(contacts, 4)
    await first.dispose()
    // A restart: the list comes from the cache file, which keeps photo ids but not their DCs.
    const core = await cores.open({ dataDir: first.dataDir, secrets: first.secrets })
    expect((await core.call('contacts.list')).source).toBe('cache')
    emulator.clearCalls()
    await core.call('photos.want', { size: 'small', people: [{ id: target!.id, photoId: target!.photoId! }] })
    await photoReady(core, target!.id)
    const [wrongDc, ...rest] = getFiles()
    expect([wrongDc!.dcId, wrongDc!.outcome]).toEqual([2, { kind: 'error', code: 303, message: 'FILE_MIGRATE_4' }])
    expect(rest.map((call) => call.dcId)).toEqual(rest.map(() => 4))
  })

  it('reads a file in parts of the given size with aligned offsets (4 KB parts: the emulator checks the rules)', async () => {
    const client = await connectedClient(emulator.endpoint, emulator.account.session)
    try {
      const target = [...emulator.world.users].find((user) => user.photo?.dcId === 2 && user.id !== emulator.account.id)!
      emulator.clearCalls()
      const peer = new Api.InputPeerUser({ userId: returnBigInt(target.id), accessHash: returnBigInt(target.accessHash.toString()) })
      const { bytes, dcId } = await downloadProfilePhoto(client, { peer, photoId: target.photo!.id.toString(), big: true, dcId: null }, { partBytes: 4096, maxBytes: 1 << 20 })
      expect(dcId).toBe(2)
      const file = photoFileFor(target.photo!.id, true)
      expect(bytes.equals(file)).toBe(true)
      const calls = getFiles()
      expect(calls.map((call) => Number(call.params.offset))).toEqual(calls.map((_, index) => index * 4096))
      expect(calls.length).toBe(Math.floor(file.length / 4096) + 1)
      await expect(
        downloadProfilePhoto(client, { peer, photoId: target.photo!.id.toString(), big: true, dcId: null }, { partBytes: 4096, maxBytes: 8192 }),
      ).rejects.toMatchObject({ code: 'TELEGRAM' })
    } finally {
      await client.destroy()
    }
  })

  it('refetches the user on FILE_REFERENCE_EXPIRED and retries once', async () => {
    const core = await cores.open()
    const { contacts } = await core.call('contacts.list')
    const [target] = withPhotoOn(contacts, 2).slice(3)
    emulator.clearCalls()
    emulator.script('upload.GetFile', { error: 'FILE_REFERENCE_EXPIRED' })
    await core.call('photos.want', { size: 'small', people: [{ id: target!.id, photoId: target!.photoId! }] })
    const ready = await photoReady(core, target!.id)
    expect(ready.url).not.toBeNull()
    expect(emulator.callsOf('users.GetUsers').map((call) => (call.params.id as Array<{ userId: string }>)[0]!.userId)).toEqual([target!.id])
    expect(getFiles().map((call) => call.outcome.kind)).toEqual(['error', 'result'])
  })

  it('takes the new photo when a contact changed theirs: the list learns the new id and the new file comes', async () => {
    const core = await cores.open()
    const { contacts } = await core.call('contacts.list')
    const [target] = withPhotoOn(contacts, 2).slice(5)
    const oldId = target!.photoId!
    emulator.world.setPhoto(Number(target!.id), emulator.world.newPhoto(2))
    const newId = emulator.world.requireUser(Number(target!.id)).photo!.id.toString()
    await core.call('photos.want', { size: 'small', people: [{ id: target!.id, photoId: oldId }] })
    const ready = await core.waitFor('photos.ready', (payload) => payload.photos.some((photo) => photo.id === target!.id && photo.photoId === newId))
    expect(ready.photos.find((photo) => photo.id === target!.id)!.url).toBe(`/photos/${emulator.account.id}/${newId}-s.jpg`)
    await core.waitFor('contacts.upserted', (payload) => payload.contacts.some((contact) => contact.id === target!.id && contact.photoId === newId))
  })

  it('hears updateUser when a contact sets a new photo and upserts them with its id', async () => {
    const core = await cores.open()
    const { contacts } = await core.call('contacts.list')
    const [target] = withPhotoOn(contacts, 2).slice(7)
    emulator.setUserPhoto(Number(target!.id), 'new')
    const newId = emulator.world.requireUser(Number(target!.id)).photo!.id.toString()
    expect(newId).not.toBe(target!.photoId)
    await core.waitFor('contacts.upserted', (payload) => payload.contacts.some((contact) => contact.id === target!.id && contact.photoId === newId))
  })

  it('fetches only what was asked last: rows scrolled past are dropped from the queue', async () => {
    const core = await cores.open()
    const { contacts } = await core.call('contacts.list')
    const onMain = withPhotoOn(contacts, 2)
    const first = onMain.slice(10, 40)
    const second = onMain.slice(40, 43)
    emulator.clearCalls()
    emulator.script('upload.GetFile', { delayMs: 150, times: 3 })
    await core.call('photos.want', { size: 'small', people: first.map((c) => ({ id: c.id, photoId: c.photoId! })) })
    await core.call('photos.want', { size: 'small', people: second.map((c) => ({ id: c.id, photoId: c.photoId! })) })
    for (const contact of second) await photoReady(core, contact.id)
    const fetched = new Set(getFiles().map((call) => (call.params.location as { photoId: string }).photoId))
    // The three already in flight finish; the other 27 of the first screen are never asked for.
    expect(fetched.size).toBe(6)
    expect(second.every((contact) => fetched.has(contact.photoId!))).toBe(true)
  })

  it('keeps the disk cache under its limit, dropping the least recently used first', async () => {
    const core = await cores.open()
    const { contacts } = await core.call('contacts.list')
    const sample = withPhotoOn(contacts, 2).slice(0, 6)
    const files = sample.map((contact) => photoFileFor(BigInt(contact.photoId!), false))
    let clock = 1_000
    const dir = `${core.dataDir}/lru`
    const limit = files[0]!.length + files[1]!.length + files[2]!.length + 10
    const cache = new PhotoCache({ dir, maxBytes: limit, now: () => (clock += 1000) })
    for (const [index, file] of files.slice(0, 3).entries()) await cache.put(`${index}-s.jpg`, file)
    expect(await cache.get('0-s.jpg')).not.toBeNull()
    await cache.put('3-s.jpg', files[3]!)
    expect(await cache.has('1-s.jpg')).toBe(false)
    expect(await cache.has('0-s.jpg')).toBe(true)
    expect((await cache.usage()).bytes).toBeLessThanOrEqual(limit)
    // A restart reads the folder back, sizes and ages included.
    const reopened = new PhotoCache({ dir, maxBytes: limit, now: () => (clock += 1000) })
    expect(await reopened.usage()).toEqual(await cache.usage())
    expect((await readFile(`${dir}/0-s.jpg`)).equals(files[0]!)).toBe(true)
  })
})
