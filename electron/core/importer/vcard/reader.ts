/**
 * A lenient, streaming vCard 2.1 / 3.0 / 4.0 reader.
 *
 * Written here rather than taken from npm because the npm parsers misread the 2.1 exports phones
 * write (QUOTED-PRINTABLE soft breaks, bare parameters, charsets) and give up on a whole file at
 * its first bad card. This one recovers card by card, reports what it skipped with a line number,
 * and only builds strings for the properties an import needs (FN, N, ORG, TEL, X-ABLabel): every
 * other line, PHOTO payloads included, is stepped over with indexOf and char-code checks.
 */

import { Buffer } from 'node:buffer'
import { byteString, detectEncoding, textFromByteString } from '../encoding'
import type { FileProblem } from '../model'
import { ReadResult } from '../read-result'
import { contactNames } from '../names'
import { decodeQuotedPrintable, hexValue, nameComponents, parseParams, quotedPrintableToByteString, splitComponents, unescapeText, unwrapAppleLabel } from './values'
import { MAX_PARAMS } from './values'
import type { CustomLabel, PropertyParams } from './values'

/** Beyond this many problems a file only counts them (hostile files must not make huge reports). */
export const MAX_PROBLEMS = 1000

const LONE_CR = /\r[^\r\n]/

/**
 * Limits a person never reaches and a hostile file always does: past them the reader reports what it
 * did not read and stops (a file) or skips (a card's numbers, a long value), so work and memory stay bounded.
 */
export const MAX_CARDS = 200_000
export const MAX_NUMBERS = 500_000
export const MAX_PHONES_PER_CARD = 100
/** X-ABLabel lines kept per card. */
const MAX_LABELS = 1000
/** Characters kept of a name, organisation or label; of a phone number. */
export const MAX_TEXT = 4096
const MAX_NUMBER_TEXT = 256

/** Cards open inside each other at most (2.1 AGENT nesting, missing ENDs). */
const MAX_NESTING = 4

/** Parameter-list cache slots (a power of two). */
const PARAM_SLOTS = 256

/** Label cache slots (a power of two). */
const LABEL_SLOTS = 64

/** Shared by every phone without types; never changed. */
const NO_TYPES: string[] = []

const enum Prop {
  Other,
  Begin,
  End,
  Version,
  Fn,
  N,
  Org,
  Tel,
  AbLabel,
  Binary,
}

interface Card {
  line: number
  formatted: string
  family: string
  given: string
  additional: string
  org: string
  /**
   * The card's numbers are values, types and phoneLabels [0, phoneCount), the group key of each (see
   * groupKey; null without a group) groups[0, phoneCount), its labels labels[0, labelsEnd) as [group key,
   * label, ...]. Cards are reused (VCardReader.newCard) and these arrays with them; emit copies the phones out.
   */
  values: string[]
  types: string[][]
  phoneLabels: (string | null)[]
  groups: (GroupKey | null)[]
  labels: (GroupKey | string)[]
  phoneCount: number
  labelsEnd: number
  version21: boolean
  /** TEL properties past MAX_PHONES_PER_CARD, not read. */
  droppedPhones: number
}

/** A value cut to `max` characters (a hostile file's megabyte name), or as it is. */
function capped(value: string, max: number): string {
  return value.length > max ? value.slice(0, max) : value
}

/** Case-insensitive compare of text[start, start+word.length) with an upper-case ASCII word. */
function is(text: string, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = text.charCodeAt(start + i)
    const w = word.charCodeAt(i)
    if (c !== w && (c ^ 0x20) !== w) return false
  }
  return true
}

/** Whether b[start, start+word.length) is `word` exactly. */
function sameAt(b: Uint8Array, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (b[start + i] !== word.charCodeAt(i)) return false
  return true
}

/** Whether b[start, start+word.length) is the bytes `word`. */
function sameBytes(b: Uint8Array, start: number, word: Uint8Array): boolean {
  for (let i = 0; i < word.length; i++) if (b[start + i] !== word[i]) return false
  return true
}

/** `is` over bytes. */
function isAt(b: Uint8Array, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = b[start + i] as number
    const w = word.charCodeAt(i)
    if (c !== w && (c ^ 0x20) !== w) return false
  }
  return true
}

/** The properties the reader tells apart, by name length, in the order they are tried. */
const NAMES: readonly (readonly (readonly [string, Prop])[])[] = [
  [],
  [['N', Prop.N]],
  [['FN', Prop.Fn]],
  [['TEL', Prop.Tel], ['END', Prop.End], ['ORG', Prop.Org], ['KEY', Prop.Binary]],
  [['LOGO', Prop.Binary]],
  [['BEGIN', Prop.Begin], ['PHOTO', Prop.Binary], ['SOUND', Prop.Binary]],
  [],
  [['VERSION', Prop.Version]],
  [],
  [['X-ABLABEL', Prop.AbLabel]],
]

interface NameEntry {
  /** The name's char codes with bit 0x20 set: `c | 0x20` equals it exactly when `c` is the letter in either case (is). */
  folded: Uint8Array
  prop: Prop
}

/**
 * NAMES by length and first character (folded as in NameEntry), in the same order: a line's name is
 * compared with the few names that can match, not with every name of its length (every line is classified).
 */
const NAME_SLOTS: readonly (readonly NameEntry[] | undefined)[] = (() => {
  // Filled up front so the array stays dense (a sparse one is a dictionary, slow to index).
  const slots = new Array<NameEntry[] | undefined>(NAMES.length * 128).fill(undefined)
  NAMES.forEach((names, len) => {
    for (const [name, prop] of names) {
      const folded = Uint8Array.from(name, (ch) => ch.charCodeAt(0) | 0x20)
      ;(slots[len * 128 + (folded[0] as number)] ??= []).push({ folded, prop })
    }
  })
  return slots
})()

