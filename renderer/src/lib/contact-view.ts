/**
 * What a contact's row shows, formatted once per contact rather than on every render: rows are recycled while
 * typing and scrolling, and the same people come back on every Backspace.
 */

import type { Contact } from '@contract'
import { initials, isOnline, statusText } from './format'
import { formatPhone } from './phone'
import type { SearchKeys } from './search'

/** The row's text besides the status: fixed for one contact (a renamed or renumbered contact is a new entry). */
export interface RowText {
  readonly name: string
  readonly initials: string
  /** The number as shown ("+49 1516 4132995"), or "". */
  readonly phone: string
}

export function rowTextOf(contact: Pick<Contact, 'phone'>, name: string): RowText {
  return { name, initials: initials(name), phone: formatPhone(contact.phone) }
}

/**
 * One contact object as its row shows it. A new view is made only when the contact object is replaced (a status,
 * a photo, mutual), so a row given the same view has nothing to render again.
 */
export class ContactView {
  private statusNow = Number.NaN
  private statusLine = ''
  private onlineNow = false

  constructor(
    readonly contact: Contact,
    readonly text: RowText,
    private readonly keysOf: () => SearchKeys,
  ) {}

  /** The search key and digits the row's marks are computed from. */
  get keys(): SearchKeys {
    return this.keysOf()
  }

  /** "last seen 5 minutes ago" at `now`, computed once per tick of the clock. */
  status(now: number): string {
    this.at(now)
    return this.statusLine
  }

  online(now: number): boolean {
    this.at(now)
    return this.onlineNow
  }

  private at(now: number): void {
    if (now === this.statusNow) return
    this.statusNow = now
    this.statusLine = statusText(this.contact.status, now)
    this.onlineNow = isOnline(this.contact.status, now)
  }
}
