/** One contact file from bytes to contacts with E.164 numbers: refusals, sniffing, reading. */

import { MAX_IMPORT_FILE_BYTES } from '../contract/methods'
import { createPhoneNormalizer } from '../phones'
import type { Region } from '../phones'
import { CsvHeaderError, readCsv, readCsvText } from './csv/reader'
import { guessLegacyCharset, type LegacyCharset } from './charset'
import { decodeBytes, detectEncoding, looksBinary } from './encoding'
import type { ContactFileKind } from './model'
import { ParsedFile } from './parsed-file'
import type { ReadResult } from './read-result'
import { readVCard } from './vcard/reader'

const SNIFF_BYTES = 65536

const VCARD_START = /^[ \t]*BEGIN[ \t]*:[ \t]*VCARD/im
const VCARD_LINE = /^[ \t]*(END[ \t]*:[ \t]*VCARD|VERSION:[234]\.[01]|(item\d+\.)?TEL[;:])/im
const FIRST_LINE_VCARD = /^\s*BEGIN[ \t]*:[ \t]*VCARD/i

/** The first non-blank line. */
function firstLine(text: string): string {
  const start = text.search(/\S/)
  if (start === -1) return ''
  const rest = text.slice(start)
  const end = rest.search(/\r|\n/)
  return end === -1 ? rest : rest.slice(0, end)
}

/** Whether a line is a CSV header row naming a name or phone column. */
function isCsvHeader(line: string): boolean {
  if (!/[,;\t|]/.test(line) && !/^[^,;\t|]+$/.test(line)) return false
  try {
    readCsvText(line)
    return true
  } catch (err) {
    if (err instanceof CsvHeaderError) return false
    throw err
  }
}

/**
 * vCard or CSV: the extension first (a .csv whose Notes hold a pasted vCard is a CSV), then the first
 * line (BEGIN:VCARD, or a header row naming name or phone columns), and only then content further in.
 * A file whose first line contradicts its extension outright (a vCard saved as .csv) goes by the line.
 */
export function sniffKind(text: string, fileName: string): ContactFileKind | null {
  const head = text.length > SNIFF_BYTES ? text.slice(0, SNIFF_BYTES) : text
  const line = firstLine(head)
  const startsVCard = FIRST_LINE_VCARD.test(line)
  if (/\.(vcf|vcard)$/i.test(fileName)) return !startsVCard && isCsvHeader(line) && !VCARD_LINE.test(head) ? 'csv' : 'vcard'
  if (/\.(csv|tsv)$/i.test(fileName)) return startsVCard ? 'vcard' : 'csv'
  if (startsVCard) return 'vcard'
  if (isCsvHeader(line)) return 'csv'
  if (VCARD_START.test(head)) return 'vcard'
  if (/[,;\t]/.test(line) || /\.txt$/i.test(fileName)) return 'csv'
  return null
}

export interface ReadOptions {
  /** The legacy charset of undeclared 8-bit text, as the person chose it; undefined or null: guessed. */
  charset?: LegacyCharset | null
}

/** The E.164 form of each number a reader read (result.values), or null where it is not a valid number. */
export function e164Forms(result: ReadResult, defaultRegion: Region | null): (string | null)[] {
  const normalize = createPhoneNormalizer(defaultRegion)
  return result.values.map((value) => normalize(value))
}

/** Reads one file; a file that is not a contact file comes back with `error` set, never a throw. */
export function readContactFile(name: string, bytes: Uint8Array, defaultRegion: Region | null, options: ReadOptions = {}): ParsedFile {
  if (bytes.length === 0) return ParsedFile.refused(name, null, 'The file is empty.')
  if (bytes.length > MAX_IMPORT_FILE_BYTES) {
    const mb = Math.round(MAX_IMPORT_FILE_BYTES / (1024 * 1024))
    return ParsedFile.refused(name, null, `The file is too large (${Math.ceil(bytes.length / (1024 * 1024))} MB; at most ${mb} MB).`)
  }
  if (looksBinary(bytes, detectEncoding(bytes))) {
    return ParsedFile.refused(name, null, 'This is a binary file, not a contact file (.vcf or .csv).')
  }
  // Sniff on the first 64 KB only; the readers decode the whole file their own way.
  const head = decodeBytes(bytes.length > SNIFF_BYTES ? bytes.subarray(0, SNIFF_BYTES) : bytes).text
  if (bytes.length <= SNIFF_BYTES && head.trim() === '') return ParsedFile.refused(name, null, 'The file is empty.')
  const kind = sniffKind(head, name)
  if (kind === null) return ParsedFile.refused(name, null, 'Not a contact file: expected a vCard (.vcf) or a CSV file with a header row.')
  // Undeclared 8-bit text that is not UTF-8: in the charset chosen, else the detector's guess.
  const detected = detectEncoding(bytes)
  const bytesFile = detected.encoding === 'utf-8' && detected.bomLength === 0
  const guessed = bytesFile && (options.charset ?? null) === null ? guessLegacyCharset(bytes) : null
  const charset = bytesFile ? (options.charset ?? guessed) : null
  let result: ReadResult
  if (kind === 'vcard') result = readVCard(bytes, charset)
  else {
    try {
      result = readCsv(bytes, charset)
    } catch (err) {
      if (err instanceof CsvHeaderError) return ParsedFile.refused(name, 'csv', `Not a contacts CSV: ${err.message}.`)
      throw err
    }
  }
  return new ParsedFile(name, kind, null, result, e164Forms(result, defaultRegion), charset, guessed !== null)
}