/** The candidates for a name of `len` characters starting with char code `c`, or undefined. */
function nameSlot(len: number, c: number): readonly NameEntry[] | undefined {
  return len < NAMES.length && c < 128 ? NAME_SLOTS[len * 128 + (c | 0x20)] : undefined
}

function classify(text: string, s: number, len: number): Prop {
  const slot = nameSlot(len, text.charCodeAt(s))
  if (slot === undefined) return Prop.Other
  for (const { folded, prop } of slot) {
    let i = 1
    while (i < len && (text.charCodeAt(s + i) | 0x20) === folded[i]) i++
    if (i === len) return prop
  }
  return Prop.Other
}

/** classify over bytes (fastLines). */
function classifyAt(b: Uint8Array, s: number, len: number): Prop {
  const slot = nameSlot(len, b[s] as number)
  if (slot === undefined) return Prop.Other
  for (const { folded, prop } of slot) {
    let i = 1
    while (i < len && ((b[s + i] as number) | 0x20) === folded[i]) i++
    if (i === len) return prop
  }
  return Prop.Other
}

/** Whether text[from, to) contains QUOTED-PRINTABLE in any case, without allocating. */
function mentionsQuotedPrintable(text: string, from: number, to: number): boolean {
  for (let i = from; i + 16 <= to; i++) {
    const c = text.charCodeAt(i) | 0x20
    if (c === 113 && is(text, i, 'QUOTED-PRINTABLE')) return true
  }
  return false
}

/** An item group, as a number for Apple's `itemN` (no string to allocate) or else lower-cased. */
type GroupKey = number | string

/** groupKey from the bytes of `text` (see VCardReader.aligned). */
function groupKeyAt(b: Uint8Array, text: string, start: number, end: number): GroupKey {
  if (end - start > 4 && end - start < 12 && isAt(b, start, 'ITEM')) {
    let n = 0
    let i = start + 4
    for (; i < end; i++) {
      const d = (b[i] as number) - 48
      if (d < 0 || d > 9) break
      n = n * 10 + d
    }
    if (i === end) return n
  }
  return text.slice(start, end).toLowerCase()
}

function groupKey(text: string, start: number, end: number): GroupKey {
  if (end - start > 4 && end - start < 12 && is(text, start, 'ITEM')) {
    let n = 0
    let i = start + 4
    for (; i < end; i++) {
      const d = text.charCodeAt(i) - 48
      if (d < 0 || d > 9) break
      n = n * 10 + d
    }
    if (i === end) return n
  }
  return text.slice(start, end).toLowerCase()
}

function joinSegments(text: string, segments: number[]): string {
  const parts: string[] = []
  for (let i = 0; i < segments.length; i += 2) parts.push(text.slice(segments[i] as number, segments[i + 1] as number))
  return parts.join('')
}

function indexOrEnd(text: string, ch: string, from: number): number {
  const i = text.indexOf(ch, from)
  return i === -1 ? text.length : i
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/** Whether the line at `p` is BEGIN:VCARD or END:VCARD. */
function startsCardLine(text: string, p: number): boolean {
  return (is(text, p, 'BEGIN:VCARD') || is(text, p, 'END:VCARD'))
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9
}

/** What String.prototype.trim removes, below 0x80: TAB, LF, VT, FF, CR and space. */
function isTrimmed(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13)
}

/** Whether a CHARSET parameter (or none) means UTF-8 to textFromByteString. */
function isUtf8Label(charset: string | null): boolean {
  if (charset === null) return true
  const label = charset.trim().toLowerCase()
  return label === 'utf-8' || label === 'utf8'
}

/** Whether b[from, to) is UTF-8 by the rules of textFromByteString (no overlong forms, surrogates or code points past U+10FFFF). */
function validUtf8(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i] as number
    if (c < 0x80) continue
    let need: number
    let cp: number
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1
      cp = c & 0x1f
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2
      cp = c & 0x0f
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3
      cp = c & 0x07
    } else return false
    if (i + need >= to) return false
    for (let k = 1; k <= need; k++) {
      const d = b[i + k] as number
      if ((d & 0xc0) !== 0x80) return false
      cp = (cp << 6) | (d & 0x3f)
    }
    if ((need === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (need === 3 && (cp < 0x10000 || cp > 0x10ffff))) return false
    i += need
  }
  return true
}

/** The first index in [from, to) not trimmed, or `to`. */
function trimStart(b: Uint8Array, from: number, to: number): number {
  while (from < to && isTrimmed(b[from] as number)) from++
  return from
}

/** The end of b[from, to) without trailing trimmed characters. */
function trimEnd(b: Uint8Array, from: number, to: number): number {
  while (to > from && isTrimmed(b[to - 1] as number)) to--
  return to
}

