import { describe, expect, it } from 'vitest'
import { MAX_PROBLEMS, VCardReader, readVCard, readVCardText } from '../../../electron/core/importer/vcard/reader'

const enc = (s: string) => new TextEncoder().encode(s)

describe('vCard reader', () => {
  it('steps over a large folded PHOTO and keeps counting lines after it', () => {
    const photo = Array.from({ length: 20_000 }, () => ' QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5').join('\r\n')
    const text = `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Photo Person\r\nPHOTO;ENCODING=b;TYPE=JPEG:\r\n${photo}\r\nTEL:+1 212 555 0100\r\nEND:VCARD\r\nnot a property\r\n`
    const { contacts, problems } = readVCard(enc(text))
    expect(contacts.map((c) => [c.name, c.phones.map((p) => p.value)])).toEqual([['Photo Person', ['+1 212 555 0100']]])
    // Lines: 4 header lines + 20,000 photo lines + TEL + END, then the stray line.
    expect(problems).toEqual([{ line: 20_007, message: '1 line outside any card ignored' }])
  })

  it('lists at most MAX_PROBLEMS problems and counts the rest', () => {
    const lines = Array.from({ length: MAX_PROBLEMS + 50 }, (_, i) => `junk line ${i}`)
    const { problems } = readVCard(enc(`BEGIN:VCARD\nFN:A\n${lines.join('\n')}\nEND:VCARD\n`))
    expect(problems).toHaveLength(MAX_PROBLEMS + 1)
    expect(problems.at(-1)).toEqual({ line: 0, message: '50 more problems not listed' })
  })

  it('reads decoded text as well as bytes, the same way', () => {
    const text = 'BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=96;=C3=84\r\nTEL;CELL:+43 1 234\r\nEND:VCARD\r\n'
    expect(readVCardText(text)).toEqual(readVCard(enc(text)))
    expect(readVCardText(text).contacts[0]?.name).toBe('Ä Ö')
  })

  it('takes a default of no types and no label, and keeps invalid-looking numbers as written', () => {
    const { contacts } = readVCard(enc('BEGIN:VCARD\nFN:X\nTEL:  (0) 12-34 \nTEL:\nEND:VCARD\n'))
    expect(contacts[0]?.phones).toEqual([{ value: '(0) 12-34', types: [], label: null }])
  })

  it('labels only the phone in the same item group, whatever the case of the group name', () => {
    const text = 'BEGIN:VCARD\nFN:G\nitem1.TEL:1\nITEM2.TEL:2\nitem2.X-ABLabel:Two\nitem1.X-ABLABEL:_$!<Other>!$_\nEND:VCARD\n'
    expect(readVCard(enc(text)).contacts[0]?.phones.map((p) => p.label)).toEqual(['Other', 'Two'])
  })

  it('reads a one-line ASCII value as it reads the same value QUOTED-PRINTABLE encoded (the plain path cuts it straight from the text)', () => {
    const qp = (v: string) => [...v].map((c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('')
    const values: [string, string][] = [
      ['FN', ' Ann  Lee '],
      ['N', 'Lee'],
      ['N', 'Lee;Ann'],
      ['N', ' Lee ; Ann ;Marie;Dr;Jr'],
      ['ORG', 'Acme'],
      ['ORG', 'Acme ; Sales'],
      ['ORG', '   '],
      ['ORG', ';Sales'],
      ['TEL', ' \u000b+1 212 555 0100\u000c '],
      ['TEL', 'tel: +1-212-555-0100 '],
      ['TEL', ' TEL:'],
      ['TEL', 'x'.repeat(300)],
      ['FN', 'y'.repeat(5000)],
      ['item1.X-ABLabel', ' _$!<Mobile>!$_ '],
      ['item1.X-ABLabel', '_$!<>!$_'],
      ['item1.X-ABLabel', ' Work phone '],
    ]
    for (const [name, value] of values) {
      const card = (line: string) => `BEGIN:VCARD\r\nVERSION:2.1\r\nFN:P\r\nitem1.TEL:1\r\n${line}\r\nEND:VCARD\r\n`
      const plain = readVCard(enc(card(`${name}:${value}`)))
      const decoded = readVCard(enc(card(`${name};ENCODING=QUOTED-PRINTABLE:${qp(value)}`)))
      expect(plain, `${name}:${value}`).toEqual(decoded)
    }
  })

  it('starts every card empty: nothing of the card before (its names, numbers, labels) carries over', () => {
    const text = [
      'BEGIN:VCARD\nN:Lee;Ann;B\nORG:Acme\nitem1.TEL:1\nitem1.X-ABLabel:One\nitem2.TEL:2\nitem2.X-ABLabel:Two\nTEL:3\nEND:VCARD',
      'BEGIN:VCARD\nORG:Solo\nitem2.TEL:4\nEND:VCARD',
      'BEGIN:VCARD\nFN:Empty\nEND:VCARD',
    ].join('\n')
    const { contacts } = readVCard(enc(text))
    expect(contacts.map((c) => [c.name, c.firstName, c.lastName, c.phones.map((p) => [p.value, p.label])])).toEqual([
      ['Ann B Lee', 'Ann B', 'Lee', [['1', 'One'], ['2', 'Two'], ['3', null]]],
      ['Solo', 'Solo', '', [['4', null]]],
      ['Empty', 'Empty', '', []],
    ])
  })

  it('keeps labels apart that share their length and first and last letters', () => {
    const labels = ['Mobile', 'Maxime', 'Mobile', 'Mine e', 'Maxime']
    const tels = labels.map((l, i) => `item${i}.TEL:${i}\nitem${i}.X-ABLabel:${l}`).join('\n')
    const { contacts } = readVCard(enc(`BEGIN:VCARD\nFN:L\n${tels}\nEND:VCARD\n`))
    expect(contacts[0]?.phones.map((p) => p.label)).toEqual(labels)
  })

  it('reads a non-ASCII value the same wherever the chunks split its bytes', () => {
    const text = 'BEGIN:VCARD\r\nN:Müller;Zoë\r\nORG:Café 東京;x\r\nitem1.TEL:+49 151 1\r\nitem1.X-ABLabel:Büro\r\nEND:VCARD\r\n'
    const bytes = enc(text)
    const whole = readVCard(bytes)
    expect(whole.contacts[0]?.phones[0]?.label).toBe('Büro')
    for (let cut = 1; cut < bytes.length; cut++) {
      const reader = new VCardReader()
      reader.push(bytes.subarray(0, cut))
      reader.push(bytes.subarray(cut))
      expect(reader.end(), `cut at ${cut}`).toEqual(whole)
    }
  })

  it('a property it does not read swallows the next line only when it is QUOTED-PRINTABLE and its line ends in a soft break', () => {
    const text = [
      'BEGIN:VCARD',
      'FN:Q',
      'NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:call=',
      'TEL:1 (inside the note)',
      'NOTE;ENCODING=QUOTED-PRINTABLE:no soft break',
      'TEL:2',
      'NOTE;TYPE=x:ends in =',
      'TEL:3',
      'END:VCARD',
      '',
    ].join('\r\n')
    expect(readVCard(enc(text)).contacts[0]?.phones.map((p) => p.value)).toEqual(['2', '3'])
  })

  it('refuses to mix text and bytes in one reader', () => {
    const reader = new VCardReader()
    reader.push(enc('BEGIN:VCARD\n'))
    expect(() => reader.pushText('FN:A\n')).toThrow()
  })
})
