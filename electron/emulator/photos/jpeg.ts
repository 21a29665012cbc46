/**
 * A small baseline JPEG encoder for the emulator's generated profile photos.
 *
 * Telegram sends a profile photo's preview as a "stripped thumbnail": the entropy-coded body of a tiny JPEG whose
 * header (quantisation and Huffman tables, 4:2:0 sampling) is a fixed one every client knows and adds back. For the
 * app's expansion to be tested for real, the emulator's previews must be encoded with exactly those tables, so this
 * encoder reads them from the header GramJS expands previews with (`strippedPhotoToJpg`). No npm encoder takes
 * foreign tables and 4:2:0 sampling (jpeg-js, the common one, writes 4:4:4 with its own), hence this one.
 * Full photos use the same header with their size written in and finer quantisation.
 */
import { strippedPhotoToJpg } from 'telegram/Utils.js'

export interface Image {
  width: number
  height: number
  /** RGB, 3 bytes per pixel, row by row. */
  rgb: Uint8Array
}

interface HuffmanCode {
  code: number
  length: number
}

interface Template {
  /** SOI through SOS, as GramJS writes it for a stripped thumbnail. */
  header: Buffer
  /** Quantisation tables by id, in zigzag order, and where their 64 bytes sit in `header`. */
  quant: Array<{ values: number[]; offset: number }>
  /** Huffman code per symbol, by class (0 DC, 1 AC) and table id. */
  huffman: Map<string, HuffmanCode[]>
  /** Offset of the SOF0 height (16-bit, big-endian), followed by the width. */
  sizeOffset: number
}

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42,
  49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]

let template: Template | undefined

/** Reads the tables out of the stripped-thumbnail header (segment by segment, as a decoder would). */
function loadTemplate(): Template {
  const expanded = strippedPhotoToJpg(Buffer.from([1, 16, 16]))
  const header = Buffer.from(expanded.subarray(0, expanded.length - 2))
  const quant: Template['quant'] = []
  const huffman = new Map<string, HuffmanCode[]>()
  let sizeOffset = -1
  let at = 2
  while (at < header.length) {
    const marker = header.readUInt16BE(at)
    const length = header.readUInt16BE(at + 2)
    const body = at + 4
    const end = at + 2 + length
    if (marker === 0xffdb) {
      for (let p = body; p < end; p += 65) quant[header[p]! & 0x0f] = { values: [...header.subarray(p + 1, p + 65)], offset: p + 1 }
    } else if (marker === 0xffc4) {
      for (let p = body; p < end; ) {
        const tableClass = header[p]! >> 4
        const id = header[p]! & 0x0f
        const counts = [...header.subarray(p + 1, p + 17)]
        const total = counts.reduce((a, b) => a + b, 0)
        const symbols = header.subarray(p + 17, p + 17 + total)
        const codes: HuffmanCode[] = []
        let code = 0
        let k = 0
        for (let length = 1; length <= 16; length++) {
          for (let n = 0; n < counts[length - 1]!; n++) codes[symbols[k++]!] = { code: code++, length }
          code <<= 1
        }
        huffman.set(`${tableClass}${id}`, codes)
        p += 17 + total
      }
    } else if (marker === 0xffc0) {
      sizeOffset = body + 1
    }
    if (marker === 0xffda) break
    at = end
  }
  if (quant.length < 2 || huffman.size < 4 || sizeOffset < 0) throw new Error('unexpected stripped-thumbnail header')
  return { header, quant, huffman, sizeOffset }
}

class BitWriter {
  private bytes = new Uint8Array(4096)
  private length = 0
  private bits = 0
  private count = 0

  /** Appends the low `length` bits of `code` (length ≤ 16). */
  write(code: number, length: number): void {
    this.bits = (this.bits << length) | (code & ((1 << length) - 1))
    this.count += length
    while (this.count >= 8) {
      this.count -= 8
      this.push((this.bits >>> this.count) & 0xff)
    }
    this.bits &= (1 << this.count) - 1
  }

  private push(byte: number): void {
    if (this.length + 2 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2)
      grown.set(this.bytes)
      this.bytes = grown
    }
    this.bytes[this.length++] = byte
    // A 0xFF in entropy-coded data is followed by a stuffed zero.
    if (byte === 0xff) this.bytes[this.length++] = 0
  }

  /** Pads the last byte with one bits, as the standard asks. */
  finish(): Buffer {
    if (this.count > 0) this.write((1 << (8 - this.count)) - 1, 8 - this.count)
    return Buffer.from(this.bytes.subarray(0, this.length))
  }
}

/** DCT basis with its scale folded in: BASIS[u * 8 + x] = C(u) / 2 · cos((2x + 1)uπ / 16). */
const BASIS = new Float64Array(64)
for (let u = 0; u < 8; u++) {
  for (let x = 0; x < 8; x++) BASIS[u * 8 + x] = ((u === 0 ? Math.SQRT1_2 : 1) / 2) * Math.cos(((2 * x + 1) * u * Math.PI) / 16)
}

/** Scratch space reused for every block (the encoder is synchronous). */
const samples = new Float64Array(64)
const rows = new Float64Array(64)
const coefficients = new Float64Array(64)
const quantised = new Int32Array(64)

/** Forward DCT of `samples` (level-shifted) into `coefficients`, separable: rows then columns. */
function dct(): void {
  for (let y = 0; y < 8; y++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0
      for (let x = 0; x < 8; x++) sum += samples[y * 8 + x]! * BASIS[u * 8 + x]!
      rows[y * 8 + u] = sum
    }
  }
  for (let u = 0; u < 8; u++) {
    for (let v = 0; v < 8; v++) {
      let sum = 0
      for (let y = 0; y < 8; y++) sum += rows[y * 8 + u]! * BASIS[v * 8 + y]!
      coefficients[v * 8 + u] = sum
    }
  }
}