export class VCardReader {
  /**
   * 'bytes': the scanned string holds one byte per char (UTF-8 or 8-bit files) and kept values are
   * decoded one by one, honouring CHARSET; 'text': it holds decoded text (UTF-16 files, pushText).
   */
  private mode: 'bytes' | 'text' | null = null
  /** The bytes of the text being scanned (text[i] = aligned[i]) when scan has them, else null. */
  private aligned: Uint8Array | null = null
  /** A Buffer over `aligned`, made when a UTF-8 value is first decoded from it. */
  private alignedBuffer: Buffer | null = null
  /** Where qpValue decodes a value's bytes. */
  private scratch: Buffer | null = null
  private utf16: InstanceType<typeof TextDecoder> | null = null
  private head: Uint8Array | null = null
  private buffer = ''
  private rescanAt = 0
  private line = 0
  private card: Card | null = null
  /** Outer cards still open around `card` (nested AGENT cards, or missing ENDs). */
  private readonly open: Card[] = []
  /** Properties seen outside any card: a card whose BEGIN is missing, or garbage. */
  private orphan: Card | null = null
  private orphanLines = 0
  private orphanFirst = 0
  private version21 = false
  private afterBinary = false
  private crOnly: boolean | null = null
  private problemCount = 0
  private numbers = 0
  /** Set once a file limit is reached: the rest of the input is skipped. */
  private stopped = false
  private readonly paramKeys: (string | undefined)[] = new Array<string | undefined>(PARAM_SLOTS)
  /** Each key's bytes in byte mode, compared with the file's bytes (a loop over a string's chars is slower). */
  private readonly paramBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(PARAM_SLOTS)
  private readonly paramValues: (Readonly<PropertyParams> | undefined)[] = new Array<Readonly<PropertyParams> | undefined>(PARAM_SLOTS)
  private readonly labelTexts: (string | undefined)[] = new Array<string | undefined>(LABEL_SLOTS)
  /** Cards emitted, for newCard to reuse: a file of 100,000 cards needs a handful of Card objects. */
  private readonly spare: Card[] = []
  private readonly result = new ReadResult()
  private readonly problems: FileProblem[] = this.result.problems

  /** `fallback`: the charset of values that declare none and are not UTF-8 (a detected legacy charset); Windows-1252 when null. */
  constructor(private readonly fallback: string | null = null) {}

  /** Feeds the next bytes of the file. */
  push(chunk: Uint8Array): void {
    if (this.mode === 'text' && this.utf16 === null) throw new Error('VCardReader: bytes pushed after text')
    if (this.mode === null) {
      // A BOM or the NUL pattern of UTF-16 needs a few bytes to be seen.
      const head = this.head === null ? chunk : concatBytes(this.head, chunk)
      if (head.length < 4) {
        this.head = head
        return
      }
      this.head = null
      this.start(head)
      return
    }
    if (this.utf16 !== null) this.feed(this.utf16.decode(chunk, { stream: true }), false)
    else this.feed(byteString(chunk), false, chunk)
  }

  /** Ends the file and returns every card read and every problem met. */
  end(): ReadResult {
    if (this.mode === null) this.start(this.head ?? new Uint8Array(0))
    this.feed(this.utf16 !== null ? this.utf16.decode() : '', true)
    return this.finish()
  }

  /** Reads already decoded text (the CSV-sniffed path and tests). */
  pushText(text: string): void {
    if (this.mode === 'bytes' || this.utf16 !== null) throw new Error('VCardReader: text pushed after bytes')
    this.mode = 'text'
    this.feed(text, false)
  }

  endText(): ReadResult {
    this.feed('', true)
    return this.finish()
  }

  private start(head: Uint8Array): void {
    const { encoding, bomLength } = detectEncoding(head)
    const body = bomLength > 0 ? head.subarray(bomLength) : head
    if (encoding === 'utf-16le' || encoding === 'utf-16be') {
      this.mode = 'text'
      this.utf16 = new TextDecoder(encoding, { ignoreBOM: true })
      this.feed(this.utf16.decode(body, { stream: true }), false)
    } else {
      this.mode = 'bytes'
      this.feed(byteString(body), false, body)
    }
  }

  private newCard(line: number): Card {
    const card = this.spare.pop()
    if (card === undefined) {
      return { line, formatted: '', family: '', given: '', additional: '', org: '', values: [], types: [], phoneLabels: [], groups: [], labels: [], phoneCount: 0, labelsEnd: 0, version21: false, droppedPhones: 0 }
    }
    card.line = line
    card.formatted = ''
    card.family = ''
    card.given = ''
    card.additional = ''
    card.org = ''
    card.phoneCount = 0
    card.labelsEnd = 0
    card.version21 = false
    card.droppedPhones = 0
    return card
  }

  private finish(): ReadResult {
    this.finishFile()
    if (this.problemCount > MAX_PROBLEMS) {
      this.problems.push({ line: 0, message: `${this.problemCount - MAX_PROBLEMS} more problems not listed` })
    }
    return this.result
  }

  /** Parameters of text[from, to), from a small cache checked without slicing the text. */
  private params(text: string, from: number, to: number): Readonly<PropertyParams> {
    const n = to - from
    const b = this.aligned
    const slot = (n * 31 + (b === null ? text.charCodeAt(from) * 7 + text.charCodeAt(to - 1) : (b[from] as number) * 7 + (b[to - 1] as number))) & (PARAM_SLOTS - 1)
    const hit = this.paramKeys[slot]
    if (hit !== undefined && hit.length === n && (b === null ? text.startsWith(hit, from) : sameBytes(b, from, this.paramBytes[slot] as Uint8Array))) return this.paramValues[slot] as PropertyParams
    const key = text.slice(from, to)
    const params = parseParams(key)
    // Parameter values are bytes too: a TYPE may be written in UTF-8.
    if (this.mode === 'bytes') params.types = params.types.map((t) => textFromByteString(t, null))
    this.paramKeys[slot] = key
    this.paramBytes[slot] = this.mode === 'bytes' ? Uint8Array.from(key, (ch) => ch.charCodeAt(0)) : undefined
    this.paramValues[slot] = params
    return params
  }

  /** A kept value as text: decoded from its bytes in byte mode, as is in text mode. */
  private toText(value: string, charset: string | null): string {
    return this.mode === 'bytes' ? textFromByteString(value, charset, this.fallback) : value
  }

  private customLabel(label: CustomLabel | null): string | null {
    if (label === null) return null
    const text = label.qp ? decodeQuotedPrintable(label.raw, label.charset, this.mode === 'bytes') : this.toText(label.raw, label.charset)
    return text.trim() || null
  }

