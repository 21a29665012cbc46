import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { detectEncoding } from '../../../electron/core/importer/encoding'
import { readContactFile } from '../../../electron/core/importer/read-file'
import type { ParsedContact, ParsedFile } from '../../../electron/core/importer/model'
import { generateGoogleCsv, generateVCards, rng } from '../../../bench/lib/generate'

/**
 * The one-bad-entry property: corrupting exactly one card (vCard) or one row (CSV) of a file loses
 * or changes no other card or row. Every fixture, plus two generated files, each of its well-formed
 * cards/rows (up to TARGETS_PER_FILE) corrupted by every mutation below at seeded positions.
 */

const root = join(import.meta.dirname, '../../fixtures/contact-files')
const dirs = ['corpus/aosp', 'corpus/ez-vcard', 'corpus/thunderbird', 'handmade']
const TARGETS_PER_FILE = 12
const POSITIONS = 3

interface Source {
  name: string
  bytes: Uint8Array
}

const sources: Source[] = [
  ...dirs.flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => !f.endsWith('.expected.json'))
      .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(root, dir, f))) })),
  ),
  { name: 'generated-mixed.vcf', bytes: new TextEncoder().encode(generateVCards(40, 'mixed', 3).text) },
  { name: 'generated-google.csv', bytes: new TextEncoder().encode(generateGoogleCsv(40, 5).text) },
]

/** Text and back, in the file's own encoding: UTF-16 files are mutated as text (a lone byte would shift every code unit after it). */
interface Codec {
  text: string
  encode(text: string): Uint8Array
}

function codecOf(bytes: Uint8Array): Codec {
  const { encoding, bomLength } = detectEncoding(bytes)
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(bomLength))
    const bom = bytes.subarray(0, bomLength)
    return {
      text,
      encode(t) {
        const out = new Uint8Array(bomLength + t.length * 2)
        out.set(bom, 0)
        for (let i = 0; i < t.length; i++) {
          const c = t.charCodeAt(i)
          const [a, b] = encoding === 'utf-16le' ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff]
          out[bomLength + 2 * i] = a
          out[bomLength + 2 * i + 1] = b
        }
        return out
      },
    }
  }
  // Byte files: one char per byte, so any byte can be inserted.
  return { text: Buffer.from(bytes).toString('latin1'), encode: (t) => new Uint8Array(Buffer.from(t, 'latin1')) }
}

/** [start, end) char ranges of the file's lines, each with its line break. */
function lineSpans(text: string): [number, number][] {
  const spans: [number, number][] = []
  let pos = 0
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos)
    const end = nl === -1 ? text.length : nl + 1
    spans.push([pos, end])
    pos = end
  }
  return spans
}

const lineText = (text: string, span: [number, number]) => text.slice(span[0], span[1]).replace(/[\r\n]+$/, '')

/** Top-level BEGIN..END cards (no nesting, no stray lines inside), as char ranges. */
function vcardTargets(text: string): [number, number][] {
  const spans = lineSpans(text)
  const out: [number, number][] = []
  let depth = 0
  let start = -1
  let clean = true
  for (const span of spans) {
    const line = lineText(text, span).trim().toUpperCase()
    if (line === 'BEGIN:VCARD') {
      if (depth === 0) {
        start = span[0]
        clean = true
      } else clean = false
      depth++
    } else if (line === 'END:VCARD') {
      if (depth === 1 && clean && start !== -1) out.push([start, span[1]])
      depth = Math.max(0, depth - 1)
    }
  }
  return out
}

/** Data rows after the header (quote-aware, so a quoted line break stays in its row). */
function csvTargets(text: string): [number, number][] {
  const out: [number, number][] = []
  let start = 0
  let quoted = false
  let row = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '"') quoted = !quoted
    else if (c === '\n' && !quoted) {
      if (row > 0 && text.slice(start, i).trim() !== '') out.push([start, i + 1])
      row++
      start = i + 1
    }
  }
  if (row > 0 && text.slice(start).trim() !== '') out.push([start, text.length])
  return out
}

/** A mutation of target text (one card or row, its last line break included); `r` picks positions. */
type Mutation = (target: string, r: () => number, csv: boolean) => string

const pick = (r: () => number, n: number) => Math.floor(r() * n)
/** A position inside the target, before its final line break (so the next card's first line stays a line of its own). */
function inside(target: string, r: () => number): number {
  const body = target.replace(/[\r\n]+$/, '').length
  return pick(r, Math.max(1, body))
}
const insertAt = (s: string, at: number, piece: string) => s.slice(0, at) + piece + s.slice(at)
function lines(target: string): string[] {
  return target.match(/[^\n]*\n|[^\n]+$/g) ?? [target]
}
function onLine(target: string, r: () => number, change: (line: string, all: string[], i: number) => string[]): string {
  const all = lines(target)
  const i = pick(r, all.length)
  return [...all.slice(0, i), ...change(all[i] as string, all, i), ...all.slice(i + 1)].join('')
}

