// Draws the app icon (a contact silhouette on a rounded blue square) and writes the PNGs electron-builder
// packs: icon.png (macOS / Windows source, 512) and icons/NxN.png (Linux). Run: npx tsx build/make-icons.ts
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { crc32, deflateSync } from 'node:zlib'

type Rgba = [number, number, number, number]

const TOP: Rgba = [0x37, 0xae, 0xe2, 255]
const BOTTOM: Rgba = [0x1e, 0x88, 0xc8, 255]
const WHITE: Rgba = [255, 255, 255, 255]
const CLEAR: Rgba = [0, 0, 0, 0]
/** Samples per pixel side, for smooth edges. */
const SUPERSAMPLE = 4

function insideRoundedSquare(x: number, y: number, radius: number, inset: number): boolean {
  const lo = inset + radius
  const hi = 1 - inset - radius
  const cx = Math.min(Math.max(x, lo), hi)
  const cy = Math.min(Math.max(y, lo), hi)
  return x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset && (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2
}

function insideSilhouette(x: number, y: number): boolean {
  const head = (x - 0.5) ** 2 + (y - 0.375) ** 2 <= 0.135 ** 2
  const shoulders = y <= 0.76 && ((x - 0.5) / 0.25) ** 2 + ((y - 0.76) / 0.2) ** 2 <= 1
  return head || shoulders
}

/** The colour at a point of the unit square. */
function colourAt(x: number, y: number): Rgba {
  if (!insideRoundedSquare(x, y, 0.2, 0.04)) return CLEAR
  if (insideSilhouette(x, y)) return WHITE
  const t = (y - 0.04) / 0.92
  return TOP.map((top, i) => Math.round(top + ((BOTTOM[i] ?? top) - top) * t)) as Rgba
}

function render(size: number): Buffer {
  const stride = size * 4 + 1
  const raw = Buffer.alloc(stride * size)
  for (let py = 0; py < size; py++) {
    raw[py * stride] = 0 // filter: none
    for (let px = 0; px < size; px++) {
      const sum: [number, number, number, number] = [0, 0, 0, 0]
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const [r, g, b, a] = colourAt((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size)
          // Premultiply so edge pixels blend towards the shape's colour, not towards black.
          sum[0] += r * a
          sum[1] += g * a
          sum[2] += b * a
          sum[3] += a
        }
      }
      const alpha = sum[3]
      const offset = py * stride + 1 + px * 4
      raw[offset] = alpha ? Math.round(sum[0] / alpha) : 0
      raw[offset + 1] = alpha ? Math.round(sum[1] / alpha) : 0
      raw[offset + 2] = alpha ? Math.round(sum[2] / alpha) : 0
      raw[offset + 3] = Math.round(alpha / SUPERSAMPLE ** 2)
    }
  }
  return raw
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function png(size: number): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bit depth
  header[9] = 6 // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(render(size), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const dir = import.meta.dirname
mkdirSync(join(dir, 'icons'), { recursive: true })
const large = png(512)
writeFileSync(join(dir, 'icon.png'), large)
writeFileSync(join(dir, 'icons', '512x512.png'), large)
writeFileSync(join(dir, 'icons', '256x256.png'), png(256))
