/**
 * Whether a name read from a file still looks garbled (mojibake): text decoded in the wrong charset. The
 * preview flags such names so a person picks another charset or fixes them, instead of importing
 * "Ãéþñãïò" into Telegram.
 */

/** The replacement character, C1 control codes, box drawing (KOI8 or a DOS code page read wrongly). */
const NEVER_IN_NAMES = /[\ufffd\u0080-\u009f\u2500-\u259f]/
/** UTF-8 read as Latin-1 or Windows-1252: a lead byte (Ã Â Ð Ñ Î Ï …) followed by a continuation byte. */
const UTF8_AS_LATIN1 = /[\u00c2-\u00df][\u0080-\u00bf\u2018-\u203a\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2122]/
/** Runs of letters. */
const WORD = /\p{L}{3,}/gu

/**
 * Cyrillic or Greek read as Latin-1 gives words made mostly of accented Latin letters (U+00C0–U+00FF):
 * "Èâàí Ïåòðîâ". Real names have one or two such letters a word (Åström, Müller), not most of them.
 */
function mostlyAccentedLatin(word: string): boolean {
  let accented = 0
  const kinds = new Set<number>()
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i)
    if (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7) {
      accented++
      kinds.add(c)
    }
  }
  // Mojibake spreads over many letters; a test card's "ÑÑÑÑ" repeats one.
  return accented * 2 > word.length && kinds.size >= 3
}

const NOT_ASCII = /[^\x20-\x7e]/

export function looksGarbled(name: string): boolean {
  if (!NOT_ASCII.test(name)) return false
  if (NEVER_IN_NAMES.test(name) || UTF8_AS_LATIN1.test(name)) return true
  for (const [word] of name.matchAll(WORD)) if (mostlyAccentedLatin(word)) return true
  return false
}
