import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { guessLegacyCharset } from '../../../electron/core/importer/charset'
import { looksGarbled } from '../../../electron/core/importer/garbled'
import { readContactFile } from '../../../electron/core/importer/read-file'

const dir = join(import.meta.dirname, '../../fixtures/contact-files/legacy')
const names = JSON.parse(readFileSync(join(dir, 'names.json'), 'utf8')) as Record<string, { names: string[] }>
const file = (name: string) => new Uint8Array(readFileSync(join(dir, name)))

describe('legacy 8-bit files without a CHARSET (issue 11.13)', () => {
  const cases: [string, string, string][] = [
    ['greek.windows-1253.vcf', 'windows-1253', 'greek'],
    ['russian.windows-1251.vcf', 'windows-1251', 'russian'],
    ['russian.koi8-r.vcf', 'koi8-r', 'russian'],
    ['japanese.shift_jis.vcf', 'shift_jis', 'japanese'],
    ['chinese-s.gb18030.vcf', 'gb18030', 'chinese-s'],
    ['chinese-t.big5.vcf', 'big5', 'chinese-t'],
    ['korean.euc-kr.vcf', 'euc-kr', 'korean'],
    ['russian.windows-1251.csv', 'windows-1251', 'russian'],
    ['greek-3.windows-1253.csv', 'windows-1253', 'greek'],
  ]
  it.each(cases)('%s is read as %s, every name right and none flagged', (name, charset, language) => {
    const read = readContactFile(name, file(name), 'DE')
    expect([read.charset, read.charsetGuessed]).toEqual([charset, true])
    const want = names[language]!.names.slice(0, read.contacts.length)
    expect(read.contacts.map((c) => c.name)).toEqual(want)
    expect(read.contacts.filter((c) => looksGarbled(c.name))).toEqual([])
  })

  it('guesses Windows-1252 for Western names, and nothing for UTF-8 or ASCII', () => {
    expect(guessLegacyCharset(file('western.windows-1252.vcf'))).toBe('windows-1252')
    expect(guessLegacyCharset(new TextEncoder().encode('BEGIN:VCARD\r\nFN:Ольга\r\nEND:VCARD\r\n'))).toBeNull()
    expect(guessLegacyCharset(new TextEncoder().encode('BEGIN:VCARD\r\nFN:Olga\r\nEND:VCARD\r\n'))).toBeNull()
  })

  it('reads the file in the charset a person chose, and flags the names that still look garbled', () => {
    const wrong = readContactFile('greek.windows-1253.vcf', file('greek.windows-1253.vcf'), 'DE', { charset: 'windows-1252' })
    expect([wrong.charset, wrong.charsetGuessed]).toEqual(['windows-1252', false])
    expect(wrong.contacts.every((c) => looksGarbled(c.name))).toBe(true)
    const right = readContactFile('greek.windows-1253.vcf', file('greek.windows-1253.vcf'), 'DE', { charset: 'windows-1253' })
    expect(right.contacts[0]?.name).toBe('Γιώργος Παπαδόπουλος')
  })

  it('a UTF-8 file keeps its names whatever the guess: one Windows-1252 byte is read in Windows-1252', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('BEGIN:VCARD\r\nFN:Ольга\r\nEND:VCARD\r\n'), ...Buffer.from('BEGIN:VCARD\r\nFN:Ren\xe9\r\nEND:VCARD\r\n', 'latin1')])
    const read = readContactFile('mixed.vcf', bytes, 'DE')
    expect(read.contacts.map((c) => c.name)).toEqual(['Ольга', 'René'])
  })
})

describe('looksGarbled', () => {
  it.each(['José García', 'Zoë Müller', 'Björn Åström', 'Jürgen Groß', 'Ольга', 'Γιώργος', '山田 太郎', '김민준', 'Ñoño', "O'Brien"])('%s is a name', (name) => {
    expect(looksGarbled(name)).toBe(false)
  })
  it.each(['Ãéþñãïò', 'Èâàí Ïåòðîâ', 'JosÃ© GarcÃ­a', 'Ren\ufffd', 'a\u0085b', '╚╫╪╤'])('%s is garbled', (name) => {
    expect(looksGarbled(name)).toBe(true)
  })
})
