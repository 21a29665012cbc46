import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { mergeContacts } from '../../../electron/core/exporter/merge'
import type { ExportPerson } from '../../../electron/core/exporter/model'
import { writeExport } from '../../../electron/core/exporter/writers'
import { GOOGLE_CSV_HEADER } from '../../../electron/core/exporter/writers/csv'
import { ABOUT_CONTACTS, ABOUT_TELEGRAM, formatPhone, isoLocalDate, jsonContact } from '../../../electron/core/exporter/writers/json'
import { escapeText, foldLine, vcard } from '../../../electron/core/exporter/writers/vcf'
import { readContactFile, readVCardText } from '../../../electron/core/importer'
import { countedSlices } from '../support/counted-slices'

const person = (p: Partial<ExportPerson>): ExportPerson => ({
  firstName: '',
  lastName: '',
  phone: '',
  date: null,
  userId: null,
  username: null,
  ...p,
})

const dir = () => mkdtemp(join(tmpdir(), 'tgc-export-'))

describe('merge', () => {
  const saved = [
    { phone: '15550001', firstName: 'zed', lastName: 'Saved', date: 1_700_000_000 },
    { phone: '+1 555 0002', firstName: 'Anna', lastName: 'Phonebook', date: 1_700_000_100 },
    { phone: '15550002', firstName: 'Anna', lastName: 'Again', date: 1_700_000_200 },
  ]
  const contacts = [
    { userId: '42', firstName: 'Anna', lastName: 'Telegram', username: 'anna', phone: '+15550002' },
    { userId: '43', firstName: 'Bob', lastName: '', username: null, phone: null },
  ]

  it('lists every person once, with the Telegram id and username of the contact with the same number', async () => {
    const people = await mergeContacts(saved, contacts, true)
    expect(people).toEqual([
      person({ firstName: 'Anna', lastName: 'Phonebook', phone: '+1 555 0002', date: 1_700_000_100, userId: '42', username: 'anna' }),
      person({ firstName: 'Bob', userId: '43' }),
      person({ firstName: 'zed', lastName: 'Saved', phone: '15550001', date: 1_700_000_000 }),
    ])
  })

  it('leaves out saved contacts without a Telegram account when asked', async () => {
    expect((await mergeContacts(saved, contacts, false)).map((p) => p.userId)).toEqual(['42', '43'])
  })

  it('sorts by lower-cased "first last" in code unit order, as Telegram Desktop does', async () => {
    const people = await mergeContacts(
      ['b', 'Á', 'a', 'B a', 'b A'].map((firstName, i) => ({ phone: `1${i}`, firstName, lastName: '', date: i })),
      [],
      true,
    )
    expect(people.map((p) => p.firstName)).toEqual(['a', 'b', 'B a', 'b A', 'Á'])
  })

  it('merges and sorts 100,000 saved contacts with the event loop turning, equal names in the order Telegram sent them', async () => {
    // Names repeat (in different case too), so the order of equal keys shows.
    const many = Array.from({ length: 100_000 }, (_, i) => ({ phone: `4479${String(i).padStart(8, '0')}`, firstName: (i * 7919) % 3 ? `Name ${(i * 7919) % 997}` : `name ${(i * 7919) % 997}`, lastName: '', date: i }))
    const counted = countedSlices()
    const people = await mergeContacts(many, contacts, true, counted.slices())
    // With slices of no length, every look at the clock is a turn: at least one every 1,000 contacts.
    expect(counted.turns()).toBeGreaterThanOrEqual(100)
    expect(people).toHaveLength(many.length + contacts.length)
    const keys = people.map((p) => `${p.firstName} ${p.lastName}`.toLowerCase())
    const inOrder = (i: number): boolean => keys[i - 1]! < keys[i]! || (keys[i - 1] === keys[i] && (people[i - 1]!.date ?? Infinity) < (people[i]!.date ?? Infinity))
    expect(people.findIndex((_, i) => i > 0 && !inOrder(i))).toBe(-1)
  })
})

