/** The import preview: one row per person and number, with what importing it would do. */

import type { Contact, PreviewFile, PreviewRow, PreviewState } from '../contract/dto'
import type { Region } from '../phones'
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

/** Telegram first names are 1 to 64 characters, last names at most 64. */
const NAME_MAX = 64

function clip(s: string): string {
  return s.length > NAME_MAX ? s.slice(0, NAME_MAX) : s
}

/**
 * Rows for already parsed files. States: 'contact' when an existing contact has the number,
 * 'duplicate' when an earlier row of this preview has it, 'invalid' when it has no E.164 form,
 * 'noNumber' for a person without any number, else 'new'.
 */
export function previewRows(parsed: ParsedFile[], contacts: readonly Contact[]): Preview {
  const known = new Map<string, string>()
  for (const c of contacts) {
    if (c.phone !== null) known.set(c.phone.startsWith('+') ? c.phone : `+${c.phone}`, `${c.firstName} ${c.lastName}`.trim())
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
        else {
          const existing = known.get(e164)
          if (existing !== undefined) {
            state = 'contact'
            contactName = existing
          } else if (seen.has(e164)) state = 'duplicate'
          else seen.add(e164)
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
export function buildPreview(files: readonly PreviewInput[], contacts: readonly Contact[], defaultRegion: Region | null): Preview {
  return previewRows(
    files.map((f) => readContactFile(f.name, f.bytes, defaultRegion)),
    contacts,
  )
}
