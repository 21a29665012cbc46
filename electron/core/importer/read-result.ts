/** What the readers produce, in columns: one shape for vCard and CSV files. */

import type { FileProblem, ReadContact, ReadPhone } from './model'

/**
 * Every contact a reader read and every problem it met. Contact i is names[i], firstNames[i], lastNames[i] and
 * lines[i]; its phones are the indexes [phoneEnds[i - 1] (0 for the first), phoneEnds[i]) of values, types and
 * labels. Columns, not an object per contact and per phone: a 100,000-card file made 450,000 such objects in the
 * reader and as many again in the E.164 step, all kept (and moved by the garbage collector) until the preview had
 * made its rows from them (issue 16). The E.164 step and the preview read the columns.
 */
export class ReadResult {
  readonly names: string[] = []
  readonly firstNames: string[] = []
  readonly lastNames: string[] = []
  /** 1-based line where the card or row starts. */
  readonly lines: number[] = []
  readonly phoneEnds: number[] = []
  /** The number as written, after unfolding and decoding. */
  readonly values: string[] = []
  /** TEL types (or CSV column kinds), lower case. Phones may share one array: never change it. */
  readonly types: string[][] = []
  /** The Apple itemN.X-ABLabel (unwrapped) or a CSV label column, else null. */
  readonly labels: (string | null)[] = []
  readonly problems: FileProblem[] = []
  #contacts: ReadContact[] | null = null

  get count(): number {
    return this.names.length
  }

  /** The next phone of the contact being added (see addContact). */
  addPhone(value: string, types: string[], label: string | null): void {
    this.values.push(value)
    this.types.push(types)
    this.labels.push(label)
  }

  /** A contact, with the phones added since the one before. */
  addContact(name: string, firstName: string, lastName: string, line: number): void {
    this.names.push(name)
    this.firstNames.push(firstName)
    this.lastNames.push(lastName)
    this.lines.push(line)
    this.phoneEnds.push(this.values.length)
  }

  /** The contacts as objects (the tests read them so), made the first time they are asked for. */
  get contacts(): ReadContact[] {
    if (this.#contacts !== null) return this.#contacts
    const contacts: ReadContact[] = []
    let p = 0
    for (let i = 0; i < this.names.length; i++) {
      const first = p
      const end = this.phoneEnds[i] as number
      const phones = new Array<ReadPhone>(end - first)
      for (; p < end; p++) phones[p - first] = { value: this.values[p] as string, types: this.types[p] as string[], label: this.labels[p] as string | null }
      contacts.push({ name: this.names[i] as string, firstName: this.firstNames[i] as string, lastName: this.lastNames[i] as string, phones, line: this.lines[i] as number })
    }
    this.#contacts = contacts
    return contacts
  }
}
