/**
 * CSV contact files: Google Contacts, Outlook, Thunderbird and any CSV whose header row names its columns.
 *
 * Written here rather than with papaparse (which the exporter still uses to write CSV) because an
 * address book needs what a generic parser does not give: each cell decoded on its own (one Windows-1252
 * byte in a UTF-8 file must not turn every name to mojibake, as decoding the whole text again did), a
 * row with an unterminated quote reported and read without it instead of swallowing every row after
 * it, and bounded work on hostile files (columns, rows, numbers). It reads the bytes as a byte string
 * (one char per byte, like the vCard reader) and decodes only the cells it keeps.
 */

import { byteString, detectEncoding, textFromByteString } from '../encoding'
import type { ReadPhone } from '../model'
import { ReadResult } from '../read-result'
import { contactNames } from '../names'
import { MAX_CARDS, MAX_NUMBERS, MAX_PHONES_PER_CARD, MAX_PROBLEMS, MAX_TEXT } from '../vcard/reader'
import { kindsOf, mapColumns } from './columns'
import type { ColumnMap } from './columns'

/** Google puts several values in one cell separated by " ::: ". */
const MULTI = ' ::: '

/** Columns read per row: no address book has this many, a hostile file may have millions. */
export const MAX_COLUMNS = 4096

/** A quoted field spanning lines, with a line inside that reads as a whole row, is a broken quote (see readRow). */
const MIN_COLUMNS_FOR_ROW_CHECK = 3

export class CsvHeaderError extends Error {}

const QUOTE = 34
const LF = 10
const CR = 13

interface LabelKinds {
  label: string | null
  types: string[]
}

/** A Google label cell ("* Mobile") as label and kinds; the few distinct labels are memoised. */
function labelKinds(raw: string, cache: Map<string, LabelKinds>): LabelKinds {
  let found = cache.get(raw)
  if (found === undefined) {
    const primary = raw.startsWith('*')
    const label = raw.replace(/^\*\s*/, '') || null
    const types = label === null ? [] : kindsOf(label)
    if (primary && !types.includes('pref')) types.push('pref')
    found = { label, types }
    if (cache.size < 1000) cache.set(raw, found)
  }
  return found
}

/** One row as the tokenizer found it: raw cells (bytes or text), where it starts and ends. */
interface Row {
  cells: string[]
  /** Index just past the row's line break. */
  end: number
  /** Physical lines the row spans. */
  lines: number
  /** Cells past MAX_COLUMNS, not kept. */
  dropped: number
  /** Why the row cannot be trusted (an unterminated or broken quote), or null. */
  broken: string | null
}

/** The delimiter the header row uses most outside quotes: comma, semicolon (German Excel), TAB or '|'. */
function detectDelimiter(src: string, from: number): number {
  const counts = new Map<number, number>([
    [44, 0],
    [59, 0],
    [9, 0],
    [124, 0],
  ])
  let quoted = false
  for (let i = from; i < src.length; i++) {
    const c = src.charCodeAt(i)
    if (c === QUOTE) quoted = !quoted
    else if (!quoted && (c === LF || c === CR)) break
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) as number) + 1)
  }
  let best = 44
  for (const [c, n] of counts) if (n > (counts.get(best) as number)) best = c
  return best
}

class Tokenizer {
  /** Cells of the header row; rows with more cells that span lines are broken quotes. */
  columns = 0

  constructor(
    private readonly src: string,
    private readonly delimiter: number,
  ) {}

  /** The end of the physical line at `from` (index of its LF, or the text's end). */
  private lineEnd(from: number): number {
    const nl = this.src.indexOf('\n', from)
    return nl === -1 ? this.src.length : nl
  }

  /** Whether src[from, to) reads as a whole row by itself: no quote, and as many cells as the header. */
  private looksLikeRow(from: number, to: number): boolean {
    if (this.columns < MIN_COLUMNS_FOR_ROW_CHECK) return false
    let cells = 1
    for (let i = from; i < to; i++) {
      const c = this.src.charCodeAt(i)
      if (c === QUOTE) return false
      if (c === this.delimiter) cells++
    }
    return cells === this.columns
  }

