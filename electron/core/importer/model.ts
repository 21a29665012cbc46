/** What a reader's result (read-result.ts) and a file read (parsed-file.ts) give as objects. */

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

export type ContactFileKind = 'vcard' | 'csv'

/** A file read is a class of its own (parsed-file.ts); its type is also here, with the other shapes. */
export type { ParsedFile } from './parsed-file'