  /** `bytes`: the bytes `text` is the byte string of, when the caller has them (see fastLines). */
  private feed(text: string, final: boolean, bytes: Uint8Array | null = null): void {
    if (this.stopped) return
    if (this.crOnly === true) text = text.replaceAll('\r', '\n')
    let all = this.buffer === '' ? text : this.buffer + text
    // An unfinished logical line (a long PHOTO) is scanned again only once the text waiting has
    // doubled, so small chunks never make reading quadratic.
    if (!final && all.length < this.rescanAt) {
      this.buffer = all
      return
    }
    if (this.crOnly === null) {
      // Old Mac files end lines with a lone CR; CR CR LF (iOS) and CRLF are not that. The first
      // line end decides, so the answer is the same however the file arrives in chunks.
      const lf = all.indexOf('\n')
      const cr = (lf === -1 ? all : all.slice(0, lf)).search(LONE_CR)
      if (lf !== -1 && (cr === -1 || lf < cr)) this.crOnly = false
      else if (cr !== -1 || (final && all.includes('\r'))) this.crOnly = true
      else if (!final) {
        this.buffer = all
        this.rescanAt = all.length * 2
        return
      }
      if (this.crOnly === true) all = all.replaceAll('\r', '\n')
    }
    const aligned = bytes !== null && all === text && this.crOnly === false
    const used = this.scan(all, final, aligned ? bytes : null)
    this.buffer = used < all.length ? all.slice(used) : ''
    this.rescanAt = this.buffer.length * 2
  }

  private problem(line: number, message: string): void {
    this.problemCount++
    if (this.problemCount <= MAX_PROBLEMS) this.problems.push({ line, message })
  }

  /**
   * Reads every complete logical line of `text`; returns where the unread rest starts. With `bytes`
   * (text's own bytes, text[i] = bytes[i]) the plain lines go through fastLines first.
   */
  private scan(text: string, final: boolean, bytes: Uint8Array | null = null): number {
    const outer = this.aligned
    const outerBuffer = this.alignedBuffer
    this.aligned = bytes
    this.alignedBuffer = null
    try {
      return this.scanLines(text, final, bytes)
    } finally {
      this.aligned = outer
      this.alignedBuffer = outerBuffer
    }
  }

  private scanLines(text: string, final: boolean, bytes: Uint8Array | null): number {
    const len = text.length
    let pos = 0
    let nextColon = -1
    let nextSemi = -1
    let nextQuote = -1
    while (pos < len) {
      if (this.stopped) return len
      if (bytes !== null) {
        pos = this.fastLines(text, bytes, pos)
        if (pos >= len || this.stopped) continue
      }
      const s = pos
      let nl = text.indexOf('\n', s)
      if (nl === -1) {
        if (!final) return s
        nl = len
      }
      let e = nl
      while (e > s && text.charCodeAt(e - 1) === 13) e--
      const next = nl < len ? nl + 1 : len

      // Name, then parameters up to the first ':' outside quotes. The next ':', ';' and '"' are found
      // with indexOf and remembered, so lines without them (base64) never make the search quadratic.
      if (nextColon < s) nextColon = indexOrEnd(text, ':', s)
      if (nextSemi < s) nextSemi = indexOrEnd(text, ';', s)
      if (nextColon >= e || isSpace(text.charCodeAt(s)) || nextSemi === s || nextColon === s) {
        if (nextColon >= e && s < e && !isSpace(text.charCodeAt(s))) {
          const unfolded = this.unfoldHeader(text, s, e, next, final)
          if (unfolded === -1) return s
          if (unfolded !== null) {
            pos = unfolded
            continue
          }
        }
        this.line++
        this.looseLine(text, s, e)
        pos = next
        continue
      }
      const nameEnd = nextSemi < nextColon ? nextSemi : nextColon
      let colon = nextColon
      if (nameEnd < colon) {
        if (nextQuote < s) nextQuote = indexOrEnd(text, '"', s)
        if (nextQuote < colon) {
          colon = nameEnd
          let quoted = false
          while (colon < e) {
            const ch = text.charCodeAt(colon)
            if (ch === 34) quoted = !quoted
            else if (ch === 58 && !quoted) break
            colon++
          }
          if (colon === e) {
            const unfolded = this.unfoldHeader(text, s, e, next, final)
            if (unfolded === -1) return s
            if (unfolded !== null) {
              pos = unfolded
              continue
            }
            this.line++
            this.looseLine(text, s, e)
            pos = next
            continue
          }
        }
      }
      let nameStart = s
      for (let d = nameEnd - 1; d > s; d--) {
        if (text.charCodeAt(d) === 46) {
          nameStart = d + 1
          break
        }
      }
      const kind = classify(text, nameStart, nameEnd - nameStart)
      const wanted = kind === Prop.Fn || kind === Prop.N || kind === Prop.Org || kind === Prop.Tel || kind === Prop.AbLabel
      let params: Readonly<PropertyParams> | null = null
      let qp = false
      // Whether a property not read is QUOTED-PRINTABLE matters only once a line of it ends in '=' (a soft break).
      let qpUnknown = false
      if (colon > nameEnd) {
        if (wanted) {
          params = this.params(text, nameEnd + 1, colon)
          if (params.truncated) this.problem(this.line + 1, `property has more than ${MAX_PARAMS.toLocaleString('en-US')} parameters; the rest were not read`)
          qp = params.encoding === 'QUOTED-PRINTABLE'
        } else qpUnknown = true
      }

      // Continuation lines: folding (leading space or tab) and QUOTED-PRINTABLE soft breaks.
      let lines = 1
      let p = next
      // Kept values are cut out once at the end, from [start, end) pairs: building them line by line
      // would copy a long QUOTED-PRINTABLE value once per soft break.
      let segments: number[] | null = null
      let lastEnd = e
      let incomplete = false
      for (;;) {
        if (p >= len) {
          if (!final && nl < len) incomplete = true
          break
        }
        const first = text.charCodeAt(p)
        // A QUOTED-PRINTABLE soft break never swallows a card's BEGIN or END (a value cut short by a broken writer).
        let soft = false
        if (lastEnd > s && text.charCodeAt(lastEnd - 1) === 61) {
          if (qpUnknown) {
            qpUnknown = false
            qp = mentionsQuotedPrintable(text, nameEnd + 1, colon) && parseParams(text.slice(nameEnd + 1, colon)).encoding === 'QUOTED-PRINTABLE'
          }
          soft = qp && !startsCardLine(text, p)
        }
        if (!soft && !isSpace(first)) break
        let nl2 = text.indexOf('\n', p)
        if (nl2 === -1) {
          if (!final) {
            incomplete = true
            break
          }
          nl2 = len
        }
        let e2 = nl2
        while (e2 > p && text.charCodeAt(e2 - 1) === 13) e2--
        if (wanted) {
          segments ??= [colon + 1, e]
          if (soft) segments[segments.length - 1] = lastEnd - 1
          segments.push(soft || this.version21 ? p : p + 1, e2)
        }
        lastEnd = e2
        lines++
        p = nl2 < len ? nl2 + 1 : len
      }
      if (incomplete) return s
      const joined = wanted && segments !== null ? joinSegments(text, segments) : null
      // A last line without a line break may have been cut short (truncated file): drop it.
      if (p >= len && final && nl === len && this.card !== null && kind !== Prop.End) {
        this.line += lines
        this.problem(this.line, 'the file ends in the middle of this line; line ignored')
        pos = p
        continue
      }
      const startLine = this.line + 1
      this.line += lines
      pos = p
      this.property(kind, text, s, nameStart, params, colon + 1, e, joined, startLine)
    }
    return len
  }

