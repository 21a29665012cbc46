/** The import preview: one row per person and number, with what importing it would do. */

import type { Contact, PreviewFile, PreviewRow, PreviewState } from '../contract/dto'
import type { Region } from '../phones'
import { isOwnNumber } from '../phones/rule'
import type { ParsedFile } from './model'
import { readContactFile } from './read-file'

export interface PreviewInput {
  name: string
  bytes: Uint8Array
}

export interface Preview {
  files: PreviewFile[]
  rows: PreviewRow[]
}

/** What the account has besides its contacts: its own number, and the saved phone contacts the app knows (digits -> name). */
export interface KnownNumbers {
  ownPhone: string | null
  saved: ReadonlyMap<string, string>
}

const NOTHING_KNOWN: KnownNumbers = { ownPhone: null, saved: new Map() }

/** Telegram first names are 1 to 64 characters, last names at most 64. */
const NAME_MAX = 64

function clip(s: string): string {
  return s.length > NAME_MAX ? s.slice(0, NAME_MAX) : s
}

/**
 * Rows for already parsed files. States: 'own' for the account's own number, 'contact' when an existing
 * contact has the number, 'saved' when Telegram keeps it as a saved phone contact already (known.saved),
 * 'duplicate' when an earlier row of this preview has it, 'invalid' when it has no E.164 form (the
 * phone rule in ../phones/rule.ts), 'noNumber' for a person without any number, else 'new'.
 */
export function previewRows(parsed: ParsedFile[], contacts: readonly Contact[], known: KnownNumbers = NOTHING_KNOWN): Preview {
  const contactNames = new Map<string, string>()
  for (const c of contacts) {
    if (c.phone !== null) contactNames.set(c.phone.startsWith('+') ? c.phone : `+${c.phone}`, `${c.firstName} ${c.lastName}`.trim())
  }
  const seen = new Set<string>()
  const rows: PreviewRow[] = []
  const files: PreviewFile[] = []
  parsed.forEach((file, f) => {
    files.push({ name: file.name, kind: file.kind, error: file.error, contactCount: file.contacts.length, problems: file.problems })
    file.contacts.forEach((person, c) => {
      const base = { file: file.name, name: person.name, lastName: clip(person.lastName) }
      if (person.phones.length === 0) {
        rows.push({ ...base, key: `${f}:${c}:-`, firstName: clip(person.firstName), phone: null, e164: null, label: null, state: 'noNumber', contactName: null })
        return
      }
      person.phones.forEach((phone, p) => {
        let state: PreviewState = 'new'
        let contactName: string | null = null
        const e164 = phone.e164
        if (e164 === null) state = 'invalid'
        else if (isOwnNumber(e164, known.ownPhone)) state = 'own'
        else {
          const existing = contactNames.get(e164)
          const saved = existing === undefined ? known.saved.get(e164.slice(1)) : undefined
          if (existing !== undefined) {
            state = 'contact'
            contactName = existing
          } else if (seen.has(e164)) state = 'duplicate'
          else {
            seen.add(e164)
            if (saved !== undefined) {
              state = 'saved'
              contactName = saved
            }
          }
        }
        // Telegram needs a first name: a person known only by number is named by it.
        const firstName = clip(person.firstName) || phone.value.slice(0, NAME_MAX)
        rows.push({ ...base, key: `${f}:${c}:${p}`, name: person.name || phone.value, firstName, phone: phone.value, e164, label: phone.label, state, contactName })
      })
    })
  })
  return { files, rows }
}

/** Reads every file (refusing non-contact files one by one) and builds the preview. */
export function buildPreview(files: readonly PreviewInput[], contacts: readonly Contact[], defaultRegion: Region | null, known?: KnownNumbers): Preview {
  return previewRows(
    files.map((f) => readContactFile(f.name, f.bytes, defaultRegion)),
    contacts,
    known,
  )
}
