/** What the readers produce: one shape for vCard and CSV files. */

export interface ReadPhone {
  /** The number as written, after unfolding and decoding. */
  value: string
  /** TEL types (or CSV column kinds), lower case. Phones may share one array: never change it. */
  types: string[]
  /** The Apple itemN.X-ABLabel (unwrapped) or a CSV label column, else null. */
  label: string | null
}

export interface ReadContact {
  name: string
  firstName: string
  lastName: string
  phones: ReadPhone[]
  /** 1-based line where the card or row starts. */
  line: number
}

export interface ContactPhone extends ReadPhone {
  /** E.164 form, or null when libphonenumber-js does not find a valid number. */
  e164: string | null
}

export interface ParsedContact {
  name: string
  firstName: string
  lastName: string
  phones: ContactPhone[]
}

export interface FileProblem {
  /** 1-based line of the problem; 0 for the file as a whole. */
  line: number
  message: string
}

export interface ReadResult {
  contacts: ReadContact[]
  problems: FileProblem[]
}

export type ContactFileKind = 'vcard' | 'csv'

export interface ParsedFile {
  name: string
  kind: ContactFileKind | null
  /** Why the whole file was refused, or null. */
  error: string | null
  contacts: ParsedContact[]
  problems: FileProblem[]
  /**
   * The legacy charset undeclared 8-bit text was read in (guessed, or chosen by the person), or null when the
   * file has none (UTF-8, UTF-16, ASCII, or every value declares its CHARSET).
   */
  charset: string | null
  /** Whether `charset` is the detector's guess rather than a choice. */
  charsetGuessed: boolean
}
