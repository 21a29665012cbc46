/**
 * Folding text the way people type it: lower case, accents and marks dropped, a few letters NFD leaves
 * alone spelled out, and words split at anything that is not a letter or a digit.
 */

const COMBINING_MARKS = /\p{M}+/gu
const NON_WORD = /[^\p{L}\p{N}]+/gu

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
/** Letters that NFD does not decompose but people type without their stroke or ligature. */
const FOLDS: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ı: 'i' }
const FOLDABLE = /[ßøæœłđı]/g

/** Letters folded the way people type them: "Zoë Ørsted" -> "zoe orsted". */
export function normalise(text: string): string {
  // Most names need no folding: skip NFD and the regexes for them (100,000 contacts load faster).
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase()
  const folded = text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase()
  return folded.replace(FOLDABLE, (c) => FOLDS[c] ?? c)
}

/** The words of already folded text: "o'brien-smith" -> ["o", "brien", "smith"]. */
export function wordsOf(folded: string): string[] {
  const spaced = folded.replace(NON_WORD, ' ').trim()
  return spaced === '' ? [] : spaced.split(' ')
}

/** Words of `text` as they are shown, with their offsets: what a highlight is placed on. */
export function shownWords(text: string): Array<{ word: string; start: number }> {
  const out: Array<{ word: string; start: number }> = []
  for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) out.push({ word: m[0], start: m.index })
  return out
}
