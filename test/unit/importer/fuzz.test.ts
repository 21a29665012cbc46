import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvHeaderError, readCsvText } from '../../../electron/core/importer/csv/reader'
import { readContactFile } from '../../../electron/core/importer/read-file'
import { VCardReader, readVCard } from '../../../electron/core/importer/vcard/reader'

const enc = (s: string) => new TextEncoder().encode(s)

/** vCard-shaped text from the pieces hostile and broken files are made of. */
const vcardPiece = fc.oneof(
  fc.constantFrom(
    'BEGIN:VCARD',
    'END:VCARD',
    'VERSION:2.1',
    'VERSION:3.0',
    'FN:Ann',
    'N:Lee;Ann;;;',
    'N:a\\;b;c\\,d,e;;',
    'ORG:;;',
    'TEL:+1 212 555 0100',
    'TEL;TYPE="cell,voice":+44 20 7946 0958',
    'TEL;CELL;PREF:0171 1234567',
    'item1.TEL:1',
    'item1.X-ABLabel:_$!<Mobile>!$_',
    'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=84=',
    '=C3=96',
    'TEL;X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=41):2',
    'PHOTO;ENCODING=b:QUJD',
    ' folded',
    '\t',
    '',
    'garbage without colon',
    ':',
    ';;;;',
    'TEL;TYPE="unterminated:3',
    '\\',
    '=',
  ),
  fc.string({ maxLength: 30 }),
)
const lineEnd = fc.constantFrom('\n', '\r\n', '\r\r\n', '\r')
const vcardText = fc.array(fc.tuple(vcardPiece, lineEnd), { maxLength: 60 }).map((parts) => parts.map(([p, e]) => p + e).join(''))

describe('fuzz: readers never throw', () => {
  it('readContactFile takes any bytes and any name', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.constantFrom('a.vcf', 'a.csv', 'a.txt', 'noext'), (bytes, name) => {
        const r = readContactFile(name, bytes, 'US')
        expect(r.error === null || r.contacts.length === 0).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('the vCard reader recovers from any mix of card pieces, and chunking never changes the answer', () => {
    fc.assert(
      fc.property(vcardText, fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }), (text, cuts) => {
        const bytes = enc(text)
        const whole = readVCard(bytes)
        // At most one line per CR or LF (a CR-only file turns every CR into a line end).
        const lines = (text.match(/[\r\n]/g)?.length ?? 0) + 1
        for (const c of whole.contacts) {
          expect(c.name !== '' || c.phones.length > 0).toBe(true)
          for (const p of c.phones) expect(p.value).toBe(p.value.trim())
          for (const p of c.phones) expect(p.value).not.toBe('')
        }
        for (const p of whole.problems) expect(p.line).toBeLessThanOrEqual(lines)
        const reader = new VCardReader()
        let at = 0
        for (let i = 0; at < bytes.length; i++) {
          const size = cuts[i % cuts.length] as number
          reader.push(bytes.subarray(at, at + size))
          at += size
        }
        expect(reader.end()).toEqual(whole)
      }),
      { numRuns: 400 },
    )
  })

  it('the CSV reader takes any rows under a contact header', () => {
    const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('"', '""', '"a,b"', '"x\ny"', '+1 212 555 0100', ' ::: ', '\r'))
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 30 }),
        fc.constantFrom(',', ';', '\t'),
        (rows, sep) => {
          const text = [['Name', 'Mobile Phone', 'Phone 1 - Label', 'Phone 1 - Value'].join(sep), ...rows.map((r) => r.join(sep))].join('\n')
          try {
            const { contacts } = readCsvText(text)
            expect(contacts.length).toBeLessThanOrEqual(text.split('\n').length)
          } catch (err) {
            expect(err).toBeInstanceOf(CsvHeaderError)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})

/**
 * Work done by a call, counted without clocks: characters the string and regexp built-ins touch
 * (searches, slices, splits, replaces, char reads). A quadratic reader shows a 16x rise when its
 * input grows 4x; a linear one about 4x.
 */
function work(fn: () => unknown): number {
  let count = 0
  const S = String.prototype
  const saved = { indexOf: S.indexOf, includes: S.includes, charCodeAt: S.charCodeAt, slice: S.slice, substring: S.substring, split: S.split, replace: S.replace, replaceAll: S.replaceAll, startsWith: S.startsWith, toUpperCase: S.toUpperCase, toLowerCase: S.toLowerCase, exec: RegExp.prototype.exec }
  S.indexOf = function (this: string, search: string, from?: number) {
    const r = saved.indexOf.call(this, search, from)
    count += (r === -1 ? this.length : r) - (from ?? 0) + 1
    return r
  }
  S.includes = function (this: string, search: string, from?: number) {
    count += this.length
    return saved.includes.call(this, search, from)
  }
  S.charCodeAt = function (this: string, i: number) {
    count++
    return saved.charCodeAt.call(this, i)
  }
  S.slice = function (this: string, a?: number, b?: number) {
    const r = saved.slice.call(this, a, b)
    count += r.length + 1
    return r
  }
  S.substring = function (this: string, a: number, b?: number) {
    const r = saved.substring.call(this, a, b)
    count += r.length + 1
    return r
  }
  for (const name of ['split', 'replace', 'replaceAll', 'startsWith', 'toUpperCase', 'toLowerCase'] as const) {
    const original = saved[name] as (...args: unknown[]) => unknown
    ;(S as unknown as Record<string, unknown>)[name] = function (this: string, ...args: unknown[]) {
      count += this.length + 1
      return original.apply(this, args)
    }
  }
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    const from = this.global || this.sticky ? this.lastIndex : 0
    const match = saved.exec.call(this, input)
    count += (match === null ? input.length : match.index + match[0].length) - from + 1
    return match
  }
  try {
    fn()
  } finally {
    Object.assign(S, { indexOf: saved.indexOf, includes: saved.includes, charCodeAt: saved.charCodeAt, slice: saved.slice, substring: saved.substring, split: saved.split, replace: saved.replace, replaceAll: saved.replaceAll, startsWith: saved.startsWith, toUpperCase: saved.toUpperCase, toLowerCase: saved.toLowerCase })
    RegExp.prototype.exec = saved.exec
  }
  return count
}

