import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decode } from 'jpeg-js'
import { Api } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import { loadAppFile, loadPhotoFile } from '../../../electron/core/app/app-protocol'
import { PhotoLocations } from '../../../electron/core/photos/photo-locations'
import { photoFileForUrlPath, photoUrlPath } from '../../../electron/core/photos/photo-paths'
import { strippedDataUrl, strippedToJpeg } from '../../../electron/core/photos/stripped'
import { encodeStrippedThumb } from '../../../electron/emulator/photos/jpeg'

/** 8x8 blocks of a checkerboard: dark and light squares a decoder must put back in place. */
function checkerboard(width: number, height: number) {
  const rgb = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgb.fill(((x >> 3) + (y >> 3)) % 2 ? 230 : 30, (y * width + x) * 3, (y * width + x) * 3 + 3)
  return { width, height, rgb }
}

describe('the stripped thumbnail', () => {
  it('expands with the standard JPEG header into the picture, its size taken from bytes 1 and 2', () => {
    const stripped = encodeStrippedThumb(checkerboard(40, 24))
    const jpeg = strippedToJpeg(stripped)!
    expect(jpeg.subarray(0, 4).toString('hex')).toBe('ffd8ffe0')
    expect(jpeg.subarray(-2).toString('hex')).toBe('ffd9')
    const image = decode(jpeg, { useTArray: true })
    expect([image.width, image.height]).toEqual([40, 24])
    const luma = (x: number, y: number) => image.data[(y * 40 + x) * 4]!
    expect(luma(4, 4)).toBeLessThan(90)
    expect(luma(12, 4)).toBeGreaterThan(170)
    expect(luma(12, 12)).toBeLessThan(90)
  })

  it('refuses bytes that are not a stripped thumbnail instead of passing them on', () => {
    expect(strippedToJpeg(Buffer.from([2, 40, 40, 0]))).toBeNull()
    expect(strippedToJpeg(Buffer.from([1, 0, 40, 0]))).toBeNull()
    expect(strippedToJpeg(Buffer.from([1, 40]))).toBeNull()
    expect(strippedDataUrl(encodeStrippedThumb(checkerboard(16, 16)))).toMatch(/^data:image\/jpeg;base64,\/9j\//)
  })
})

describe('photo locations', () => {
  const user = (photo: Api.TypeUserProfilePhoto | undefined, extra: Partial<ConstructorParameters<typeof Api.User>[0]> = {}) =>
    new Api.User({ id: returnBigInt(77), accessHash: returnBigInt(1), firstName: 'A', photo, ...extra })

  it('remember the photo id, DC and preview, and forget a removed photo', () => {
    const locations = new PhotoLocations()
    locations.remember(user(new Api.UserProfilePhoto({ photoId: returnBigInt('5000000000000000001'), dcId: 4, strippedThumb: Buffer.from([1, 8, 8, 9]) })))
    expect(locations.get('77')).toEqual({ photoId: '5000000000000000001', dcId: 4, stripped: Buffer.from([1, 8, 8, 9]) })
    locations.remember(user(new Api.UserProfilePhoto({ photoId: returnBigInt(6), dcId: 2 }), { min: true }))
    expect(locations.get('77')?.photoId).toBe('5000000000000000001')
    locations.remember(user(new Api.UserProfilePhotoEmpty()))
    expect(locations.get('77')).toBeUndefined()
  })

  it('learn the DC a photo turned out to be on', () => {
    const locations = new PhotoLocations()
    locations.learnDc('77', '9', 5)
    expect(locations.get('77')).toEqual({ photoId: '9', dcId: 5, stripped: null })
  })
})

describe('photo paths and the route that serves them', () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tgc-photos-'))
    await mkdir(join(dataDir, 'accounts', '42', 'photos'), { recursive: true })
    await writeFile(join(dataDir, 'accounts', '42', 'photos', '123-s.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xd9]))
    await writeFile(join(dataDir, 'accounts', '42', 'contacts.json'), '{"secret":"not a photo"}')
  })
  afterAll(async () => rm(dataDir, { recursive: true, force: true }))

  it('name a photo under its account, and map the path back to the cache file', () => {
    expect(photoUrlPath('42', '123', 'small')).toBe('/photos/42/123-s.jpg')
    expect(photoUrlPath('42', '-5', 'big')).toBe('/photos/42/-5-b.jpg')
    expect(photoFileForUrlPath(dataDir, '/photos/42/123-s.jpg')).toBe(join(dataDir, 'accounts', '42', 'photos', '123-s.jpg'))
    expect(() => photoUrlPath('../42', '1', 'small')).toThrow()
  })

  it('serve the photo as image/jpeg, and nothing else of the data folder', async () => {
    expect(await loadPhotoFile(dataDir, '/photos/42/123-s.jpg')).toEqual({ body: Buffer.from([0xff, 0xd8, 0xff, 0xd9]), contentType: 'image/jpeg' })
    for (const path of [
      '/photos/42/contacts.json',
      '/photos/42/../contacts.json',
      '/photos/42/%2e%2e/contacts.json',
      '/photos/42/123-s.jpg/../../contacts.json',
      '/photos/../accounts/42/contacts.json',
      '/photos/42/123-x.jpg',
      '/photos/42/999-s.jpg',
      '/photos/4a/123-s.jpg',
    ]) {
      expect(await loadPhotoFile(dataDir, path), path).toBeNull()
      expect(await loadAppFile(join(dataDir, 'renderer'), dataDir, path), path).toBeNull()
    }
  })
})