describe('json (Telegram Desktop result.json)', () => {
  it('writes a contact item field by field, in tdesktop order and indentation', () => {
    const date = 1_700_000_000
    const text = jsonContact(person({ userId: '42', firstName: 'Ann "A"', lastName: '', phone: '14155552671', date }))
    expect(text).toBe(
      `{\n    "user_id": 42,\n    "first_name": "Ann \\"A\\"",\n    "last_name": "",\n    "phone_number": "+1 415 555 2671",\n    "date": "${isoLocalDate(date)}",\n    "date_unixtime": "1700000000"\n   }`,
    )
  })

  it('omits user_id when unknown and the date for a contact that was never saved; only the date when nameless', () => {
    expect(JSON.parse(jsonContact(person({ firstName: 'A', phone: '4930123456' })))).toEqual({ first_name: 'A', last_name: '', phone_number: '+49 30 123456' })
    expect(JSON.parse(jsonContact(person({ date: 5 })))).toEqual({ date: isoLocalDate(5), date_unixtime: '5' })
  })

  it('formats dates as local ISO without offset', () => {
    const d = new Date(2024, 0, 2, 3, 4, 5)
    expect(isoLocalDate(d.getTime() / 1000)).toBe('2024-01-02T03:04:05')
  })

  it('formats phones internationally, and unknown numbers as + and digits', () => {
    expect(formatPhone('79001234567')).toBe('+7 900 123 45 67')
    expect(formatPhone('999123')).toBe('+999123')
    expect(formatPhone('')).toBe('')
  })

  it('writes a whole result.json that parses, with the about texts and an empty list too', async () => {
    const d = await dir()
    const path = join(d, 'result.json')
    await writeExport(path, 'json', [person({ firstName: 'A\u2028B', phone: '1', date: 1 }), person({ firstName: 'C' })])
    const text = await readFile(path, 'utf8')
    expect(text.startsWith('{\n "about": ')).toBe(true)
    expect(text).toContain('\\u2028')
    expect(text.endsWith('\n   }\n  ]\n }\n}')).toBe(true)
    const parsed = JSON.parse(text)
    expect(parsed.about).toBe(ABOUT_TELEGRAM)
    expect(parsed.contacts.about).toBe(ABOUT_CONTACTS)
    expect(parsed.contacts.list.map((c: { first_name: string }) => c.first_name)).toEqual(['A\u2028B', 'C'])
    await writeExport(path, 'json', [])
    const empty = await readFile(path, 'utf8')
    expect(empty.endsWith('"list": [\n  ]\n }\n}')).toBe(true)
    expect(JSON.parse(empty).contacts.list).toEqual([])
  })
})

describe('csv (Google Contacts)', () => {
  it('writes Google header names and quotes what needs quoting', async () => {
    const path = join(await dir(), 'contacts.csv')
    await writeExport(path, 'csv', [
      person({ firstName: 'Doe, "Jo"', lastName: 'Multi\nLine', phone: '15550001', username: 'jo_doe' }),
      person({ firstName: 'Plain' }),
    ])
    const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '')
    const lines = text.split('\r\n')
    expect(lines[0]).toBe('First Name,Middle Name,Last Name,Nickname,Notes,Labels,Phone 1 - Label,Phone 1 - Value,Website 1 - Label,Website 1 - Value,Birthday')
    expect(text).toContain('"Doe, ""Jo""",,"Multi\nLine",,,* myContacts,Mobile,+15550001,Telegram,https://t.me/jo_doe,\r\n')
    expect(text.endsWith('Plain,,,,,* myContacts,,,,,\r\n')).toBe(true)
    const rows = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data
    expect(rows[0]).toMatchObject({ 'First Name': 'Doe, "Jo"', 'Last Name': 'Multi\nLine', 'Phone 1 - Value': '+15550001', 'Website 1 - Value': 'https://t.me/jo_doe' })
    expect(Object.keys(rows[0]!)).toEqual([...GOOGLE_CSV_HEADER])
  })

  it('starts with the UTF-8 byte order mark, so Excel reads García as García (issue 11 item 17)', async () => {
    const path = join(await dir(), 'contacts.csv')
    await writeExport(path, 'csv', [person({ firstName: 'García' })])
    const bytes = await readFile(path)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.subarray(3, 3 + 'First Name,'.length).toString('utf8')).toBe('First Name,')
    expect(bytes.toString('utf8')).toContain('García,')
  })

  it('writes the birthday when known, ISO with the year, --MM-DD without', async () => {
    const path = join(await dir(), 'contacts.csv')
    await writeExport(path, 'csv', [
      person({ firstName: 'Ann', birthday: { day: 4, month: 3, year: 1990 } }),
      person({ firstName: 'Bo', birthday: { day: 29, month: 2, year: null } }),
    ])
    const rows = Papa.parse<Record<string, string>>((await readFile(path, 'utf8')).trim(), { header: true }).data
    expect(rows.map((row) => row.Birthday)).toEqual(['1990-03-04', '--02-29'])
  })

  it('is read back by our own CSV reader', async () => {
    const path = join(await dir(), 'contacts.csv')
    await writeExport(path, 'csv', [person({ firstName: 'Érik', lastName: 'Ünal', phone: '4930123456' })])
    const parsed = readContactFile('contacts.csv', await readFile(path), null)
    expect(parsed.error).toBeNull()
    expect(parsed.contacts).toMatchObject([{ firstName: 'Érik', lastName: 'Ünal', phones: [{ value: '+4930123456', e164: '+4930123456' }] }])
  })
})

