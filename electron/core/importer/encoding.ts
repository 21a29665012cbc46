import { Buffer, isUtf8 } from 'node:buffer'

/**
 * Text encoding of contact files. Address-book exports come as UTF-8 (with or without BOM),
 * UTF-16 (Outlook, often without BOM) or Windows-1252 (Outlook and old phones, no charset given).
 * Shared by the vCard and CSV readers.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

export interface DetectedEncoding {
  /** The encoding to start with; 'utf-8' may still fall back to windows-1252 on invalid bytes. */
  encoding: TextEncodingName
  /** Bytes of byte-order mark to skip. */
  bomLength: number
}

const SAMPLE = 4096

type Decoder = InstanceType<typeof TextDecoder>

/** Windows-1252's 0x80–0x9F; the rest of its bytes are Latin-1. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ'
const C1 = /[\x80-\x9f]/g

/**
 * Windows-1252. Written out because Node's TextDecoder('windows-1252') decodes it as Latin-1
 * (0x80 becomes U+0080, not €).
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  return latin1.replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string)
}

const WINDOWS_1252_LABELS = new Set(['windows-1252', 'cp1252', 'x-cp1252', 'iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'us-ascii', 'ascii'])

/** Looks at the first bytes only: BOMs, then the NUL pattern of BOM-less UTF-16. */
export function detectEncoding(head: Uint8Array): DetectedEncoding {
  const b0 = head[0]
  const b1 = head[1]
  const b2 = head[2]
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 }
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 }
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 }
  const n = Math.min(head.length, SAMPLE) & ~1
  if (n >= 4) {
    let evenNul = 0
    let oddNul = 0
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenNul++
      if (head[i + 1] === 0) oddNul++
    }
    const pairs = n / 2
    // ASCII text in UTF-16: one byte of each pair is NUL, the other almost never.
    if (oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return { encoding: 'utf-16le', bomLength: 0 }
    if (evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return { encoding: 'utf-16be', bomLength: 0 }
  }
  return { encoding: 'utf-8', bomLength: 0 }
}

export interface DecodedText {
  text: string
  encoding: TextEncodingName
}

/** Whole-buffer decode: one strict UTF-8 pass, Windows-1252 if that fails. */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  const { encoding, bomLength } = detectEncoding(bytes)
  const body = bomLength > 0 ? bytes.subarray(bomLength) : bytes
  if (encoding !== 'utf-8') return { text: new TextDecoder(encoding, { ignoreBOM: true }).decode(body), encoding }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding }
  } catch {
    return { text: decodeWindows1252(body), encoding: 'windows-1252' }
  }
}

const decoders = new Map<string, Decoder | null>()

function decoderFor(label: string): Decoder | null {
  let decoder = decoders.get(label)
  if (decoder === undefined) {
    try {
      decoder = new TextDecoder(label)
    } catch {
      decoder = null
    }
    if (decoders.size < 64) decoders.set(label, decoder)
  }
  return decoder
}

/**
 * Decodes bytes named by a vCard CHARSET parameter. Without one (or with UTF-8, which files
 * claim wrongly), UTF-8 when the bytes are valid UTF-8, else Windows-1252.
 */
export function decodeWithCharset(bytes: Uint8Array, charset: string | null): string {
  const label = charset === null ? 'utf-8' : charset.trim().toLowerCase()
  if (WINDOWS_1252_LABELS.has(label)) return decodeWindows1252(bytes)
  if (label !== 'utf-8' && label !== 'utf8') {
    const decoder = decoderFor(label)
    if (decoder !== null) return decoder.decode(bytes)
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return isUtf8(buf) ? buf.toString('utf8') : decodeWindows1252(bytes)
}

/**
 * The bytes as a one-byte string, char code = byte. Copying bytes this way is several times
 * faster than decoding UTF-8, so the vCard reader scans this and decodes only the values it keeps.
 */
export function byteString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}


