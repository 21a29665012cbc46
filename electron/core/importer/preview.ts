/** The import preview: one row per person and number, with what importing it would do. */

import type { Contact, PreviewFile, PreviewRow, PreviewState } from '../contract/dto'
import type { Region } from '../phones'
import { isOwnNumber } from '../phones/rule'
import { isLegacyCharset, type LegacyCharset } from './charset'
import { looksGarbled } from './garbled'
import type { ParsedFile } from './parsed-file'
import { readContactFile } from './read-file'

export interface PreviewInput {
  name: string
  bytes: Uint8Array
  /** The bytes' digest (see preview-session.ts); '' when the caller has none. */
  id?: string
  /** Other names the same bytes were dropped under. */
  sameAs?: string[]
  /** Region for this file's national numbers; undefined: the preview's default. */
  region?: Region | null
  /** Charset of undeclared 8-bit text; undefined or null: detected. */
  charset?: LegacyCharset | null
}

/** A file read for the preview, with what the preview says about it. */
export interface PreviewSource {
  parsed: ParsedFile
  id: string
  sameAs: string[]
  region: Region | null
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
export function previewRows(sources: readonly PreviewSource[], contactNames: ReadonlyMap<string, string>, known: KnownNumbers = NOTHING_KNOWN): Preview {
  const seen = new Set<string>()
  const rows: PreviewRow[] = []
  const files: PreviewFile[] = []
  sources.forEach(({ parsed: file, id, sameAs, region }, f) => {
    let garbled = 0
    // The reader's columns, not an object per contact and per phone (see ReadResult).
    const { names, firstNames, lastNames, phoneEnds, values, labels } = file.read
    const forms = file.e164
    let p = 0
    for (let c = 0; c < names.length; c++) {
      const name = names[c] as string
      const nameGarbled = looksGarbled(name)
      if (nameGarbled) garbled++
      const lastName = clip(lastNames[c] as string)
      const personFirst = clip(firstNames[c] as string)
      const end = phoneEnds[c] as number
      // Each row one object literal: spreading a shared base made building them 3.4 times slower (profile, issue 16).
      if (p === end) {
        rows.push({ key: `${f}:${c}:-`, file: file.name, name, firstName: personFirst, lastName, phone: null, e164: null, label: null, state: 'noNumber', contactName: null, garbled: nameGarbled })
        continue
      }
      for (let k = 0; p < end; p++, k++) {
        const value = values[p] as string
        let state: PreviewState = 'new'
        let contactName: string | null = null
        const e164 = forms[p] as string | null
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
        const firstName = personFirst || value.slice(0, NAME_MAX)
        rows.push({ key: `${f}:${c}:${k}`, file: file.name, name: name || value, firstName, lastName, phone: value, e164, label: labels[p] as string | null, state, contactName, garbled: nameGarbled })
      }
    }
    files.push({
      id,
      name: file.name,
      sameAs,
      region: file.error === null ? region : null,
      kind: file.kind,
      error: file.error,
      contactCount: file.read.count,
      problems: file.problems,
      charset: isLegacyCharset(file.charset) ? file.charset : null,
      charsetGuessed: file.charsetGuessed,
      garbled,
    })
  })
  return { files, rows }
}

/** The account's contacts by E.164 number: their display names. */
export function contactNamesOf(contacts: readonly Contact[]): Map<string, string> {
  const names = new Map<string, string>()
  for (const c of contacts) addContactName(names, c)
  return names
}

/** One contact into contactNamesOf's map (a contact without a number is not in it). */
export function addContactName(names: Map<string, string>, c: Contact): void {
  if (c.phone !== null) names.set(c.phone.startsWith('+') ? c.phone : `+${c.phone}`, `${c.firstName} ${c.lastName}`.trim())
}

/** Reads one file for the preview (`defaultRegion` unless the input names its own). */
export function readSource(input: PreviewInput, defaultRegion: Region | null): PreviewSource {
  const region = input.region === undefined || input.region === null ? defaultRegion : input.region
  return { parsed: readContactFile(input.name, input.bytes, region, { charset: input.charset ?? null }), id: input.id ?? '', sameAs: input.sameAs ?? [], region }
}

/** Reads every file (refusing non-contact files one by one) and builds the preview. */
export function buildPreview(files: readonly PreviewInput[], contacts: readonly Contact[], defaultRegion: Region | null, known?: KnownNumbers): Preview {
  return previewRows(
    files.map((f) => readSource(f, defaultRegion)),
    contactNamesOf(contacts),
    known,
  )
}