  /**
   * The lines of the usual shape from `pos` on, read from their bytes as scan would read them: one
   * pass over each byte in JS, where scan's indexOf and charCodeAt calls per line cost more than the
   * work (issue 16). A plain line has a name (with an optional group), parameters, a ':' outside
   * quotes and a line break, and the next line is not its continuation (no leading space or TAB, no
   * '=' at its end). Returns the start of the first line that is not plain (scan reads it), or where
   * the text ends.
   */
  private fastLines(text: string, b: Uint8Array, pos: number): number {
    const len = b.length
    while (pos < len) {
      const s = pos
      const c0 = b[s] as number
      if (c0 === 32 || c0 === 9 || c0 === 58 || c0 === 59 || c0 === 10) return s
      let i = s + 1
      let dot = -1
      let c = 0
      for (; i < len; i++) {
        c = b[i] as number
        if (c === 58 || c === 59 || c === 10) break
        if (c === 46) dot = i
      }
      if (i >= len || c === 10) return s
      const nameEnd = i
      if (c === 59) {
        let quoted = false
        for (i++; i < len; i++) {
          c = b[i] as number
          if (c === 34) quoted = !quoted
          else if ((c === 58 && !quoted) || c === 10) break
        }
        if (i >= len || c === 10) return s
      }
      const colon = i
      const nameStart = dot === -1 ? s : dot + 1
      const kind = classifyAt(b, nameStart, nameEnd - nameStart)
      const wanted = kind === Prop.Fn || kind === Prop.N || kind === Prop.Org || kind === Prop.Tel || kind === Prop.AbLabel
      // A wanted value's bytes are looked at on the way to the line break: the first three ';' (N's
      // parts), whether it has bytes over 0x7F, and whether anything needs the general path.
      let semi1 = -1
      let semi2 = -1
      let semi3 = -1
      let high = false
      let odd = false
      if (wanted) {
        for (i++; i < len; i++) {
          c = b[i] as number
          if (c === 10) break
          if (c === 59) {
            if (semi1 === -1) semi1 = i
            else if (semi2 === -1) semi2 = i
            else if (semi3 === -1) semi3 = i
          } else if (c >= 0x80) high = true
          else if (c === 92 || (c === 44 && kind === Prop.N) || (c === 9 && kind === Prop.Tel)) odd = true
        }
      } else for (i++; i < len && b[i] !== 10; i++);
      const next = i + 1
      if (next >= len) return s
      let e = i
      while (e > s && b[e - 1] === 13) e--
      const first = b[next] as number
      if (first === 32 || first === 9 || (e > s && b[e - 1] === 61)) return s
      this.line++
      pos = next
      const card = this.card
      if (kind === Prop.Other && card !== null) {
        this.afterBinary = false
        continue
      }
      let params: Readonly<PropertyParams> | null = null
      if (wanted && colon > nameEnd) {
        params = this.params(text, nameEnd + 1, colon)
        if (params.truncated) this.problem(this.line, `property has more than ${MAX_PARAMS.toLocaleString('en-US')} parameters; the rest were not read`)
      }
      if (wanted && card !== null && !odd) {
        this.afterBinary = false
        if (params === null || params.encoding !== 'QUOTED-PRINTABLE') {
          if (this.plainValue(kind, card, text, b, s, nameStart, params, colon + 1, e, semi1, semi2, semi3, high)) continue
        } else if (this.qpValue(kind, card, b, params, colon + 1, e)) continue
      }
      this.property(kind, text, s, nameStart, params, colon + 1, e, null, this.line)
      if (this.stopped) return len
    }
    return pos
  }

