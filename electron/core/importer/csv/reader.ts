/**
 * CSV contact files. papaparse does the syntax (delimiter detection, quoted multi-line fields);
 * this module decodes the bytes and maps the columns.
 */

import Papa from 'papaparse'
import { decodeBytes } from '../encoding'
import type { FileProblem, ReadContact, ReadPhone, ReadResult } from '../model'
import { contactNames } from '../names'
import { MAX_PROBLEMS } from '../vcard/reader'
import { kindsOf, mapColumns } from './columns'
import type { ColumnMap } from './columns'

/** Google puts several values in one cell separated by " ::: ". */
const MULTI = ' ::: '

export class CsvHeaderError extends Error {}

function cell(row: string[], index: number | undefined): string {
  if (index === undefined) return ''
  return (row[index] ?? '').trim()
}

interface LabelKinds {
  label: string | null
  types: string[]
}

/** A Google label cell ("* Mobile") as label and kinds; the few distinct labels are memoised. */
function labelKinds(raw: string, cache: Map<string, LabelKinds>): LabelKinds {
  let found = cache.get(raw)
  if (found === undefined) {
    const primary = raw.startsWith('*')
    const label = raw.replace(/^\*\s*/, '') || null
    const types = label === null ? [] : kindsOf(label)
    if (primary && !types.includes('pref')) types.push('pref')
    found = { label, types }
    if (cache.size < 1000) cache.set(raw, found)
  }
  return found
}

function rowPhones(row: string[], map: ColumnMap, labels: Map<string, LabelKinds>): ReadPhone[] {
  const phones: ReadPhone[] = []
  for (const col of map.phones) {
    const raw = cell(row, col.value)
    if (raw === '') continue
    let label: string | null = col.header === '' ? null : col.header
    let types = col.types
    if (col.labelColumn !== null) {
      const kinds = labelKinds(cell(row, col.labelColumn), labels)
      label = kinds.label
      types = kinds.types
    }
    const values = raw.includes(MULTI) ? raw.split(MULTI) : [raw]
    for (const v of values) {
      const value = v.trim()
      if (value !== '') phones.push({ value, types: types.slice(), label })
    }
  }
  return phones
}

/** Reads CSV text whose first row is a header. Throws CsvHeaderError when no column is recognised. */
export function readCsvText(text: string): ReadResult {
  const contacts: ReadContact[] = []
  const problems: FileProblem[] = []
  let problemCount = 0
  const problem = (line: number, message: string): void => {
    problemCount++
    if (problemCount <= MAX_PROBLEMS) problems.push({ line, message })
  }

  let map: ColumnMap | null = null
  const labels = new Map<string, LabelKinds>()
  let headerSeen = false
  // Line numbers: count line breaks between papaparse's row cursors (linear over the file).
  let counted = 0
  let linesBefore = 0
  let rowStart = 0
  const lineAt = (offset: number): number => {
    let i = text.indexOf('\n', counted)
    while (i !== -1 && i < offset) {
      linesBefore++
      i = text.indexOf('\n', i + 1)
    }
    counted = Math.max(counted, offset)
    return linesBefore + 1
  }

  Papa.parse<string[]>(text, {
    // Blank rows are skipped here, not by papaparse, so every row's cursor is seen.
    step: (result, parser) => {
      const row = result.data
      let start = rowStart
      while (start < text.length && (text.charCodeAt(start) === 10 || text.charCodeAt(start) === 13)) start++
      const line = lineAt(start)
      rowStart = result.meta.cursor
      if (row.every((f) => f.trim() === '')) return
      if (!headerSeen) {
        headerSeen = true
        map = mapColumns(row)
        if (map === null) parser.abort()
        return
      }
      for (const err of result.errors) problem(line, `CSV: ${err.message}`)
      const m = map as ColumnMap | null
      if (m === null) return
      const names = contactNames({
        formatted: cell(row, m.names.full),
        given: cell(row, m.names.given),
        additional: cell(row, m.names.additional),
        family: cell(row, m.names.family),
        org: cell(row, m.names.org),
      })
      const phones = rowPhones(row, m, labels)
      if (names.name === '' && phones.length === 0) {
        problem(line, 'row has no name and no phone number; skipped')
        return
      }
      contacts.push({ name: names.name, firstName: names.firstName, lastName: names.lastName, phones, line })
    },
  })
  if (map === null) throw new CsvHeaderError('no name or phone column found in the header row')
  if (problemCount > MAX_PROBLEMS) problems.push({ line: 0, message: `${problemCount - MAX_PROBLEMS} more problems not listed` })
  return { contacts, problems }
}

/** Reads a CSV file from its bytes (UTF-8, UTF-16 or Windows-1252). */
export function readCsv(bytes: Uint8Array): ReadResult {
  return readCsvText(decodeBytes(bytes).text)
}
