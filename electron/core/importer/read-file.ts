/** One contact file from bytes to contacts with E.164 numbers: refusals, sniffing, reading. */

import { MAX_IMPORT_FILE_BYTES } from '../contract/methods'
import { createPhoneNormalizer } from '../phones'
import type { Region } from '../phones'
import { CsvHeaderError, readCsv } from './csv/reader'
import { decodeBytes, detectEncoding, looksBinary } from './encoding'
import type { ContactFileKind, ParsedContact, ParsedFile, ReadResult } from './model'
import { readVCard } from './vcard/reader'

const SNIFF_BYTES = 65536

const VCARD_START = /^[ \t]*BEGIN[ \t]*:[ \t]*VCARD/im
const VCARD_LINE = /^[ \t]*(END[ \t]*:[ \t]*VCARD|VERSION:[234]\.[01]|(item\d+\.)?TEL[;:])/im

/** vCard or CSV, judged by content (the extension only breaks a tie); null when neither. */
export function sniffKind(text: string, fileName: string): ContactFileKind | null {
  const head = text.length > SNIFF_BYTES ? text.slice(0, SNIFF_BYTES) : text
  if (VCARD_START.test(head)) return 'vcard'
  if (/\.(vcf|vcard)$/i.test(fileName) && VCARD_LINE.test(head)) return 'vcard'
  const firstLine = head.slice(0, head.search(/\r|\n|$/))
  if (/[,;\t]/.test(firstLine) || /\.(csv|tsv|txt)$/i.test(fileName)) return 'csv'
  return null
}

function refused(name: string, kind: ContactFileKind | null, error: string): ParsedFile {
  return { name, kind, error, contacts: [], problems: [] }
}

/** Adds E.164 forms to what a reader produced. */
export function withE164(result: ReadResult, defaultRegion: Region | null): ParsedContact[] {
  const normalize = createPhoneNormalizer(defaultRegion)
  return result.contacts.map((c) => ({
    name: c.name,
    firstName: c.firstName,
    lastName: c.lastName,
    phones: c.phones.map((p) => ({ value: p.value, e164: normalize(p.value), types: p.types, label: p.label })),
  }))
}

/** Reads one file; a file that is not a contact file comes back with `error` set, never a throw. */
export function readContactFile(name: string, bytes: Uint8Array, defaultRegion: Region | null): ParsedFile {
  if (bytes.length === 0) return refused(name, null, 'The file is empty.')
  if (bytes.length > MAX_IMPORT_FILE_BYTES) {
    const mb = Math.round(MAX_IMPORT_FILE_BYTES / (1024 * 1024))
    return refused(name, null, `The file is too large (${Math.ceil(bytes.length / (1024 * 1024))} MB; at most ${mb} MB).`)
  }
  if (looksBinary(bytes, detectEncoding(bytes).encoding)) {
    return refused(name, null, 'This is a binary file, not a contact file (.vcf or .csv).')
  }
  // Sniff on the first 64 KB only; the readers decode the whole file their own way.
  const head = decodeBytes(bytes.length > SNIFF_BYTES ? bytes.subarray(0, SNIFF_BYTES) : bytes).text
  if (bytes.length <= SNIFF_BYTES && head.trim() === '') return refused(name, null, 'The file is empty.')
  const kind = sniffKind(head, name)
  if (kind === null) return refused(name, null, 'Not a contact file: expected a vCard (.vcf) or a CSV file with a header row.')
  let result: ReadResult
  if (kind === 'vcard') result = readVCard(bytes)
  else {
    try {
      result = readCsv(bytes)
    } catch (err) {
      if (err instanceof CsvHeaderError) return refused(name, 'csv', `Not a contacts CSV: ${err.message}.`)
      throw err
    }
  }
  return { name, kind, error: null, contacts: withE164(result, defaultRegion), problems: result.problems }
}
