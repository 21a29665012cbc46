/** One contact file read, with the E.164 form of each of its numbers. */

import type { ContactFileKind, ContactPhone, FileProblem, ParsedContact } from './model'
import { ReadResult } from './read-result'

/** A file's contacts are its reader's columns (ReadResult) and one more, their numbers' E.164 forms. */
export class ParsedFile {
  #contacts: ParsedContact[] | null = null

  constructor(
    readonly name: string,
    readonly kind: ContactFileKind | null,
    /** Why the whole file was refused, or null. */
    readonly error: string | null,
    /** What the reader read (nothing for a refused file): the preview reads its columns. */
    readonly read: ReadResult,
    /** The E.164 form of each of read.values, or null when it is not a valid number. */
    readonly e164: (string | null)[],
    /**
     * The legacy charset undeclared 8-bit text was read in (guessed, or chosen by the person), or null when the
     * file has none (UTF-8, UTF-16, ASCII, or every value declares its CHARSET).
     */
    readonly charset: string | null,
    /** Whether `charset` is the detector's guess rather than a choice. */
    readonly charsetGuessed: boolean,
  ) {}

  /** A file refused as a whole. */
  static refused(name: string, kind: ContactFileKind | null, error: string): ParsedFile {
    return new ParsedFile(name, kind, error, new ReadResult(), [], null, false)
  }

  get problems(): FileProblem[] {
    return this.read.problems
  }

  /** The contacts as objects (the CLI's report): the reader's, each phone with its E.164 form, made when first asked for. */
  get contacts(): ParsedContact[] {
    if (this.#contacts !== null) return this.#contacts
    let p = 0
    this.#contacts = this.read.contacts.map(({ name, firstName, lastName, phones }) => ({
      name,
      firstName,
      lastName,
      phones: phones.map(({ value, types, label }): ContactPhone => ({ value, e164: this.e164[p++] ?? null, types, label })),
    }))
    return this.#contacts
  }
}
