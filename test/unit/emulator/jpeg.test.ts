import { describe, expect, it } from 'vitest'
import { decode } from 'jpeg-js'
import { strippedPhotoToJpg } from 'telegram/Utils.js'
import { encodeJpeg, encodeStrippedThumb, type Image } from '../../../electron/emulator/photos/jpeg'

/** Left half orange, right half blue, a white bar across the middle rows. */
function testImage(width: number, height: number): Image {
  const rgb = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = y >= height * 0.4 && y < height * 0.6 ? [255, 255, 255] : x < width / 2 ? [240, 130, 30] : [40, 90, 220]
      rgb.set(colour, (y * width + x) * 3)
    }
  }
  return { width, height, rgb }
}

function pixel(decoded: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const i = (y * decoded.width + x) * 4
  return [decoded.data[i]!, decoded.data[i + 1]!, decoded.data[i + 2]!]
}

const near = (actual: number[], expected: number[], tolerance: number) => actual.every((value, i) => Math.abs(value - expected[i]!) <= tolerance)

describe("the emulator's JPEG encoder", () => {
  it('writes full photos a standard decoder reads back with the right size and colours', () => {
    const file = encodeJpeg(testImage(160, 160))
    expect(file.subarray(0, 2).toString('hex')).toBe('ffd8')
    expect(file.subarray(-2).toString('hex')).toBe('ffd9')
    const decoded = decode(file, { useTArray: true })
    expect([decoded.width, decoded.height]).toEqual([160, 160])
    expect(near(pixel(decoded, 20, 20), [240, 130, 30], 12)).toBe(true)
    expect(near(pixel(decoded, 140, 140), [40, 90, 220], 12)).toBe(true)
    expect(near(pixel(decoded, 80, 80), [255, 255, 255], 12)).toBe(true)
  })

  it("encodes stripped thumbnails that Telegram's standard header (as GramJS adds it) turns into the picture", () => {
    const stripped = encodeStrippedThumb(testImage(40, 32))
    expect([stripped[0], stripped[1], stripped[2]]).toEqual([1, 32, 40])
    expect(stripped.length).toBeLessThan(400)
    const decoded = decode(strippedPhotoToJpg(stripped), { useTArray: true })
    expect([decoded.width, decoded.height]).toEqual([40, 32])
    expect(near(pixel(decoded, 4, 2), [240, 130, 30], 40)).toBe(true)
    expect(near(pixel(decoded, 36, 30), [40, 90, 220], 40)).toBe(true)
  })

  it('is deterministic', () => {
    expect(encodeJpeg(testImage(64, 48)).equals(encodeJpeg(testImage(64, 48)))).toBe(true)
  })
})
