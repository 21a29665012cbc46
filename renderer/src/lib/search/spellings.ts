/**
 * The other ways a name is typed, as Telegram's clients search: transliterated (Cyrillic ↔ Latin,
 * German "ü" as "ue", other scripts romanised) and typed with the wrong keyboard layout ("jkmuf" for
 * "ольга"). Telegram Desktop indexes a name with its Russian transliteration and its Russian/Ukrainian
 * layout-switched form (PeerData::updateNameDelayed, translitRusEng, rusKeyboardLayoutSwitch); this does
 * the same with well-kept libraries instead of tables of its own, and with several transliteration
 * systems, because people write "Yuliya", "Iuliia" (passports) and "Julia" alike.
 *
 * A contact's words are spelled every way once, into its search key (precomputed, not per keystroke);
 * a query is read every way it may have been meant (a handful of string operations per keystroke).
 */

/// <reference types="convert-layout" />
import transliterate from '@sindresorhus/transliterate'
import { ICAO_DOC_9303, MOSMETRO, TELEGRAM, translate, WIKIPEDIA } from 'iuliia'
import ruLayout from 'convert-layout/ru'
import ukLayout from 'convert-layout/uk'
import { normalise, wordsOf } from './fold'

const CYRILLIC = /[\u0400-\u04ff]/
const NON_ASCII = /[^\p{ASCII}]/u

/** One way of spelling a (lower-case, as shown) word, or null where it does not apply. */
export type Speller = (word: string) => string | null

const russianSchemes = [WIKIPEDIA, ICAO_DOC_9303, MOSMETRO, TELEGRAM]

/**
 * Every speller, each a function of the word alone, so that a prefix of a word can be spelled the same
 * way (the highlight finds how much of a shown word a typed prefix covers).
 */
export const SPELLERS: readonly Speller[] = [
  (w) => w,
  // Romanisation of any script, with German umlauts as "ae/oe/ue" (Müller -> mueller, Μαρία -> maria).
  (w) => (NON_ASCII.test(w) ? transliterate(w) : null),
  // Russian in the systems people meet: Wikipedia (Yuliya), passports (Iuliia), Moscow metro, Telegram.
  ...russianSchemes.map((scheme): Speller => (w) => (CYRILLIC.test(w) ? translate(w, scheme) : null)),
  // Typed on a Latin keyboard layout while meaning Russian or Ukrainian letters.
  (w) => (CYRILLIC.test(w) ? ruLayout.toEn(w) : null),
  (w) => (CYRILLIC.test(w) ? ukLayout.toEn(w) : null),
]

/** The folded words one speller gives for a word. */
export function spell(speller: Speller, word: string): string[] {
  const spelled = speller(word)
  return spelled === null ? [] : wordsOf(normalise(spelled))
}

const MEMO_LIMIT = 50_000
const memo = new Map<string, readonly string[]>()

/**
 * The distinct folded words a shown word is searched by, its plain folding first. Memoised: address
 * books repeat first names, and the transliteration engines cost microseconds per word.
 */
export function spellingsOf(word: string): readonly string[] {
  const lower = word.toLowerCase()
  const known = memo.get(lower)
  if (known) return known
  const plain = wordsOf(normalise(lower))
  let out: readonly string[] = plain
  if (NON_ASCII.test(lower)) {
    const all = new Set(plain)
    for (let i = 1; i < SPELLERS.length; i++) for (const w of spell(SPELLERS[i]!, lower)) all.add(w)
    out = [...all]
  }
  if (memo.size >= MEMO_LIMIT) memo.clear()
  memo.set(lower, out)
  return out
}

/**
 * The texts a query may have meant, the query itself first: a Cyrillic query typed on the wrong layout
 * ("ьфкшф" for "maria") or meaning a Latin name ("ольга" for "Olga"), and a query with accents or
 * umlauts spelled out ("müller" also for "Mueller").
 */
export function queryReadings(query: string): string[] {
  const lower = query.toLowerCase()
  const readings = [lower]
  if (NON_ASCII.test(lower)) readings.push(transliterate(lower))
  if (CYRILLIC.test(lower)) readings.push(ruLayout.toEn(lower), ukLayout.toEn(lower))
  return readings
}
