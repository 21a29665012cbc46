import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { looksGarbled } from '../../../electron/core/importer/garbled'
import { readContactFile } from '../../../electron/core/importer/read-file'
import { VCardReader } from '../../../electron/core/importer/vcard/reader'
import { toRegion } from '../../../electron/core/phones'

/**
 * Every file under test/fixtures/contact-files (real-world corpus and hand-made quirks) against
 * the results worked out by reading it, stored next to it as NAME.expected.json.
 */
const root = join(import.meta.dirname, '../../fixtures/contact-files')
const dirs = ['corpus/aosp', 'corpus/ez-vcard', 'corpus/thunderbird', 'handmade']

interface Expected {
  region: string | null
  kind: string | null
  error: string | null
  contacts: unknown[]
  problems: { line: number; message: string }[]
}

const fixtures = dirs.flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => !f.endsWith('.expected.json'))
    .map((f) => ({ dir, file: f, path: join(root, dir, f), expected: join(root, dir, `${f.replace(/\.[a-z]+$/, '')}.expected.json`) })),
)

describe('contact file fixtures', () => {
  it('every fixture has its expected result', () => {
    expect(fixtures.length).toBeGreaterThan(60)
    for (const f of fixtures) expect(existsSync(f.expected), f.expected).toBe(true)
  })

  for (const f of fixtures) {
    it(`${f.dir}/${f.file}`, () => {
      const expected = JSON.parse(readFileSync(f.expected, 'utf8')) as Expected
      const bytes = new Uint8Array(readFileSync(f.path))
      const parsed = readContactFile(f.file, bytes, toRegion(expected.region))
      // No real address book's name looks garbled (the flag is pinned in charset.test.ts).
      expect(parsed.contacts.filter((c) => looksGarbled(c.name)).map((c) => c.name)).toEqual([])
      expect({ kind: parsed.kind, error: parsed.error, contacts: parsed.contacts, problems: parsed.problems }).toEqual({
        kind: expected.kind,
        error: expected.error,
        contacts: expected.contacts,
        problems: expected.problems,
      })
    })
  }
})

describe('streaming', () => {
  const vcards = fixtures.filter((f) => f.file.endsWith('.vcf') && readFileSync(f.path).length > 0)

  for (const size of [1, 7, 4096]) {
    it(`reads every vCard fixture the same in ${size}-byte chunks as in one piece`, () => {
      for (const f of vcards) {
        const bytes = new Uint8Array(readFileSync(f.path))
        const whole = new VCardReader()
        whole.push(bytes)
        const expected = whole.end()
        const reader = new VCardReader()
        for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size))
        expect(reader.end(), f.file).toEqual(expected)
      }
    })
  }
})
