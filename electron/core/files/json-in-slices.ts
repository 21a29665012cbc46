import type { TimeSlices } from '../app/time-slices'

/** Texts shorter than this are parsed at once; a big array member is parsed in pieces of about this size. */
export const JSON_PIECE_CHARS = 128 * 1024

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d

/** Characters scanned between two looks at the clock. */
const SCAN_STEP = 64 * 1024

const malformed = (): SyntaxError => new SyntaxError('malformed JSON')

/** Where an object's members are, and where its array members may be cut between elements. */
interface ObjectLayout {
  /** Positions of the commas between members, then the closing brace. */
  memberEnds: number[]
  /** The first colon outside strings of each member. */
  colons: number[]
  /** Commas between the elements of a member's array, about JSON_PIECE_CHARS apart. */
  cuts: number[]
}

/**
 * The same value as JSON.parse(text), or the same kind of error, with the event loop turning between pieces: an
 * object whose big members are arrays (a log record with 100,000 rows: a 4-7 MB line, one JSON.parse of 15-35 ms)
 * is cut between members and between array elements, and each piece goes through JSON.parse. A streaming JSON
 * parser from npm would cut anywhere, but decodes character by character in JavaScript, several times slower than
 * JSON.parse; only the cutting here is JavaScript, and it jumps from quote to quote.
 */
export async function parseJsonInSlices(text: string, slices: TimeSlices): Promise<unknown> {
  const open = text.search(/\S/)
  const close = text.trimEnd().length - 1
  if (text.length < JSON_PIECE_CHARS || open < 0 || text.charCodeAt(open) !== OPEN_OBJECT || text.charCodeAt(close) !== CLOSE_OBJECT) return JSON.parse(text)
  const layout = await layoutOf(text, open + 1, close, slices)
  if (text.slice(open + 1, close).trim() === '') return {}
  const members: [string, unknown][] = []
  let start = open + 1
  let cut = 0
  for (const [i, end] of layout.memberEnds.entries()) {
    const colon = layout.colons[i]
    if (colon === undefined || colon > end) throw malformed()
    const key: unknown = JSON.parse(text.slice(start, colon))
    if (typeof key !== 'string') throw malformed()
    while (cut < layout.cuts.length && (layout.cuts[cut] as number) < colon) cut++
    const cutsHere: number[] = []
    while (cut < layout.cuts.length && (layout.cuts[cut] as number) < end) cutsHere.push(layout.cuts[cut++] as number)
    members.push([key, await valueOf(text, colon + 1, end, cutsHere, slices)])
    await slices.turn()
    start = end + 1
  }
  // As JSON.parse: own properties in the order they first came, the last value of a repeated key ("__proto__" too).
  return Object.fromEntries(members)
}

/** A member's value: an array cut at `cuts` parsed a piece at a time, anything else at once. */
async function valueOf(text: string, from: number, to: number, cuts: readonly number[], slices: TimeSlices): Promise<unknown> {
  if (cuts.length === 0) return JSON.parse(text.slice(from, to))
  const open = text.indexOf('[', from)
  const close = text.lastIndexOf(']', to)
  if (text.slice(from, open).trim() !== '' || text.slice(close + 1, to).trim() !== '') throw malformed()
  const values: unknown[] = []
  const bounds = [open, ...cuts, close]
  for (let i = 0; i + 1 < bounds.length; i++) {
    const piece = text.slice((bounds[i] as number) + 1, bounds[i + 1])
    // "[1,]" cut after its comma would leave "1" and "" (that is, "[]"), which parse.
    if (piece.trim() === '') throw malformed()
    for (const value of JSON.parse(`[${piece}]`) as unknown[]) values.push(value)
    await slices.turn()
  }
  return values
}

/** One pass over the object's inside (from, to): strings skipped, brackets counted, the cut points noted. */
async function layoutOf(text: string, from: number, to: number, slices: TimeSlices): Promise<ObjectLayout> {
  const layout: ObjectLayout = { memberEnds: [], colons: [], cuts: [] }
  let depth = 0
  /** Whether the member's value being scanned is an array (only an array's elements are cut apart). */
  let inArray = false
  let lastCut = from
  let nextTurn = from + SCAN_STEP
  for (let i = from; i < to; i++) {
    if (i >= nextTurn) {
      nextTurn = i + SCAN_STEP
      await slices.turn()
    }
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      i = stringEnd(text, i, to)
    } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (depth++ === 0) inArray = c === OPEN_ARRAY
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
      if (--depth < 0) throw malformed()
    } else if (c === COMMA) {
      if (depth === 0) layout.memberEnds.push(i)
      else if (depth === 1 && inArray && i - lastCut >= JSON_PIECE_CHARS) {
        layout.cuts.push(i)
        lastCut = i
      }
    } else if (c === COLON && depth === 0 && layout.colons.length === layout.memberEnds.length) {
      layout.colons.push(i)
    }
  }
  if (depth !== 0) throw malformed()
  layout.memberEnds.push(to)
  return layout
}

/** The closing quote of the string opening at `quote`. */
function stringEnd(text: string, quote: number, to: number): number {
  for (let at = quote + 1; ; at++) {
    at = text.indexOf('"', at)
    if (at < 0 || at >= to) throw malformed()
    let backslashes = 0
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++
    if (backslashes % 2 === 0) return at
  }
}
