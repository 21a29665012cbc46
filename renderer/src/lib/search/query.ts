/**
 * A query compiled once per keystroke: its readings (as typed, transliterated, layout-switched; see
 * spellings.ts), each a list of tokens, and for digit tokens the national number read as international.
 * A contact matches when every token of one reading matches its search key or phone digits.
 */

import type { CountryCode } from 'libphonenumber-js/min'
import { normalise, wordsOf } from './fold'
import { internationalDigits } from './national'
import { queryReadings } from './spellings'

export interface QueryToken {
  /** The token with a leading space: found at the start of a word of the search key. */
  readonly word: string
  /** For an all-digit token: found anywhere in the phone digits. */
  readonly digits: string | null
  /** For a national number ("0151…"): its international digits, found at the start of the phone digits. */
  readonly intl: string | null
}

export type Reading = readonly QueryToken[]

export interface CompiledQuery {
  readonly readings: readonly Reading[]
  readonly empty: boolean
  /** Equal for queries that match the same contacts ("Maria" and "maria "). */
  readonly id: string
  readonly source: string
  /** Only digits and phone punctuation: a phone number, not a name or a username. */
  readonly phone: boolean
}

export interface QueryOptions {
  /** The account's country: national numbers are read in it. */
  readonly country?: CountryCode | undefined
}

const DIGITS = /^\d+$/
const PHONE_TEXT = /^[\d\s()+.\-/]*\d[\d\s()+.\-/]*$/

export function compileQuery(query: string, options: QueryOptions = {}): CompiledQuery {
  const readings: Reading[] = []
  const ids: string[] = []
  const trimmed = query.trim()
  for (const text of queryReadings(trimmed)) {
    const tokens = wordsOf(normalise(text))
    if (tokens.length === 0) continue
    // "+7 916 123" typed as a phone number: join the digit groups so they match the stored digits.
    const allDigits = tokens.every((t) => DIGITS.test(t))
    const effective = allDigits && tokens.length > 1 ? [tokens.join('')] : tokens
    const reading = effective.map((t): QueryToken => {
      if (!DIGITS.test(t)) return { word: ` ${t}`, digits: null, intl: null }
      return { word: ` ${t}`, digits: t, intl: internationalDigits(allDigits ? trimmed : t, options.country) }
    })
    const id = reading.map((t) => (t.intl === null ? t.word : `${t.word}>${t.intl}`)).join('')
    if (ids.includes(id)) continue
    ids.push(id)
    readings.push(reading)
  }
  return { readings, empty: readings.length === 0, id: ids.join('|'), source: query, phone: PHONE_TEXT.test(trimmed) }
}

/** Whether one token starts a word of the key or (digit tokens) is in the phone digits. */
export function tokenMatches(t: QueryToken, key: string, digits: string): boolean {
  return key.includes(t.word) || (t.digits !== null && digits.includes(t.digits)) || (t.intl !== null && digits.startsWith(t.intl))
}

/** True when every token of some reading starts a word of the key or (digit tokens) is in the phone digits. */
export function matches(query: CompiledQuery, key: string, digits: string): boolean {
  const readings = query.readings
  outer: for (let r = 0; r < readings.length; r++) {
    const tokens = readings[r]!
    for (let t = 0; t < tokens.length; t++) if (!tokenMatches(tokens[t]!, key, digits)) continue outer
    return true
  }
  return false
}

function tokenNarrows(p: QueryToken, n: QueryToken): boolean {
  if (!n.word.startsWith(p.word)) return false
  // A digit token that became non-digit changes which field it may match.
  if ((p.digits === null) !== (n.digits === null)) return false
  // A national reading that appeared adds matches; one that goes on (or went away) only drops them.
  return n.intl === null || (p.intl !== null && n.intl.startsWith(p.intl))
}

/**
 * Whether results for `next` are a subset of results for `previous` (the user typed more), so the next
 * search can run over the previous results instead of the whole list: each reading of `next` must
 * narrow the reading of `previous` in the same place.
 */
export function narrows(previous: CompiledQuery, next: CompiledQuery): boolean {
  if (previous.empty || next.empty || previous.readings.length !== next.readings.length) return false
  for (let r = 0; r < next.readings.length; r++) {
    const p = previous.readings[r]!
    const n = next.readings[r]!
    if (n.length < p.length) return false
    for (let t = 0; t < p.length; t++) if (!tokenNarrows(p[t]!, n[t]!)) return false
  }
  return true
}

/**
 * The one character every match has at a word start (or, for a digit, in its phone), when the query is
 * read only one way: the list of contacts with it holds every match (see FirstCharacters).
 */
export function leadingCharacter(query: CompiledQuery): string | null {
  let found: string | null = null
  for (const reading of query.readings) {
    // Any token will do; the longest is the rarest.
    let best: QueryToken | null = null
    for (const t of reading) if (best === null || t.word.length > best.word.length) best = t
    if (best === null) return null
    const c = best.word.charAt(1)
    // A national reading matches numbers that need not hold the typed first digit.
    if (best.intl !== null && best.intl.charAt(0) !== c) return null
    if (found !== null && found !== c) return null
    found = c
  }
  return found
}

/** Whether the query is one character read one way: then the list of contacts with it is the result. */
export function isSingleCharacter(query: CompiledQuery): boolean {
  return query.readings.length === 1 && query.readings[0]!.length === 1 && query.readings[0]![0]!.word.length === 2 && leadingCharacter(query) !== null
}