const mutations: Record<string, Mutation> = {
  'flip a byte': (t, r) => {
    const at = inside(t, r)
    const c = pick(r, 256)
    // Changing the target's content, not adding a line break (that is 'split a line').
    const ch = c === 10 || c === 13 ? 0x7f : c
    return t.slice(0, at) + String.fromCharCode(ch) + t.slice(at + 1)
  },
  'insert a NUL': (t, r) => insertAt(t, inside(t, r), '\0'),
  'insert control bytes': (t, r) => insertAt(t, inside(t, r), '\x01\x02\x1b'),
  'insert a Windows-1252 byte': (t, r) => insertAt(t, inside(t, r), '\xe9'),
  'insert invalid UTF-8': (t, r) => insertAt(t, inside(t, r), '\xff\xfe\xc3'),
  'insert a quote': (t, r) => insertAt(t, inside(t, r), '"'),
  'insert a delimiter': (t, r, csv) => insertAt(t, inside(t, r), csv ? ',' : ';'),
  'insert a colon': (t, r) => insertAt(t, inside(t, r), ':'),
  'split a line': (t, r) => insertAt(t, inside(t, r), '\n'),
  'delete a line': (t, r) => onLine(t, r, () => []),
  'repeat a line': (t, r) => onLine(t, r, (l) => [l, l]),
  'indent a line': (t, r) => onLine(t, r, (l) => [` ${l}`]),
  'end a line with =': (t, r) => onLine(t, r, (l) => [l.replace(/(\r?\n)?$/, '=$1')]),
  'garbage line': (t, r) => onLine(t, r, (l) => [l, 'garbage without a colon @@##\n']),
  'cut short': (t, r) => {
    const at = inside(t, r)
    const end = t.match(/[\r\n]+$/)?.[0] ?? ''
    return t.slice(0, at) + end
  },
  'drop the first line': (t) => lines(t).slice(1).join(''),
  'drop the last line': (t) => {
    const all = lines(t)
    return all.length > 1 ? all.slice(0, -1).join('') : ''
  },
  'a vCard pasted in': (t, r, csv) => (csv ? insertAt(t, inside(t, r), '"BEGIN:VCARD\nFN:Pasted\nTEL:+1 212 555 0100\nEND:VCARD"') : onLine(t, r, (l) => [l, 'BEGIN:VCARD\n'])),
  'a huge value': (t, r) => insertAt(t, inside(t, r), 'x'.repeat(20_000)),
}

function same(a: ParsedContact, b: ParsedContact): boolean {
  return JSON.stringify([a.name, a.firstName, a.lastName, a.phones]) === JSON.stringify([b.name, b.firstName, b.lastName, b.phones])
}

/** Whether every contact of `kept` appears in `got`, unchanged and in order (contacts from the corrupted entry may come and go). */
function keepsAll(got: ParsedFile, kept: ParsedContact[]): boolean {
  let j = 0
  for (const want of kept) {
    while (j < got.contacts.length && !same(got.contacts[j] as ParsedContact, want)) j++
    if (j === got.contacts.length) return false
    j++
  }
  return true
}

interface Case {
  source: string
  target: number
  mutation: string
}

function runProperty(): { cases: number; failures: Case[] } {
  const failures: Case[] = []
  let cases = 0
  for (const source of sources) {
    const original = readContactFile(source.name, source.bytes, 'DE')
    if (original.error !== null || original.contacts.length === 0) continue
    const codec = codecOf(source.bytes)
    const csv = original.kind === 'csv'
    const targets = (csv ? csvTargets(codec.text) : vcardTargets(codec.text)).slice(0, TARGETS_PER_FILE)
    targets.forEach(([a, b], index) => {
      // The contacts of every other entry: the file without this one.
      const without = readContactFile(source.name, codec.encode(codec.text.slice(0, a) + codec.text.slice(b)), 'DE')
      for (const [name, mutate] of Object.entries(mutations)) {
        const r = rng(index * 7919 + name.length * 104729 + source.name.length)
        for (let k = 0; k < POSITIONS; k++) {
          const target = codec.text.slice(a, b)
          const mutated = codec.text.slice(0, a) + mutate(target, r, csv) + codec.text.slice(b)
          cases++
          if (!keepsAll(readContactFile(source.name, codec.encode(mutated), 'DE'), without.contacts)) failures.push({ source: source.name, target: index, mutation: name })
        }
      }
    })
  }
  return { cases, failures }
}

describe('one bad entry never spoils the rest', () => {
  it('corrupting exactly one card or row loses or changes no other card or row', () => {
    const { cases, failures } = runProperty()
    const byMutation = new Map<string, number>()
    for (const f of failures) byMutation.set(f.mutation, (byMutation.get(f.mutation) ?? 0) + 1)
    const summary = `${failures.length} of ${cases} corrupted files lost or changed another entry: ${JSON.stringify(Object.fromEntries(byMutation))}; first: ${JSON.stringify(failures.slice(0, 5))}`
    // 6,555 corrupted files (before the readers were made robust: 401 of them failed).
    expect(cases).toBeGreaterThan(6000)
    expect(failures.length, summary).toBe(0)
  }, 300_000)
})