/** Bits needed for a coefficient (its JPEG size category). */
const sizeOf = (value: number): number => 32 - Math.clz32(Math.abs(value))
/** The coefficient's "additional bits": the value itself, or for negatives its one's complement in `size` bits. */
const bitsOf = (value: number, size: number): number => (value < 0 ? value + (1 << size) - 1 : value)

interface Component {
  plane: Float64Array
  width: number
  quant: number[]
  dc: HuffmanCode[]
  ac: HuffmanCode[]
  previousDc: number
}

function encodeBlock(out: BitWriter, component: Component, x0: number, y0: number, height: number): void {
  for (let y = 0; y < 8; y++) {
    const sy = Math.min(y0 + y, height - 1)
    for (let x = 0; x < 8; x++) samples[y * 8 + x] = component.plane[sy * component.width + Math.min(x0 + x, component.width - 1)]! - 128
  }
  dct()
  for (let k = 0; k < 64; k++) quantised[k] = Math.round(coefficients[ZIGZAG[k]!]! / component.quant[k]!)
  const diff = quantised[0]! - component.previousDc
  const dcSize = sizeOf(diff)
  component.previousDc = quantised[0]!
  out.write(component.dc[dcSize]!.code, component.dc[dcSize]!.length)
  if (dcSize > 0) out.write(bitsOf(diff, dcSize), dcSize)
  let zeros = 0
  for (let k = 1; k < 64; k++) {
    const value = quantised[k]!
    if (value === 0) {
      zeros++
      continue
    }
    while (zeros > 15) {
      out.write(component.ac[0xf0]!.code, component.ac[0xf0]!.length)
      zeros -= 16
    }
    const size = sizeOf(value)
    const symbol = (zeros << 4) | size
    out.write(component.ac[symbol]!.code, component.ac[symbol]!.length)
    out.write(bitsOf(value, size), size)
    zeros = 0
  }
  if (zeros > 0) out.write(component.ac[0]!.code, component.ac[0]!.length)
}

/** The entropy-coded body of `image` (4:2:0, one scan), with the given quantisation tables (zigzag order). */
function encodeBody(image: Image, quant: [number[], number[]], t: Template): Buffer {
  const { width, height, rgb } = image
  const cw = Math.ceil(width / 2)
  const ch = Math.ceil(height / 2)
  const y = new Float64Array(width * height)
  const cb = new Float64Array(cw * ch)
  const cr = new Float64Array(cw * ch)
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const i = (py * width + px) * 3
      const r = rgb[i]!
      const g = rgb[i + 1]!
      const b = rgb[i + 2]!
      y[py * width + px] = 0.299 * r + 0.587 * g + 0.114 * b
      // Chroma is averaged over each 2x2 square.
      const c = (py >> 1) * cw + (px >> 1)
      cb[c] = (cb[c] ?? 0) + (-0.168736 * r - 0.331264 * g + 0.5 * b + 128) / 4
      cr[c] = (cr[c] ?? 0) + (0.5 * r - 0.418688 * g - 0.081312 * b + 128) / 4
    }
  }
  const table = (id: string): HuffmanCode[] => t.huffman.get(id)!
  const luma: Component = { plane: y, width, quant: quant[0], dc: table('00'), ac: table('10'), previousDc: 0 }
  const blue: Component = { plane: cb, width: cw, quant: quant[1], dc: table('01'), ac: table('11'), previousDc: 0 }
  const red: Component = { plane: cr, width: cw, quant: quant[1], dc: table('01'), ac: table('11'), previousDc: 0 }
  const out = new BitWriter()
  for (let my = 0; my < height; my += 16) {
    for (let mx = 0; mx < width; mx += 16) {
      for (const [dx, dy] of [[0, 0], [8, 0], [0, 8], [8, 8]] as const) encodeBlock(out, luma, mx + dx, my + dy, height)
      encodeBlock(out, blue, mx / 2, my / 2, ch)
      encodeBlock(out, red, mx / 2, my / 2, ch)
    }
  }
  return out.finish()
}

/**
 * A stripped thumbnail as Telegram sends it: 0x01, height, width, then the body encoded with the standard header's
 * tables. Sides up to 255 px (Telegram's are about 40).
 */
export function encodeStrippedThumb(image: Image): Buffer {
  if (image.width > 255 || image.height > 255) throw new Error('a stripped thumbnail is at most 255 px a side')
  const t = (template ??= loadTemplate())
  const body = encodeBody(image, [t.quant[0]!.values, t.quant[1]!.values], t)
  return Buffer.concat([Buffer.from([1, image.height, image.width]), body])
}

/**
 * A complete JPEG file. `fineness` divides the header's quantisation steps (they are coarse, for tiny previews):
 * 4 gives about what a photo site's quality 80 looks like.
 */
export function encodeJpeg(image: Image, fineness = 4): Buffer {
  const t = (template ??= loadTemplate())
  const header = Buffer.from(t.header)
  const quant = t.quant.map(({ values, offset }) => {
    const finer = values.map((value) => Math.max(1, Math.round(value / fineness)))
    header.set(finer, offset)
    return finer
  }) as [number[], number[]]
  header.writeUInt16BE(image.height, t.sizeOffset)
  header.writeUInt16BE(image.width, t.sizeOffset + 2)
  return Buffer.concat([header, encodeBody(image, quant, t), Buffer.from([0xff, 0xd9])])
}
