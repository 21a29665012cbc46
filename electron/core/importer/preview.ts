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

/** A preview whose rows are made when asked for, a page at a time (see previewTable). */
export interface PreviewTable {
  files: PreviewFile[]
  total: number
  /** Rows [from, to) as objects. */
  rows(from: number, to: number): PreviewRow[]
}

/** The states a row can be in, by the code previewTable keeps for it. */
const STATES: readonly PreviewState[] = ['new', 'invalid', 'own', 'contact', 'duplicate', 'saved', 'noNumber']
const NEW = 0
const INVALID = 1
const OWN = 2
const CONTACT = 3
const DUPLICATE = 4
const SAVED = 5
const NO_NUMBER = 6

/**
 * Rows for already parsed files. States: 'own' for the account's own number, 'contact' when an existing
 * contact has the number, 'saved' when Telegram keeps it as a saved phone contact already (known.saved),
 * 'duplicate' when an earlier row of this preview has it, 'invalid' when it has no E.164 form (the
 * phone rule in ../phones/rule.ts), 'noNumber' for a person without any number, else 'new'.
 * States are worked out for every row at once (a number is a duplicate of any earlier one), the row objects only
 * when asked for: a 100,000-card file's 250,000 rows were all made at once and kept until the worker had sent the
 * last page, and their keys alone were about a quarter of making them (issue 16).
 */
export function previewTable(sources: readonly PreviewSource[], contactNames: ReadonlyMap<string, string>, known: KnownNumbers = NOTHING_KNOWN): PreviewTable {
  let total = 0
  for (const { parsed } of sources) {
    const { phoneEnds } = parsed.read
    for (let c = 0, p = 0; c < phoneEnds.length; c++) {
      const end = phoneEnds[c] as number
      total += end === p ? 1 : end - p
      p = end
    }
  }
  // Row r is contact rowContact[r] of file rowFile[r], its phone rowPhone[r] (an index of the file's columns; -1: none).
  const rowFile = new Int32Array(total)
  const rowContact = new Int32Array(total)
  const rowPhone = new Int32Array(total)
  const rowState = new Uint8Array(total)
  const rowGarbled = new Uint8Array(total)
  const contactNameOf = new Map<number, string>()
  const seen = new Set<string>()
  const files: PreviewFile[] = []
  let r = 0
  sources.forEach(({ parsed: file, id, sameAs, region }, f) => {
    let garbled = 0
    // The reader's columns, not an object per contact and per phone (see ReadResult).
    const { names, phoneEnds } = file.read
    const forms = file.e164
    let p = 0
    for (let c = 0; c < names.length; c++) {
      const nameGarbled = looksGarbled(names[c] as string)
      if (nameGarbled) garbled++
      const end = phoneEnds[c] as number
      if (p === end) {
        rowFile[r] = f
        rowContact[r] = c
        rowPhone[r] = -1
        rowState[r] = NO_NUMBER
        rowGarbled[r++] = nameGarbled ? 1 : 0
        continue
      }
      for (; p < end; p++, r++) {
        rowFile[r] = f
        rowContact[r] = c
        rowPhone[r] = p
        rowGarbled[r] = nameGarbled ? 1 : 0
        const e164 = forms[p] as string | null
        let state = NEW
        if (e164 === null) state = INVALID
        else if (isOwnNumber(e164, known.ownPhone)) state = OWN
        else {
          const existing = contactNames.get(e164)
          const saved = existing === undefined ? known.saved.get(e164.slice(1)) : undefined
          if (existing !== undefined) {
            state = CONTACT
            contactNameOf.set(r, existing)
          } else if (seen.has(e164)) state = DUPLICATE
          else {
            seen.add(e164)
            if (saved !== undefined) {
              state = SAVED
              contactNameOf.set(r, saved)
            }
          }
        }
        rowState[r] = state
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
  const rows = (from: number, to: number): PreviewRow[] => {
    const out: PreviewRow[] = []
    for (let i = Math.max(0, from); i < Math.min(to, total); i++) {
      const f = rowFile[i] as number
      const c = rowContact[i] as number
      const p = rowPhone[i] as number
      const file = (sources[f] as PreviewSource).parsed
      const { names, firstNames, lastNames, phoneEnds, values, labels } = file.read
      const name = names[c] as string
      const lastName = clip(lastNames[c] as string)
      const garbled = rowGarbled[i] === 1
      // Each row one object literal: spreading a shared base made building them 3.4 times slower (profile, issue 16).
      if (p === -1) {
        out.push({ key: `${f}:${c}:-`, file: file.name, name, firstName: clip(firstNames[c] as string), lastName, phone: null, e164: null, label: null, state: 'noNumber', contactName: null, garbled })
        continue
      }
      const value = values[p] as string
      const k = p - (c === 0 ? 0 : (phoneEnds[c - 1] as number))
      // Telegram needs a first name: a person known only by number is named by it.
      const firstName = clip(firstNames[c] as string) || value.slice(0, NAME_MAX)
      const state = STATES[rowState[i] as number] as PreviewState
      out.push({ key: `${f}:${c}:${k}`, file: file.name, name: name || value, firstName, lastName, phone: value, e164: file.e164[p] as string | null, label: labels[p] as string | null, state, contactName: contactNameOf.get(i) ?? null, garbled })
    }
    return out
  }
  return { files, total, rows }
}

/** previewTable's rows all at once. */
export function previewRows(sources: readonly PreviewSource[], contactNames: ReadonlyMap<string, string>, known: KnownNumbers = NOTHING_KNOWN): Preview {
  const table = previewTable(sources, contactNames, known)
  return { files: table.files, rows: table.rows(0, table.total) }
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