  /**
   * A property whose name or parameters are folded (RFC 6350 §3.2: a line break may come anywhere,
   * the next line starting with a space or a TAB): `TEL\r\n\t;CELL:…`. Unfolds the logical line and
   * reads it as one line. Returns where the next line starts, null when the line is not folded (or
   * unfolded it still has no ':'), -1 when its continuation has not arrived yet.
   */
  private unfoldHeader(text: string, s: number, e: number, next: number, final: boolean): number | -1 | null {
    const len = text.length
    if (next >= len) return final ? null : -1
    if (!isSpace(text.charCodeAt(next))) return null
    const parts = [text.slice(s, e)]
    let p = next
    let lines = 1
    while (p < len && isSpace(text.charCodeAt(p))) {
      let nl = text.indexOf('\n', p)
      if (nl === -1) {
        if (!final) return -1
        nl = len
      }
      let end = nl
      while (end > p && text.charCodeAt(end - 1) === 13) end--
      if (parts.length < 4096) parts.push(text.slice(p + 1, end))
      lines++
      p = nl < len ? nl + 1 : len
    }
    if (p >= len && !final) return -1
    const unfolded = parts.join('')
    if (!unfolded.includes(':')) return null
    const first = this.line
    this.scan(`${unfolded}\n`, true)
    this.line = first + lines
    return p
  }

  /** A line that is not a property: blank, a stray continuation, base64 of a 2.1 PHOTO, or garbage. */
  private looseLine(text: string, s: number, e: number): void {
    let blank = true
    for (let i = s; i < e; i++) {
      if (!isSpace(text.charCodeAt(i))) {
        blank = false
        break
      }
    }
    if (blank) {
      this.afterBinary = false
      return
    }
    if (this.afterBinary) return
    if (this.card === null) {
      this.noteOrphanLine()
      return
    }
    this.problem(this.line, 'not a vCard property (no ":"); line ignored')
  }

  private noteOrphanLine(): void {
    if (this.orphanLines === 0) this.orphanFirst = this.line
    this.orphanLines++
  }

  /**
   * One property. Its value is text[vs, ve) on one line, or `joined` when it was folded; only wanted
   * kinds (FN, N, ORG, TEL, X-ABLabel) get past the first checks.
   */
  private property(kind: Prop, text: string, s: number, nameStart: number, params: Readonly<PropertyParams> | null, vs: number, ve: number, joined: string | null, line: number): void {
    this.afterBinary = kind === Prop.Binary
    if (kind === Prop.Begin) {
      this.begin(line)
      return
    }
    if (kind === Prop.End) {
      this.close(line)
      return
    }
    let card = this.card
    if (card === null) {
      if (this.orphan === null) this.orphan = this.newCard(line)
      card = this.orphan
      this.noteOrphanLine()
    }
    if (kind === Prop.Version) {
      this.version21 = is(text, text.indexOf(':', s) + 1, '2.1')
      card.version21 = this.version21
      return
    }
    if (kind !== Prop.Fn && kind !== Prop.N && kind !== Prop.Org && kind !== Prop.Tel && kind !== Prop.AbLabel) return
    const qp = params !== null && params.encoding === 'QUOTED-PRINTABLE'
    const value = joined ?? text.slice(vs, ve)
    const charset = params === null ? null : params.charset
    let decoded = !qp
      ? this.toText(value, charset)
      : this.mode === 'bytes'
        ? textFromByteString(quotedPrintableToByteString(value), charset, this.fallback)
        : decodeQuotedPrintable(value, charset, false)
    switch (kind) {
      case Prop.Fn:
        card.formatted = unescapeText(capped(decoded, MAX_TEXT))
        break
      case Prop.N: {
        decoded = capped(decoded, MAX_TEXT)
        // family;given;additional;prefix;suffix. The common case (no escapes, no lists) only slices.
        if (decoded.includes('\\') || decoded.includes(',')) {
          const parts = nameComponents(decoded)
          card.family = parts[0] ?? ''
          card.given = parts[1] ?? ''
          card.additional = parts[2] ?? ''
          break
        }
        const a = decoded.indexOf(';')
        const b = a === -1 ? -1 : decoded.indexOf(';', a + 1)
        const c = b === -1 ? -1 : decoded.indexOf(';', b + 1)
        card.family = a === -1 ? decoded : decoded.slice(0, a)
        card.given = a === -1 ? '' : decoded.slice(a + 1, b === -1 ? decoded.length : b)
        card.additional = b === -1 ? '' : decoded.slice(b + 1, c === -1 ? decoded.length : c)
        break
      }
      case Prop.Org: {
        decoded = capped(decoded, MAX_TEXT)
        const semi = decoded.includes('\\') ? -1 : decoded.indexOf(';')
        if (semi !== -1 && semi > 0) card.org = decoded.slice(0, semi)
        else card.org = splitComponents(decoded).find((p) => p.trim() !== '') ?? ''
        break
      }
      case Prop.Tel: {
        let number = unescapeText(capped(decoded, MAX_NUMBER_TEXT)).trim()
        if (is(number, 0, 'TEL:')) number = number.slice(4).trim()
        if (number === '') return
        // A 2.1 fold keeps its TAB; in a number it is a space.
        if (number.includes('\t')) number = number.replaceAll('\t', ' ')
        this.addPhone(card, nameStart > s ? groupKey(text, s, nameStart - 1) : null, number, params)
        break
      }
      case Prop.AbLabel: {
        if (nameStart === s) return
        const label = unwrapAppleLabel(unescapeText(capped(decoded, MAX_TEXT)).trim())
        if (label === '') return
        this.addLabel(card, groupKey(text, s, nameStart - 1), label)
        break
      }
    }
  }