  /**
   * The row at `pos`. A quoted cell may span lines; it is a broken quote, and the row is read again as
   * one line with quotes as plain characters (readLine), when the quote never closes, text follows its
   * closing quote, a line inside it reads as a whole row of its own, or the row ends up with more cells
   * than the header. Each line is read a bounded number of times, so this stays linear.
   */
  readRow(pos: number): Row {
    const src = this.src
    const len = src.length
    const cells: string[] = []
    let dropped = 0
    let lines = 1
    let i = pos
    const push = (cell: string): void => {
      if (cells.length < MAX_COLUMNS) cells.push(cell)
      else dropped++
    }
    for (;;) {
      if (i < len && src.charCodeAt(i) === QUOTE) {
        const parts: string[] = []
        let j = i + 1
        for (;;) {
          const q = src.indexOf('"', j)
          const stop = q === -1 ? len : q
          // Line breaks inside the quoted cell, and whether a line there reads as a row of its own.
          for (let nl = src.indexOf('\n', j); nl !== -1 && nl < stop; nl = src.indexOf('\n', nl + 1)) {
            lines++
            const next = src.indexOf('\n', nl + 1)
            if (next !== -1 && next < stop && this.looksLikeRow(nl + 1, next)) return this.broken(pos, 'a quoted cell runs into the next rows')
          }
          if (q === -1) return this.broken(pos, 'a quote is not closed')
          if (q + 1 < len && src.charCodeAt(q + 1) === QUOTE) {
            parts.push(src.slice(j, q + 1))
            j = q + 2
            continue
          }
          parts.push(src.slice(j, q))
          i = q + 1
          break
        }
        while (i < len && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9) && src.charCodeAt(i) !== this.delimiter) i++
        push(parts.length === 1 ? (parts[0] as string) : parts.join(''))
        const c = i < len ? src.charCodeAt(i) : LF
        if (c === this.delimiter) {
          i++
          continue
        }
        if (c === CR || c === LF) {
          let k = i
          while (k < len && src.charCodeAt(k) === CR) k++
          if (k === len || src.charCodeAt(k) === LF) break
        }
        return this.broken(pos, 'text follows a closing quote')
      }
      // An unquoted cell: up to the delimiter or the line's end (a CR before the LF is not the cell's).
      let k = i
      while (k < len) {
        const c = src.charCodeAt(k)
        if (c === this.delimiter || c === LF) break
        k++
      }
      let cellEnd = k
      if (k === len || src.charCodeAt(k) === LF) while (cellEnd > i && src.charCodeAt(cellEnd - 1) === CR) cellEnd--
      push(src.slice(i, cellEnd))
      if (k < len && src.charCodeAt(k) === this.delimiter) {
        i = k + 1
        continue
      }
      i = k
      break
    }
    // The line break (LF, CRLF, CR CR LF).
    while (i < len && src.charCodeAt(i) === CR) i++
    if (i < len && src.charCodeAt(i) === LF) i++
    if (lines > 1 && this.columns > 0 && cells.length + dropped > this.columns) return this.broken(pos, 'a quoted cell runs into the next rows')
    return { cells, end: i, lines, dropped, broken: null }
  }

  /** The line at `pos` alone, quotes as plain characters: what can be read of a row with a broken quote. */
  private broken(pos: number, why: string): Row {
    const end = this.lineEnd(pos)
    const cells: string[] = []
    let dropped = 0
    let start = pos
    let stop = end
    while (stop > pos && this.src.charCodeAt(stop - 1) === CR) stop--
    for (let i = pos; i <= stop; i++) {
      if (i === stop || this.src.charCodeAt(i) === this.delimiter) {
        // Stray quotes around a cell are the broken quoting, not the value.
        const cell = this.src.slice(start, i).replace(/^\s*"|"\s*$/g, '')
        if (cells.length < MAX_COLUMNS) cells.push(cell)
        else dropped++
        start = i + 1
      }
    }
    return { cells, end: end < this.src.length ? end + 1 : end, lines: 1, dropped, broken: why }
  }
}

function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false
  return true
}

/**
 * Reads CSV whose first non-blank row is a header. `decode` turns a kept cell into text (the byte
 * string's bytes, or text as it is). Throws CsvHeaderError when the header names no name or phone column.
 */
