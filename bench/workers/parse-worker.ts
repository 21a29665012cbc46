/**
 * One parser over one file, in a process of its own: `parse-worker.ts PARSER FILE WARMUPS RUNS BUDGET_MS`.
 * Prints one JSON line: run times (wall clock and CPU), what the parser extracted, and the process's peak RSS.
 */

import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import Papa from 'papaparse'
import ICAL from 'ical.js'
import vCard from 'vcf'
import vcardParser from 'vcard-parser'
import { readCsv } from '../../electron/core/importer/csv/reader'
import { previewRows } from '../../electron/core/importer/preview'
import { readContactFile } from '../../electron/core/importer/read-file'
import { readVCard } from '../../electron/core/importer/vcard/reader'
import { timeRuns } from '../lib/measure'

interface Extracted {
  cards: number
  phones: number
  /** Formatted names in file order, to check against the generator's (a fast wrong answer shows). */
  names?: string[]
}

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

const parsers: Record<string, (bytes: Uint8Array, file: string) => Extracted> = {
  /** The floor: decode and split into lines, nothing else. */
  lines(bytes) {
    const text = decode(bytes)
    let lines = 0
    let pos = 0
    for (;;) {
      const nl = text.indexOf('\n', pos)
      const line = text.slice(pos, nl === -1 ? text.length : nl)
      if (line.length > 0) lines++
      if (nl === -1) break
      pos = nl + 1
    }
    return { cards: 0, phones: lines }
  },
  ours(bytes) {
    const { count, values, names } = readVCard(bytes)
    return { cards: count, phones: values.length, names }
  },
  'ours+e164'(bytes, file) {
    const { read } = readContactFile(file, bytes, 'DE')
    return { cards: read.count, phones: read.values.length }
  },
  /** End to end: what the import preview's worker does with a dropped file (read, E.164, rows). */
  'ours+preview'(bytes, file) {
    const parsed = readContactFile(file, bytes, 'DE')
    const { files, rows } = previewRows([{ parsed, id: '', sameAs: [], region: 'DE' }], new Map())
    return { cards: files[0]?.contactCount ?? 0, phones: rows.reduce((n, r) => n + (r.phone === null ? 0 : 1), 0) }
  },
  vcf(bytes) {
    const cards = vCard.parse(decode(bytes))
    let phones = 0
    const names: string[] = []
    for (const card of cards) {
      const tel = card.get('tel')
      phones += tel === undefined ? 0 : Array.isArray(tel) ? tel.length : 1
      const fn = card.get('fn')
      names.push(fn === undefined ? '' : String((Array.isArray(fn) ? fn[0] : fn)?.valueOf() ?? ''))
    }
    return { cards: cards.length, phones, names }
  },
  'vcard-parser'(bytes) {
    // It reads one card per call: split the file at END:VCARD the simplest way.
    const text = decode(bytes)
    let cards = 0
    let phones = 0
    const names: string[] = []
    for (const chunk of text.split(/END:VCARD\r?\n?/i)) {
      if (!/BEGIN:VCARD/i.test(chunk)) continue
      const card = vcardParser.parse(`${chunk}END:VCARD`) as { tel?: unknown[]; fn?: { value?: unknown }[] }
      cards++
      phones += card.tel?.length ?? 0
      names.push(String(card.fn?.[0]?.value ?? ''))
    }
    return { cards, phones, names }
  },
  'ical.js'(bytes) {
    const parsed = ICAL.parse(decode(bytes)) as unknown
    const list = (Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed]) as [string, [string, ...unknown[]][]][]
    let phones = 0
    const names: string[] = []
    for (const card of list) {
      let name = ''
      for (const prop of card[1]) {
        if (prop[0] === 'tel') phones++
        else if (prop[0] === 'fn') name = String(prop[3])
      }
      names.push(name)
    }
    return { cards: list.length, phones, names }
  },
  'ours-csv'(bytes) {
    const { count, values } = readCsv(bytes)
    return { cards: count, phones: values.length }
  },
  papaparse(bytes) {
    const result = Papa.parse<string[]>(decode(bytes), { skipEmptyLines: 'greedy' })
    return { cards: result.data.length - 1, phones: 0 }
  },
}

const [name = '', file = '', warmups = '1', runs = '5', budget = '60000'] = process.argv.slice(2)
const parse = parsers[name]
if (parse === undefined) throw new Error(`unknown parser ${name}`)
const bytes = new Uint8Array(readFileSync(file))
const rssBase = process.resourceUsage().maxRSS / 1024
let extracted: Extracted = { cards: 0, phones: 0 }
let error: string | null = null
let times: number[] = []
let cpuTimes: number[] = []
try {
  const measured = await timeRuns({ warmups: Number(warmups), runs: Number(runs), budgetMs: Number(budget) }, () => {
    extracted = parse(bytes, basename(file))
  })
  times = measured.wallMs
  cpuTimes = measured.cpuMs
} catch (err) {
  error = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 300) : String(err)
}
const peak = process.resourceUsage().maxRSS / 1024
// The benchmark may leave the true names next to the file: count the cards whose name came out right.
const expectedFile = `${file}.names.json`
let namesRight: number | null = null
if (extracted.names !== undefined && existsSync(expectedFile)) {
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as string[]
  namesRight = expected.reduce((n, want, i) => n + (extracted.names?.[i] === want ? 1 : 0), 0)
}
const { names: _names, ...counts } = extracted
console.log(JSON.stringify({ parser: name, times, cpuTimes, ...counts, namesRight, error, rssBaseMB: Math.round(rssBase), peakRssMB: Math.round(peak) }))