const hostile: Record<string, (n: number) => string> = {
  'lines without a colon': (n) => `BEGIN:VCARD\n${'x'.repeat(60).concat('\n').repeat(n)}END:VCARD\n`,
  'semicolons and no colon': (n) => `BEGIN:VCARD\n${';;;;;;;;;;\n'.repeat(n)}`,
  'unterminated quotes': (n) => `BEGIN:VCARD\n${'TEL;TYPE="abc:def\n'.repeat(n)}`,
  'one QUOTED-PRINTABLE value with soft breaks': (n) => `BEGIN:VCARD\nFN;ENCODING=QUOTED-PRINTABLE:${'=41=42=\n'.repeat(n)}X\nEND:VCARD\n`,
  'one folded value': (n) => `BEGIN:VCARD\nFN:a\n${' b\n'.repeat(n)}END:VCARD\n`,
  'BEGIN without END': (n) => 'BEGIN:VCARD\nFN:a\nTEL:1\n'.repeat(n),
  'END without BEGIN': (n) => 'END:VCARD\n'.repeat(n),
  'one huge line': (n) => 'BEGIN:VCARD\nNOTE:'.concat('y'.repeat(40 * n)),
  'CR only': (n) => 'BEGIN:VCARD\rFN:a\rTEL:1\rEND:VCARD\r'.repeat(n),
  'many TYPE values in one property': (n) => `BEGIN:VCARD\nFN:a\nTEL;TYPE=${Array.from({ length: n }, (_, i) => `t${i}`).join(',')}:1\nEND:VCARD\n`,
  'many numbers in one card': (n) => `BEGIN:VCARD\nFN:a\n${'TEL:+1 212 555 0100\n'.repeat(n)}END:VCARD\n`,
  'many labels in one card': (n) => `BEGIN:VCARD\nFN:a\n${Array.from({ length: n }, (_, i) => `item${i}.TEL:${i}\nitem${i}.X-ABLabel:L${i}\n`).join('')}END:VCARD\n`,
}

describe('fuzz: work stays linear on hostile input', () => {
  for (const [name, make] of Object.entries(hostile)) {
    it(`vCard: ${name}`, () => {
      const small = enc(make(500))
      const large = enc(make(2000))
      const ratio = work(() => readVCard(large)) / work(() => readVCard(small))
      expect(ratio).toBeLessThan(6)
      const chunked = (bytes: Uint8Array) => () => {
        const r = new VCardReader()
        for (let i = 0; i < bytes.length; i += 64) r.push(bytes.subarray(i, i + 64))
        r.end()
      }
      expect(work(chunked(large)) / work(chunked(small))).toBeLessThan(6)
    })
  }

  it('CSV: an unterminated quote over many lines, and many columns', () => {
    const quote = (n: number) => `Name,Mobile Phone\n"a,${'x\n'.repeat(n)}`
    expect(work(() => readCsvText(quote(2000))) / work(() => readCsvText(quote(500)))).toBeLessThan(6)
    const wide = (n: number) => `${Array.from({ length: n }, (_, i) => `Phone ${i} - Value`).join(',')}\n${'1,'.repeat(n)}\n`
    expect(work(() => readCsvText(wide(2000))) / work(() => readCsvText(wide(500)))).toBeLessThan(6)
  })
})
