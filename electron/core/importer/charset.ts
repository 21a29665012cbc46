/**
 * The legacy 8-bit charset of a contact file that declares none: old phones and Outlook wrote names in
 * the system code page (Greek Windows-1253, Cyrillic Windows-1251 or KOI8-R, Japanese Shift_JIS,
 * Chinese GB18030 or Big5, Korean EUC-KR, Western Windows-1252) without a CHARSET parameter.
 *
 * jschardet (Mozilla's universal detector, 0BSD) ranks the candidates. Measured on vCard and CSV files
 * made with iconv from 1, 3 and 12 names in each of these charsets (54 files): jschardet's ranking, kept
 * to the charsets below and to those that decode the bytes without an error, named the right one in 52;
 * chardet (the ICU port) in 23; jschardet's first answer alone in 31 (the ASCII structure of a vCard
 * drowns a few names). The two misses are a single Korean name of 6 bytes. Decoding must also give words of
 * one script: without that check one "Schäfer" in a Windows-1252 file came out as GB18030. The guess is shown
 * with a picker, so a person can correct it.
 */

import jschardet from 'jschardet'
import { Buffer, isUtf8 } from 'node:buffer'
import { legacyCharsetSchema, type LegacyCharsetName } from '../contract/dto'

/** The charsets a file may be read in (the contract lists them; the picker names them). */
export type LegacyCharset = LegacyCharsetName

const KNOWN: ReadonlySet<string> = new Set(legacyCharsetSchema.options)

export function isLegacyCharset(value: string | null): value is LegacyCharset {
  return value !== null && KNOWN.has(value)
}

/** jschardet's names for supersets and twins of the charsets above. */
const ALIASES: Readonly<Record<string, LegacyCharset>> = {
  'windows-932': 'shift_jis',
  'shift-jis': 'shift_jis',
  'windows-949': 'euc-kr',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'iso-8859-7': 'windows-1253',
  'iso-8859-1': 'windows-1252',
  'iso-8859-15': 'windows-1252',
  'koi8-u': 'koi8-r',
}

function normalise(name: string | null): LegacyCharset | null {
  if (name === null) return null
  const lower = name.toLowerCase().replace(/^(x-)?cp/, 'windows-')
  const known = ALIASES[lower] ?? lower
  return isLegacyCharset(known) ? known : null
}

/** Bytes of lines with 8-bit text handed to the detector: enough for any address book's names, bounded for a hostile file. */
const SAMPLE_BYTES = 64 * 1024

/**
 * The lines holding bytes over 0x7F that are not UTF-8, up to SAMPLE_BYTES (a 60 MB file is not read twice for a
 * guess). Lines that are UTF-8 stay out: the readers decode those as UTF-8 whatever the guess.
 */
function eightBitLines(bytes: Buffer): Uint8Array {
  const parts: Uint8Array[] = []
  let size = 0
  let start = 0
  let high = false
  for (let i = 0; i <= bytes.length && size < SAMPLE_BYTES; i++) {
    const b = i < bytes.length ? (bytes[i] as number) : 10
    if (b >= 0x80) high = true
    else if (b === 10) {
      const line = high ? bytes.subarray(start, i + 1) : null
      if (line !== null && !isUtf8(line)) {
        parts.push(line)
        size += line.length
      }
      start = i + 1
      high = false
    }
  }
  return Buffer.concat(parts)
}

/** A word mixing ASCII letters with letters of another script ("Sch輎er", "Schдfer"): the bytes were read in the wrong charset. */
const MIXED_WORD = /[A-Za-z][\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}][A-Za-z]/u

/**
 * Whether the bytes decode in `charset` without an error and into words a person writes: a tiny sample (one
 * "Schäfer" in Windows-1252) also decodes as GB18030, but into a word of Latin and Han letters.
 */
function plausibleIn(bytes: Uint8Array, charset: LegacyCharset): boolean {
  if (charset === 'windows-1252') return true
  try {
    return !MIXED_WORD.test(new TextDecoder(charset, { fatal: true }).decode(bytes))
  } catch {
    return false
  }
}

/**
 * The legacy charset the file's 8-bit text is most likely in, or null when every line with 8-bit text is UTF-8
 * (or there is none).
 */
export function guessLegacyCharset(bytes: Uint8Array): LegacyCharset | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // A file that is UTF-8 throughout has no line to sample: one native check instead of a JS pass over every byte
  // (110 ms of a 35 MB file's 690 ms import read, issue 16).
  if (isUtf8(buf)) return null
  const sample = eightBitLines(buf)
  if (sample.length === 0) return null
  for (const { encoding } of jschardet.detectAll(sample, { minimumThreshold: 0 })) {
    const charset = normalise(encoding)
    if (charset !== null && plausibleIn(sample, charset)) return charset
  }
  return 'windows-1252'
}