  /**
   * The common case without building the value first (fastLines): one unfolded line without escapes,
   * N's comma lists or a TAB in a number, whose first three ';' fastLines found. ASCII is cut straight
   * from the text; UTF-8 (bytes over 0x7F, `high`) is decoded in one call where the general path would
   * give the same (FN, N, ORG's first part; no CHARSET but UTF-8; not cut at MAX_TEXT). Gives what the
   * general path would; false leaves the property to it.
   */
  private plainValue(kind: Prop, card: Card, text: string, b: Uint8Array, s: number, nameStart: number, params: Readonly<PropertyParams> | null, vs: number, ve: number, semi1: number, semi2: number, semi3: number, high: boolean): boolean {
    if (high) return this.utf8Value(kind, card, b, params, vs, ve, semi1, semi2, semi3)
    switch (kind) {
      case Prop.Fn:
        card.formatted = text.slice(vs, Math.min(ve, vs + MAX_TEXT))
        return true
      case Prop.N: {
        const end = Math.min(ve, vs + MAX_TEXT)
        const x = semi1 < end ? semi1 : -1
        const y = x !== -1 && semi2 < end ? semi2 : -1
        const z = y !== -1 && semi3 < end ? semi3 : -1
        card.family = text.slice(vs, x === -1 ? end : x)
        card.given = x === -1 ? '' : text.slice(x + 1, y === -1 ? end : y)
        card.additional = y === -1 ? '' : text.slice(y + 1, z === -1 ? end : z)
        return true
      }
      case Prop.Org: {
        const end = Math.min(ve, vs + MAX_TEXT)
        if (semi1 === vs) return false
        if (semi1 !== -1 && semi1 < end) card.org = text.slice(vs, semi1)
        else card.org = trimStart(b, vs, end) < end ? text.slice(vs, end) : ''
        return true
      }
      case Prop.Tel: {
        let x = trimStart(b, vs, Math.min(ve, vs + MAX_NUMBER_TEXT))
        const y = trimEnd(b, x, Math.min(ve, vs + MAX_NUMBER_TEXT))
        if (y - x >= 4 && isAt(b, x, 'TEL:')) x = trimStart(b, x + 4, y)
        if (x === y) return true
        this.addPhone(card, nameStart > s ? groupKeyAt(b, text, s, nameStart - 1) : null, text.slice(x, y), params)
        return true
      }
      default: {
        if (nameStart === s) return true
        let x = trimStart(b, vs, Math.min(ve, vs + MAX_TEXT))
        let y = trimEnd(b, x, Math.min(ve, vs + MAX_TEXT))
        if (y - x >= 8 && sameAt(b, x, '_$!<') && sameAt(b, y - 4, '>!$_')) {
          x += 4
          y -= 4
        }
        if (x !== y && card.labelsEnd < 2 * MAX_LABELS) this.addLabel(card, groupKeyAt(b, text, s, nameStart - 1), this.labelText(text, b, x, y))
        return true
      }
    }
  }

  /** plainValue's UTF-8 case. */
  private utf8Value(kind: Prop, card: Card, b: Uint8Array, params: Readonly<PropertyParams> | null, vs: number, ve: number, semi1: number, semi2: number, semi3: number): boolean {
    if ((kind !== Prop.Fn && kind !== Prop.N && kind !== Prop.Org) || ve - vs > MAX_TEXT || !isUtf8Label(params === null ? null : params.charset) || !validUtf8(b, vs, ve)) return false
    const buf = this.alignedBuffer ?? Buffer.from(b.buffer, b.byteOffset, b.byteLength)
    this.alignedBuffer = buf
    return this.nameValue(kind, card, buf, vs, ve, semi1, semi2, semi3)
  }

  /**
   * A one-line QUOTED-PRINTABLE FN, N or ORG in UTF-8 (Android's 2.1 names), decoded from the bytes
   * into a scratch buffer and read from there as utf8Value reads plain bytes: what the general path
   * gives (quotedPrintableToByteString, then the charset), or false to leave it to that path.
   */
  private qpValue(kind: Prop, card: Card, b: Uint8Array, params: Readonly<PropertyParams>, vs: number, ve: number): boolean {
    if ((kind !== Prop.Fn && kind !== Prop.N && kind !== Prop.Org) || !isUtf8Label(params.charset)) return false
    const out = this.scratch ?? Buffer.allocUnsafe(MAX_TEXT)
    this.scratch = out
    let n = 0
    let semi1 = -1
    let semi2 = -1
    let semi3 = -1
    for (let i = vs; i < ve; i++) {
      let c = b[i] as number
      if (c === 61 && i + 2 < ve) {
        const h = hexValue(b[i + 1] as number)
        const l = hexValue(b[i + 2] as number)
        if (h >= 0 && l >= 0) {
          c = h * 16 + l
          i += 2
        }
      }
      if (n === MAX_TEXT) return false
      if (c === 59) {
        if (semi1 === -1) semi1 = n
        else if (semi2 === -1) semi2 = n
        else if (semi3 === -1) semi3 = n
      } else if (c === 92 || (c === 44 && kind === Prop.N)) return false
      out[n++] = c
    }
    if (!validUtf8(out, 0, n)) return false
    return this.nameValue(kind, card, out, 0, n, semi1, semi2, semi3)
  }

  /** FN, N or ORG's first part from valid UTF-8 buf[vs, ve) without escapes, given its first three ';'. */
  private nameValue(kind: Prop, card: Card, buf: Buffer, vs: number, ve: number, semi1: number, semi2: number, semi3: number): boolean {
    switch (kind) {
      case Prop.Fn:
        card.formatted = buf.toString('utf8', vs, ve)
        return true
      case Prop.N:
        card.family = buf.toString('utf8', vs, semi1 === -1 ? ve : semi1)
        card.given = semi1 === -1 ? '' : buf.toString('utf8', semi1 + 1, semi2 === -1 ? ve : semi2)
        card.additional = semi2 === -1 ? '' : buf.toString('utf8', semi2 + 1, semi3 === -1 ? ve : semi3)
        return true
      default:
        if (semi1 <= vs) return false
        card.org = buf.toString('utf8', vs, semi1)
        return true
    }
  }

