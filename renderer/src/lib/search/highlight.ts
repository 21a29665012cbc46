/**
 * Which parts of a shown row a query matched: the prefix of each name word (in whichever spelling
 * matched: "olg" marks "Ольг" of "Ольга"), of the username's parts, and the digits of the phone number.
 * Computed for the rows on screen only.
 */

import { shownWords } from './fold'
import type { SearchKeys } from './list-search'
import { tokenMatches, type CompiledQuery, type QueryToken, type Reading } from './query'
import { spell, SPELLERS, spellingsOf } from './spellings'

/** A highlighted range of a shown text, in UTF-16 offsets: [start, end). */
export interface Mark {
  readonly start: number
  readonly end: number
}

export interface RowMarks {
  readonly name: Mark[]
  readonly username: Mark[]
  readonly phone: Mark[]
}

export const NO_MARKS: RowMarks = { name: [], username: [], phone: [] }

const coverMemo = new Map<string, number>()

/** How many characters of `word` a typed prefix covers in the first spelling that it starts; 0 if none. */
function prefixCover(word: string, typed: string): number {
  const id = `${word}\u0000${typed}`
  const known = coverMemo.get(id)
  if (known !== undefined) return known
  let cover = 0
  if (spellingsOf(word).some((s) => s.startsWith(typed))) {
    const lower = word.toLowerCase()
    cover = lower.length
    for (const speller of SPELLERS) {
      if (!spell(speller, lower).some((s) => s.startsWith(typed))) continue
      // The shortest prefix of the word that, spelled the same way, already starts with what was typed.
      for (let k = 1; k <= lower.length; k++) {
        if (spell(speller, lower.slice(0, k)).some((s) => s.startsWith(typed))) {
          cover = k
          break
        }
      }
      break
    }
    cover = Math.min(cover, word.length)
  }
  if (coverMemo.size > 5000) coverMemo.clear()
  coverMemo.set(id, cover)
  return cover
}

/** Sorted, overlapping ranges joined. */
function merged(marks: Mark[]): Mark[] {
  marks.sort((a, b) => a.start - b.start)
  const out: Mark[] = []
  for (const m of marks) {
    const last = out[out.length - 1]
    if (last && m.start <= last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, m.end) }
    else out.push(m)
  }
  return out
}

function nameMarks(name: string, tokens: readonly QueryToken[]): Mark[] {
  const marks: Mark[] = []
  for (const { word, start } of shownWords(name)) {
    for (const t of tokens) {
      const cover = prefixCover(word, t.word.slice(1))
      if (cover > 0) marks.push({ start, end: start + cover })
    }
  }
  return merged(marks)
}

function usernameMarks(username: string, tokens: readonly QueryToken[]): Mark[] {
  const lower = username.toLowerCase()
  const marks: Mark[] = []
  for (const t of tokens) {
    const typed = t.word.slice(1)
    // Its parts ("zoe_ob": zoe, ob)...
    for (let p = 0; p < lower.length; p = lower.indexOf('_', p) + 1 || lower.length) {
      if (lower.startsWith(typed, p)) marks.push({ start: p, end: p + typed.length })
    }
    // ...and the whole without underscores ("zoeob").
    let seen = 0
    for (let i = 0; i < lower.length && seen < typed.length; i++) {
      if (lower[i] === '_') continue
      if (lower[i] !== typed[seen]) break
      if (++seen === typed.length) marks.push({ start: 0, end: i + 1 })
    }
  }
  return merged(marks)
}

function phoneMarks(shown: string, digits: string, tokens: readonly QueryToken[]): Mark[] {
  const positions: number[] = []
  for (let i = 0; i < shown.length; i++) if (shown.charCodeAt(i) >= 48 && shown.charCodeAt(i) <= 57) positions.push(i)
  if (positions.length !== digits.length) return []
  const marks: Mark[] = []
  for (const t of tokens) {
    let from = -1
    let length = 0
    if (t.intl !== null && digits.startsWith(t.intl)) [from, length] = [0, t.intl.length]
    else if (t.digits !== null && digits.includes(t.digits)) [from, length] = [digits.indexOf(t.digits), t.digits.length]
    if (from >= 0 && length > 0) marks.push({ start: positions[from]!, end: positions[from + length - 1]! + 1 })
  }
  return merged(marks)
}

/** What a row shows that can be marked, and the contact's search key (see keys.ts). */
export interface MarkableRow {
  readonly keys: SearchKeys
  readonly name: string
  readonly username: string | null
  /** The number as shown, or "". */
  readonly phone: string
}

/**
 * The marks for a row showing `name`, `@username` (marks relative to the username without "@") and the
 * phone as shown; only tokens of the readings that match the contact mark anything.
 */
export function rowMarks(row: MarkableRow, query: CompiledQuery): RowMarks {
  if (query.empty) return NO_MARKS
  const { key, digits } = row.keys
  const tokens: QueryToken[] = []
  const matching = (r: Reading) => r.every((t) => tokenMatches(t, key, digits))
  for (const r of query.readings) if (matching(r)) tokens.push(...r)
  if (tokens.length === 0) return NO_MARKS
  return {
    name: nameMarks(row.name, tokens),
    username: row.username ? usernameMarks(row.username, tokens) : [],
    phone: row.phone ? phoneMarks(row.phone, digits, tokens) : [],
  }
}