/**
 * UTF-8 bytes held in a byte string to text, or null when they are not valid UTF-8. Done in JS:
 * for the short values a card holds this beats a round trip through Buffer.
 */
function utf8FromByteString(s: string): string | null {
  let out = ''
  let start = 0
  const n = s.length
  for (let i = 0; i < n; i++) {
    const b = s.charCodeAt(i)
    if (b < 0x80) continue
    let need: number
    let cp: number
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1
      cp = b & 0x1f
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      cp = b & 0x0f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      cp = b & 0x07
    } else return null
    if (i + need >= n) return null
    for (let k = 1; k <= need; k++) {
      const c = s.charCodeAt(i + k)
      if ((c & 0xc0) !== 0x80) return null
      cp = (cp << 6) | (c & 0x3f)
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if ((need === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (need === 3 && (cp < 0x10000 || cp > 0x10ffff))) return null
    out += s.slice(start, i) + String.fromCodePoint(cp)
    i += need
    start = i + 1
  }
  return start === 0 ? s : out + s.slice(start)
}

const HIGH_BYTE = /[\x80-\xff]/

/**
 * The text a byte string's bytes stand for (see decodeWithCharset); pure ASCII is returned as is.
 * Bytes that claim no charset (or UTF-8) and are not UTF-8 are read in `fallback`: the file's
 * detected legacy charset, Windows-1252 when there is none.
 */
export function textFromByteString(s: string, charset: string | null, fallback: string | null = null): string {
  if (!HIGH_BYTE.test(s)) return s
  const label = charset === null ? 'utf-8' : charset.trim().toLowerCase()
  if (label === 'utf-8' || label === 'utf8') {
    const utf8 = utf8FromByteString(s)
    if (utf8 !== null) return utf8
    if (fallback !== null && !WINDOWS_1252_LABELS.has(fallback)) {
      const decoder = decoderFor(fallback)
      if (decoder !== null) return decoder.decode(Buffer.from(s, 'latin1'))
    }
    return s.replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string)
  }
  return decodeWithCharset(Buffer.from(s, 'latin1'), charset)
}

/** Bytes judged per sample, and samples spread over a large file. */
const BINARY_SAMPLE = 4096
const BINARY_SAMPLES = 64
/** Past this share of control characters a file is binary, not text: text has none, random bytes about 10 %. */
const BINARY_SHARE = 0.05

/**
 * True when the bytes look like a binary file, not text: more than 5 % control characters (NUL
 * included) over the whole file, read in samples spread evenly over it. One NUL in a good file is a
 * bad card, not a binary file; good cards followed by megabytes of random bytes are a binary file.
 */
export function looksBinary(bytes: Uint8Array, detected: DetectedEncoding): boolean {
  const body = detected.bomLength > 0 ? bytes.subarray(detected.bomLength) : bytes
  if (body.length === 0) return false
  const utf16 = detected.encoding === 'utf-16le' || detected.encoding === 'utf-16be'
  const samples = body.length <= BINARY_SAMPLE * BINARY_SAMPLES ? 1 : BINARY_SAMPLES
  const size = samples === 1 ? body.length : BINARY_SAMPLE
  let control = 0
  let total = 0
  for (let k = 0; k < samples; k++) {
    // Sample starts kept even, so UTF-16 code units stay whole.
    const start = samples === 1 ? 0 : Math.floor(((body.length - size) * k) / (samples - 1)) & ~1
    const sample = body.subarray(start, start + size)
    if (utf16) {
      const text = new TextDecoder(detected.encoding).decode(sample.subarray(0, sample.length & ~1))
      for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) control++
      total += text.length
    } else {
      for (let i = 0; i < sample.length; i++) if (isControl(sample[i] as number)) control++
      total += sample.length
    }
  }
  return control / total > BINARY_SHARE
}

/** Control characters other than TAB, LF, CR, FF and the DOS end-of-file mark. */
function isControl(c: number): boolean {
  return c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1a
}