describe('vcf (vCard 3.0)', () => {
  it('escapes backslash, comma, semicolon and newlines', () => {
    expect(escapeText('a\\b,c;d\ne\r\nf')).toBe('a\\\\b\\,c\\;d\\ne\\nf')
  })

  it('folds at 75 octets with a leading space, never splitting a UTF-8 sequence', () => {
    const line = `FN:${'ж'.repeat(60)}😀${'a'.repeat(30)}`
    const folded = foldLine(line)
    const parts = folded.split('\r\n')
    expect(parts.length).toBeGreaterThan(1)
    for (const [i, part] of parts.entries()) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75)
      if (i > 0) expect(part.startsWith(' ')).toBe(true)
      expect(part).not.toContain('\uFFFD')
      expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part)
    }
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line)
    expect(foldLine('A'.repeat(75))).toBe('A'.repeat(75))
  })

  it('writes FN, N, TEL, URL and X-TELEGRAM-USERNAME with CRLF', () => {
    expect(vcard(person({ firstName: 'Jo', lastName: 'Doe;Smith', phone: '15550001', username: 'jo' }))).toBe(
      'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe\\;Smith;Jo;;;\r\nFN:Jo Doe\\;Smith\r\nTEL;TYPE=CELL:+15550001\r\nURL:https://t.me/jo\r\nX-TELEGRAM-USERNAME:jo\r\nEND:VCARD\r\n',
    )
    expect(vcard(person({ phone: '15550001' }))).toContain('FN:+15550001\r\n')
  })

  it('writes BDAY when the birthday is known', () => {
    expect(vcard(person({ firstName: 'Ann', birthday: { day: 4, month: 3, year: 1990 } }))).toContain('\r\nBDAY:1990-03-04\r\nEND:VCARD')
    expect(vcard(person({ firstName: 'Bo', birthday: { day: 9, month: 12, year: null } }))).toContain('\r\nBDAY:--12-09\r\n')
    expect(vcard(person({ firstName: 'Cy' }))).not.toContain('BDAY')
  })

  it('round-trips through our own vCard reader', async () => {
    const people = [
      person({ firstName: 'Ёлка "Ель"', lastName: 'Back\\slash;semi', phone: '79001234567', username: 'elka' }),
      person({ firstName: 'Long'.repeat(40), lastName: '名前'.repeat(30), phone: '4930123456' }),
      person({ firstName: 'Émile', lastName: "O'Brien", phone: '15550001' }),
    ]
    const path = join(await dir(), 'contacts.vcf')
    await writeExport(path, 'vcf', people)
    const text = await readFile(path, 'utf8')
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75)
    const read = readVCardText(text)
    expect(read.problems).toEqual([])
    expect(read.contacts.map((c) => ({ first: c.firstName, last: c.lastName, phones: c.phones.map((p) => p.value) }))).toEqual(
      people.map((p) => ({ first: p.firstName, last: p.lastName, phones: [`+${p.phone}`] })),
    )
    expect(read.contacts[0]!.name).toBe('Ёлка "Ель" Back\\slash;semi')
    // FN keeps an escaped comma (N's components are comma lists to vCard readers, so commas there split).
    expect(readVCardText(vcard(person({ firstName: 'Doe, Jo', phone: '1' }))).contacts[0]!.name).toBe('Doe, Jo')
  })
})

describe('streaming write', () => {
  // The 100,000-contact run with its memory figures is in test/integration/export/export-100k.test.ts.
  it('writes 20,000 people to each format in chunks and leaves only the finished files', { timeout: 60_000 }, async () => {
    const d = await dir()
    const people = Array.from({ length: 20_000 }, (_, i) => person({ firstName: `P${i}`, lastName: 'X', phone: `1555${String(i).padStart(7, '0')}`, date: 1_700_000_000 + i }))
    let last = 0
    for (const format of ['json', 'csv', 'vcf'] as const) {
      await writeExport(join(d, `out.${format}`), format, people, { onProgress: (n) => (last = n) })
      expect(last).toBe(20_000)
    }
    expect((await readdir(d)).sort()).toEqual(['out.csv', 'out.json', 'out.vcf'])
    expect(JSON.parse(await readFile(join(d, 'out.json'), 'utf8')).contacts.list).toHaveLength(20_000)
    expect((await readFile(join(d, 'out.vcf'), 'utf8')).match(/BEGIN:VCARD/g)).toHaveLength(20_000)
  })

  it('an aborted export leaves no file at all', async () => {
    const d = await dir()
    const controller = new AbortController()
    const people = Array.from({ length: 5000 }, (_, i) => person({ firstName: `P${i}` }))
    const run = writeExport(join(d, 'result.json'), 'json', people, { signal: controller.signal, onProgress: () => controller.abort() })
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(await readdir(d)).toEqual([])
  })
})

describe('phone formatting cache', () => {
  it('formats every number of a shared prefix exactly as libphonenumber does', async () => {
    const { parsePhoneNumberFromString } = await import('libphonenumber-js/max')
    const samples = ['447900000101', '447900999999', '14155552671', '14155550000', '79001234567', '79009876543', '4930123456', '493012345678', '861012345678', '5511987654321']
    for (const digits of samples) expect(formatPhone(digits), digits).toBe(parsePhoneNumberFromString(`+${digits}`)!.formatInternational())
  })
})
