/**
 * The pictures behind the emulator's profile photos: drawn from the photo id, so the same id is the same picture
 * on every machine. Three kinds, to look like a list of real people's photos: a portrait silhouette, a landscape
 * with a sun, and an abstract pattern of discs.
 */
import { Random } from '../random.js'
import { encodeJpeg, encodeStrippedThumb, type Image } from './jpeg.js'

type Rgb = [number, number, number]

/** Telegram's sizes: the small photo is 160 px, the big one 640 px, the stripped preview about 40 px. */
export const SMALL_SIDE = 160
export const BIG_SIDE = 640
export const STRIPPED_SIDE = 40

function hsl(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l)
  const f = (n: number): number => {
    const k = (n + h / 30) % 12
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))))
  }
  return [f(0), f(8), f(4)]
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t]

/** A picture as a function of the unit square, so every size is the same picture. */
type Painter = (u: number, v: number) => Rgb

function portrait(r: Random): Painter {
  const hue = r.int(0, 360)
  const top = hsl(hue, 0.55, 0.72)
  const bottom = hsl((hue + 40) % 360, 0.5, 0.5)
  const skin = hsl(r.int(15, 35), 0.45, r.pick([0.35, 0.5, 0.65, 0.78]))
  const shirt = hsl(r.int(0, 360), 0.6, 0.4)
  const hair = hsl(r.int(20, 40), 0.4, r.pick([0.12, 0.25, 0.45, 0.7]))
  const headY = 0.4 + r.next() * 0.06
  return (u, v) => {
    const dx = u - 0.5
    if ((dx / 0.2) ** 2 + ((v - headY) / 0.24) ** 2 < 1) return v < headY - 0.12 ? hair : skin
    if (v > 0.72 && (dx / 0.42) ** 2 + ((v - 1.05) / 0.36) ** 2 < 1) return shirt
    return mix(top, bottom, v)
  }
}

function landscape(r: Random): Painter {
  const hue = r.int(170, 230)
  const sky = hsl(hue, 0.6, 0.75)
  const horizon = hsl((hue + 150) % 360, 0.7, 0.8)
  const hill = hsl(r.int(80, 150), 0.45, 0.38)
  const far = hsl(r.int(80, 150), 0.3, 0.55)
  const sun = hsl(r.int(30, 55), 0.95, 0.65)
  const sunX = 0.25 + r.next() * 0.5
  const phase = r.next() * 6
  return (u, v) => {
    if (v > 0.72 + 0.08 * Math.sin(u * 5 + phase)) return hill
    if (v > 0.6 + 0.06 * Math.sin(u * 9 + phase * 2)) return far
    if ((u - sunX) ** 2 + (v - 0.35) ** 2 < 0.012) return sun
    return mix(sky, horizon, v / 0.7)
  }
}

function discs(r: Random): Painter {
  const base = hsl(r.int(0, 360), 0.5, 0.3)
  const shapes = Array.from({ length: r.int(3, 7) }, () => ({
    x: r.next(),
    y: r.next(),
    radius: 0.1 + r.next() * 0.3,
    colour: hsl(r.int(0, 360), 0.75, 0.45 + r.next() * 0.3),
  }))
  return (u, v) => {
    let colour: Rgb = mix(base, [0, 0, 0], v * 0.4)
    for (const s of shapes) if ((u - s.x) ** 2 + (v - s.y) ** 2 < s.radius ** 2) colour = mix(colour, s.colour, 0.8)
    return colour
  }
}

/** Neighbouring designs must not look alike: the seed is mixed first (a 32-bit integer hash). */
function mixSeed(value: bigint): number {
  let x = Number(BigInt.asUintN(32, value ^ (value >> 32n)))
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d)
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b)
  return (x ^ (x >>> 16)) >>> 0
}

function painterFor(design: bigint): Painter {
  const r = new Random(mixSeed(design))
  const kind = r.pick([portrait, portrait, landscape, discs])
  return kind(r)
}

function render(paint: Painter, side: number): Image {
  const rgb = new Uint8Array(side * side * 3)
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) rgb.set(paint((x + 0.5) / side, (y + 0.5) / side), (y * side + x) * 3)
  }
  return { width: side, height: side, rgb }
}

/** Pictures drawn so far, by design: a 100,000-user world shares about a thousand designs (see designOf). */
const memo = new Map<string, Buffer>()
const DESIGNS = 1024n
/** Big files are drawn on request; the last few are kept, as one is read in several parts. */
const BIG_KEPT = 8

/** Photo ids map to one of about a thousand designs, so a big world does not encode a picture per person. */
const designOf = (photoId: bigint): bigint => BigInt.asUintN(64, photoId) % DESIGNS

function memoised(key: string, make: () => Buffer): Buffer {
  let value = memo.get(key)
  if (value === undefined) {
    value = make()
    memo.set(key, value)
  }
  return value
}

export function strippedThumbFor(photoId: bigint): Buffer {
  const design = designOf(photoId)
  return memoised(`t${design}`, () => encodeStrippedThumb(render(painterFor(design), STRIPPED_SIDE)))
}

/** The photo file: small (160 px) or big (640 px). Big ones are not kept: they are asked for one at a time. */
export function photoFileFor(photoId: bigint, big: boolean): Buffer {
  const design = designOf(photoId)
  if (!big) return memoised(`s${design}`, () => encodeJpeg(render(painterFor(design), SMALL_SIDE)))
  const key = `b${design}`
  const file = memoised(key, () => encodeJpeg(render(painterFor(design), BIG_SIDE)))
  // Most recently used last: drop the oldest big file past the few kept.
  memo.delete(key)
  memo.set(key, file)
  const bigKeys = [...memo.keys()].filter((name) => name.startsWith('b'))
  if (bigKeys.length > BIG_KEPT) memo.delete(bigKeys[0]!)
  return file
}
