import { describe, expect, it } from 'vitest'
import { readCsv } from '../../../electron/core/importer/csv/reader'
import { readContactFile } from '../../../electron/core/importer/read-file'
import { readVCard, readVCardText } from '../../../electron/core/importer/vcard/reader'

const enc = (s: string) => new TextEncoder().encode(s)
const cards = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person ${from + i}\r\nTEL:+1 212 555 ${String(1000 + from + i).slice(-4)}\r\nEND:VCARD\r\n`).join('')

describe('hostile and damaged files: bounded work, one bad entry spoils nothing else', () => {
  it('reads at most 100 numbers of a card with millions, and says so with the line', () => {
    const text = `BEGIN:VCARD\nFN:Many\n${'TEL:+1 212 555 0100\n'.repeat(300_000)}END:VCARD\n${cards(1)}`
    const { contacts, problems } = readVCard(enc(text))
    expect(contacts.map((c) => c.phones.length)).toEqual([100, 1])
    expect(problems).toEqual([{ line: 1, message: 'card has more than 100 phone numbers; 299900 more not read' }])
  })

  it('reads 1,000 of 200,000 TYPE values, in linear time', () => {
    const types = Array.from({ length: 200_000 }, (_, i) => `t${i}`).join(',')
    const { contacts, problems } = readVCardText(`BEGIN:VCARD\nFN:A\nTEL;TYPE=${types}:+1 212 555 0100\nEND:VCARD\n`)
    expect(contacts[0]?.phones[0]?.types).toHaveLength(1000)
    expect(problems).toEqual([{ line: 3, message: 'property has more than 1,000 parameters; the rest were not read' }])
  })

  it('stops at 200,000 cards and says where', () => {
    const { contacts, problems } = readVCardText('BEGIN:VCARD\nFN:a\nEND:VCARD\n'.repeat(200_003))
    expect(contacts).toHaveLength(200_000)
    expect(problems).toEqual([{ line: 600_001, message: 'the file has more than 200,000 cards; this card and the rest were not read' }])
  })

  it('decodes each CSV cell on its own: one Windows-1252 byte spoils only its cell', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `Zoë ${i},+1 212 555 ${String(1000 + i)}`)
    const bytes = [...enc(`Name,Mobile Phone\n${rows.slice(0, 3).join('\n')}\n`), ...Buffer.from('Ren\xe9,+1 212 555 0999\n', 'latin1'), ...enc(`${rows.slice(3).join('\n')}\n`)]
    const { contacts } = readCsv(Uint8Array.from(bytes))
    expect(contacts).toHaveLength(51)
    expect(contacts.filter((c) => c.name.startsWith('Zoë'))).toHaveLength(50)
    expect(contacts[3]?.name).toBe('René')
  })

  it('an unterminated quote in row 3 of 1,000 costs that row only, reported with its line', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `Person ${i},+1 212 555 ${String(1000 + i)},note ${i}`)
    rows[2] = 'Person 2,"+1 212 555 1002,note 2'
    const { contacts, problems } = readCsv(enc(`Name,Mobile Phone,Notes\n${rows.join('\n')}\n`))
    expect(contacts).toHaveLength(1000)
    expect(contacts[3]?.name).toBe('Person 3')
    expect(contacts[2]?.phones.map((p) => p.value)).toEqual(['+1 212 555 1002'])
    expect(problems).toEqual([{ line: 4, message: 'a quoted cell runs into the next rows; this row was read as one line without its quotes' }])
  })

  it('a CSV whose Notes hold a pasted vCard is a CSV', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `Person ${i},+1 212 555 ${String(1000 + i)},`)
    const pasted = `Pasted,+1 212 555 0999,"His card:\nBEGIN:VCARD\nVERSION:3.0\nFN:Inside\nTEL:+1 212 555 0888\nEND:VCARD"`
    const file = readContactFile('google.csv', enc(`Name,Mobile Phone,Notes\n${pasted}\n${rows.join('\n')}\n`), 'US')
    expect(file.kind).toBe('csv')
    expect(file.contacts).toHaveLength(201)
    // Without an extension the header row decides.
    expect(readContactFile('export', enc(`Name,Mobile Phone,Notes\n${pasted}\n${rows.join('\n')}\n`), 'US').contacts).toHaveLength(201)
  })

  it('one NUL byte costs one card, not the file; good cards followed by megabytes of random bytes are a binary file', () => {
    const text = cards(200)
    const broken = enc(text.replace('FN:Person 3\r\n', 'FN:Per\0son 3\r\n'))
    const file = readContactFile('a.vcf', broken, 'US')
    expect(file.error).toBeNull()
    expect(file.contacts).toHaveLength(200)
    expect(file.contacts.filter((c, i) => c.name === `Person ${i}`)).toHaveLength(199)
    // Built with a loop and set(), not Array.from and spreads of 6 M elements: those alone took seconds on a busy machine.
    const good = enc(cards(80))
    const mixed = new Uint8Array(good.length + 6_000_000)
    mixed.set(good)
    let seed = 1
    for (let i = good.length; i < mixed.length; i++) mixed[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24
    expect(readContactFile('a.vcf', mixed, 'US').error).toBe('This is a binary file, not a contact file (.vcf or .csv).')
  })

  it('unfolds a property folded inside its name or parameters, with a TAB (RFC 6350 §3.2)', () => {
    const { contacts, problems } = readVCardText('BEGIN:VCARD\r\nVERSION:2.1\r\nFN:John\r\nTEL\r\n\t;CELL:+49 151\r\n\t2345678\r\nEND:VCARD\r\n')
    expect(problems).toEqual([])
    expect(contacts[0]?.phones).toEqual([{ value: '+49 1512345678', types: ['cell'], label: null }])
  })
})
