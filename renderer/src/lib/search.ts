/**
 * Local search over the contact list. Each contact gets a normalised key once (NFD, combining marks
 * stripped, lower case, words separated by single spaces, with a leading space) and its phone digits,
 * so a keystroke is one pass of `indexOf` over precomputed strings with no allocation per contact.
 */

const COMBINING_MARKS = /\p{M}+/gu
const NON_WORD = /[^\p{L}\p{N}]+/gu

/** Letters folded the way people type them: "Zoë Ørsted" -> "zoe orsted". */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe')
    .replace(/ł/g, 'l')
    .replace(/đ/g, 'd')
}

/** " ivan petrov ivanp": every word of the name and the username, each preceded by one space. */
export function searchKey(parts: ReadonlyArray<string | null>): string {
  let key = ''
  for (const part of parts) {
    if (!part) continue
    const words = normalise(part).replace(NON_WORD, ' ').trim()
    if (words) key += ` ${words}`
  }
  return key
}

export interface CompiledQuery {
  /** Each token with a leading space, to match at a word start. */
  readonly wordNeedles: readonly string[]
  /** Tokens that are all digits (matched anywhere in the phone digits, or at a word start). */
  readonly digitTokens: readonly (string | null)[]
  readonly empty: boolean
  readonly source: string
}

export function compileQuery(query: string): CompiledQuery {
  const tokens = normalise(query).replace(NON_WORD, ' ').trim().split(' ').filter(Boolean)
  // "+7 916 123" typed as a phone number: join the digit groups so they match the stored digits.
  const allDigits = tokens.length > 1 && tokens.every((t) => /^\d+$/.test(t))
  const effective = allDigits ? [tokens.join('')] : tokens
  return {
    wordNeedles: effective.map((t) => ` ${t}`),
    digitTokens: effective.map((t) => (/^\d+$/.test(t) ? t : null)),
    empty: effective.length === 0,
    source: query,
  }
}

/** True when every token starts a word of the key, or (digit tokens) occurs in the phone digits. */
export function matches(query: CompiledQuery, key: string, digits: string): boolean {
  const needles = query.wordNeedles
  for (let t = 0; t < needles.length; t++) {
    if (key.indexOf(needles[t]!) !== -1) continue
    const digitsToken = query.digitTokens[t]
    if (digitsToken !== null && digitsToken !== undefined && digits.indexOf(digitsToken) !== -1) continue
    return false
  }
  return true
}

/**
 * Whether results for `next` are a subset of results for `previous` (the user typed more), so the next
 * scan can run over the previous results instead of the whole list.
 */
export function narrows(previous: CompiledQuery, next: CompiledQuery): boolean {
  if (previous.empty) return false
  if (next.wordNeedles.length < previous.wordNeedles.length) return false
  for (let i = 0; i < previous.wordNeedles.length; i++) {
    const p = previous.wordNeedles[i]!
    const n = next.wordNeedles[i]!
    if (!n.startsWith(p)) return false
    // A digit token that became non-digit changes which field it may match.
    if ((previous.digitTokens[i] === null) !== (next.digitTokens[i] === null)) return false
  }
  return true
}