function readRows(text: string, decode: (raw: string) => string): ReadResult {
  // Old Mac files end lines with a lone CR: the first line end decides, as in the vCard reader.
  const firstBreak = text.search(/[\r\n]/)
  const crOnly = firstBreak !== -1 && text.charCodeAt(firstBreak) === CR && !/^\r+\n/.test(text.slice(firstBreak, firstBreak + 8))
  const src = crOnly ? text.replaceAll('\r', '\n') : text
  const result = new ReadResult()
  const problems = result.problems
  let problemCount = 0
  const problem = (line: number, message: string): void => {
    problemCount++
    if (problemCount <= MAX_PROBLEMS) problems.push({ line, message })
  }
  let pos = 0
  let line = 1
  // Blank lines before the header.
  while (pos < src.length) {
    const c = src.charCodeAt(pos)
    if (c === LF) line++
    else if (c !== CR && c !== 32 && c !== 9) break
    pos++
  }
  const tokenizer = new Tokenizer(src, detectDelimiter(src, pos))
  const header = tokenizer.readRow(pos)
  const map: ColumnMap | null = mapColumns(header.cells.map((c) => decode(c)))
  if (map === null) throw new CsvHeaderError('no name or phone column found in the header row')
  tokenizer.columns = header.cells.length
  pos = header.end
  line += header.lines
  const labels = new Map<string, LabelKinds>()
  const cell = (row: Row, index: number | undefined): string => {
    if (index === undefined) return ''
    const raw = row.cells[index]
    if (raw === undefined || raw === '') return ''
    return decode(raw.length > MAX_TEXT ? raw.slice(0, MAX_TEXT) : raw).trim()
  }
  let numbers = 0
  while (pos < src.length) {
    const row = tokenizer.readRow(pos)
    const at = line
    pos = row.end
    line += row.lines
    if (isBlank(row.cells)) continue
    if (row.broken !== null) problem(at, `${row.broken}; this row was read as one line without its quotes`)
    if (row.dropped > 0) problem(at, `row has more than ${MAX_COLUMNS.toLocaleString('en-US')} columns; ${row.dropped} more not read`)
    const names = contactNames({
      formatted: cell(row, map.names.full),
      given: cell(row, map.names.given),
      additional: cell(row, map.names.additional),
      family: cell(row, map.names.family),
      org: cell(row, map.names.org),
    })
    const phones = rowPhones(row, map, labels, cell)
    if (names.name === '' && phones.length === 0) {
      problem(at, 'row has no name and no phone number; skipped')
      continue
    }
    if (result.count >= MAX_CARDS || numbers + phones.length > MAX_NUMBERS) {
      const what = result.count >= MAX_CARDS ? `${MAX_CARDS.toLocaleString('en-US')} rows` : `${MAX_NUMBERS.toLocaleString('en-US')} phone numbers`
      problem(at, `the file has more than ${what}; this row and the rest were not read`)
      break
    }
    numbers += phones.length
    for (const p of phones) result.addPhone(p.value, p.types, p.label)
    result.addContact(names.name, names.firstName, names.lastName, at)
  }
  if (problemCount > MAX_PROBLEMS) problems.push({ line: 0, message: `${problemCount - MAX_PROBLEMS} more problems not listed` })
  return result
}

function rowPhones(row: Row, map: ColumnMap, labels: Map<string, LabelKinds>, cell: (row: Row, index: number | undefined) => string): ReadPhone[] {
  const phones: ReadPhone[] = []
  for (const col of map.phones) {
    const raw = cell(row, col.value)
    if (raw === '') continue
    let label: string | null = col.header === '' ? null : col.header
    let types = col.types
    if (col.labelColumn !== null) {
      const kinds = labelKinds(cell(row, col.labelColumn), labels)
      label = kinds.label
      types = kinds.types
    }
    const values = raw.includes(MULTI) ? raw.split(MULTI) : [raw]
    for (const v of values) {
      const value = v.trim()
      if (value !== '' && phones.length < MAX_PHONES_PER_CARD) phones.push({ value, types: types.slice(), label })
    }
  }
  return phones
}

/** Reads CSV text that is already decoded (UTF-16 files, tests). */
export function readCsvText(text: string): ReadResult {
  return readRows(text, (raw) => raw)
}

/**
 * Reads a CSV file from its bytes: UTF-16 as a whole, else each kept cell on its own, as UTF-8 when it
 * is valid UTF-8 and otherwise in `charset` (a detected legacy charset), Windows-1252 by default.
 */
export function readCsv(bytes: Uint8Array, charset: string | null = null): ReadResult {
  const { encoding, bomLength } = detectEncoding(bytes)
  const body = bomLength > 0 ? bytes.subarray(bomLength) : bytes
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return readCsvText(new TextDecoder(encoding, { ignoreBOM: true }).decode(body))
  return readRows(byteString(body), (raw) => textFromByteString(raw, null, charset))
}