  private addPhone(card: Card, group: GroupKey | null, number: string, params: Readonly<PropertyParams> | null): void {
    const n = card.phoneCount
    if (n >= MAX_PHONES_PER_CARD) {
      card.droppedPhones++
      return
    }
    card.groups[n] = group
    card.values[n] = number
    card.types[n] = params ? params.types : NO_TYPES
    card.phoneLabels[n] = params ? this.customLabel(params.customLabel) : null
    card.phoneCount = n + 1
  }

  /**
   * text[from, to) as a string, the same string for the same label: a file has a few labels
   * ("Mobile", "Work") on thousands of numbers, and one string each is less to allocate and keep.
   */
  private labelText(text: string, b: Uint8Array, from: number, to: number): string {
    const n = to - from
    const slot = (n * 31 + (b[from] as number) * 7 + (b[to - 1] as number)) & (LABEL_SLOTS - 1)
    const hit = this.labelTexts[slot]
    if (hit !== undefined && hit.length === n && sameAt(b, from, hit)) return hit
    const label = text.slice(from, to)
    this.labelTexts[slot] = label
    return label
  }

  private addLabel(card: Card, group: GroupKey, label: string): void {
    if (card.labelsEnd >= 2 * MAX_LABELS) return
    card.labels[card.labelsEnd] = group
    card.labels[card.labelsEnd + 1] = label
    card.labelsEnd += 2
  }

  private begin(line: number): void {
    if (this.card !== null) {
      // A 2.1 AGENT nests a whole card, and a card whose END is missing looks the same: keep the
      // outer card open and go back to it after the inner one ends, up to a small depth.
      if (this.open.length < MAX_NESTING) this.open.push(this.card)
      else {
        this.problem(this.card.line, `card has no END:VCARD (next card begins at line ${line}); read up to there`)
        this.emit(this.card)
      }
    }
    this.dropOrphan()
    this.card = this.newCard(line)
    this.version21 = false
  }

  private close(line: number): void {
    if (this.card !== null) {
      this.emit(this.card)
      this.card = this.open.pop() ?? null
      this.version21 = this.card?.version21 ?? false
      return
    }
    if (this.orphan !== null) {
      const card = this.orphan
      this.orphan = null
      this.orphanLines = 0
      this.problem(card.line, 'card has no BEGIN:VCARD; read from here')
      this.emit(card)
      return
    }
    this.problem(line, 'END:VCARD without BEGIN:VCARD; ignored')
    this.orphanLines = 0
  }

  private dropOrphan(): void {
    if (this.orphanLines > 0) {
      const n = this.orphanLines
      this.problem(this.orphanFirst, `${n} line${n === 1 ? '' : 's'} outside any card ignored`)
    }
    this.orphan = null
    this.orphanLines = 0
  }

  private finishFile(): void {
    while (this.card !== null) {
      this.problem(this.card.line, 'card has no END:VCARD; read up to where it stops')
      this.emit(this.card)
      this.card = this.open.pop() ?? null
    }
    this.dropOrphan()
  }

  private emit(card: Card): void {
    if (this.stopped) return
    const names = contactNames(card)
    const count = card.phoneCount
    if (names.name === '' && count === 0) {
      this.problem(card.line, 'card has no name and no phone number; skipped')
      return
    }
    const result = this.result
    if (result.count >= MAX_CARDS || this.numbers + count > MAX_NUMBERS) {
      const what = result.count >= MAX_CARDS ? `${MAX_CARDS.toLocaleString('en-US')} cards` : `${MAX_NUMBERS.toLocaleString('en-US')} phone numbers`
      this.problem(card.line, `the file has more than ${what}; this card and the rest were not read`)
      this.stopped = true
      return
    }
    this.numbers += count
    if (card.droppedPhones > 0) {
      this.problem(card.line, `card has more than ${MAX_PHONES_PER_CARD} phone numbers; ${card.droppedPhones} more not read`)
    }
    const { labels, groups, labelsEnd, phoneLabels } = card
    if (labelsEnd > 0) {
      // A handful of labels is searched in place; many (hostile cards) go through a map.
      let byGroup: Map<GroupKey, string> | null = null
      if (labelsEnd > 16) {
        byGroup = new Map()
        for (let j = 0; j < labelsEnd; j += 2) byGroup.set(labels[j] as GroupKey, labels[j + 1] as string)
      }
      for (let i = 0; i < count; i++) {
        const group = groups[i]
        if (group === null || group === undefined) continue
        if (byGroup !== null) {
          const label = byGroup.get(group)
          if (label !== undefined) phoneLabels[i] = label
          continue
        }
        for (let j = 0; j < labelsEnd; j += 2) {
          if (labels[j] === group) phoneLabels[i] = labels[j + 1] as string
        }
      }
    }
    for (let i = 0; i < count; i++) result.addPhone(card.values[i] as string, card.types[i] as string[], phoneLabels[i] as string | null)
    result.addContact(names.name, names.firstName, names.lastName, card.line)
    this.spare.push(card)
  }
}

/** Reads a whole vCard file from its bytes; `fallback` as in VCardReader. */
export function readVCard(bytes: Uint8Array, fallback: string | null = null): ReadResult {
  const reader = new VCardReader(fallback)
  reader.push(bytes)
  return reader.end()
}

/** Reads vCard text that is already decoded. */
export function readVCardText(text: string): ReadResult {
  const reader = new VCardReader()
  reader.pushText(text)
  return reader.endText()
}
