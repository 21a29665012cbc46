import { describe, expect, it } from 'vitest'
import { kindsOf, mapColumns, normalizeHeader } from '../../../electron/core/importer/csv/columns'
import { CsvHeaderError, readCsvText } from '../../../electron/core/importer/csv/reader'

describe('CSV columns', () => {
  it('normalises headers: case, accents, spacing', () => {
    expect(normalizeHeader('  Téléphone   Mobile ')).toBe('telephone mobile')
    expect(normalizeHeader('E-mail_2.Address')).toBe('e-mail 2 address')
  })

  it('finds name columns in several languages', () => {
    const cases: [string[], Record<string, number>][] = [
      [['Vorname', 'Nachname', 'Firma'], { given: 0, family: 1, org: 2 }],
      [['Prénom', 'Nom', 'Société'], { given: 0, family: 1, org: 2 }],
      [['Nombre', 'Apellidos', 'Empresa'], { given: 0, family: 1, org: 2 }],
      [['Имя', 'Фамилия', 'Отчество'], { given: 0, family: 1, additional: 2 }],
      [['Display Name', 'First Name', 'Last Name'], { full: 0, given: 1, family: 2 }],
    ]
    for (const [header, names] of cases) expect(mapColumns(header)?.names, header.join()).toEqual(names)
  })

  it('finds phone columns and their kinds, but not phonetic names, labels or countries', () => {
    const map = mapColumns(['Phonetic First Name', 'Mobile Phone', 'Business Fax', 'Telefon (privat)', 'Handy', 'Phone Type', 'Home Country/Region', 'Мобильный телефон'])
    expect(map?.phones.map((p) => [p.header, p.types])).toEqual([
      ['Mobile Phone', ['cell']],
      ['Business Fax', ['work', 'fax']],
      ['Telefon (privat)', ['home']],
      ['Handy', ['cell']],
      ['Мобильный телефон', ['cell']],
    ])
  })

  it('pairs Google "Phone N - Value" with its label (current) or type (legacy) column', () => {
    const current = mapColumns(['First Name', 'Phone 1 - Label', 'Phone 1 - Value', 'Phone 2 - Value', 'Phone 2 - Label'])
    expect(current?.phones.map((p) => [p.value, p.labelColumn])).toEqual([
      [2, 1],
      [3, 4],
    ])
    expect(mapColumns(['Name', 'Phone 1 - Type', 'Phone 1 - Value'])?.phones.map((p) => [p.value, p.labelColumn])).toEqual([[2, 1]])
  })

  it('gives no map for a header that names no contact column', () => {
    expect(mapColumns(['id', 'amount', 'date'])).toBeNull()
  })

  it('reads Google labels as kinds, with * marking the primary number', () => {
    expect(kindsOf('Work Fax')).toEqual(['work', 'fax'])
    const { contacts } = readCsvText('First Name,Phone 1 - Label,Phone 1 - Value\nA,* Mobile,+1 212 555 0100 ::: +1 212 555 0101\n')
    expect(contacts[0]?.phones).toEqual([
      { value: '+1 212 555 0100', types: ['cell', 'pref'], label: 'Mobile' },
      { value: '+1 212 555 0101', types: ['cell', 'pref'], label: 'Mobile' },
    ])
  })
})

describe('CSV reader', () => {
  it('gives each row the line it starts on, across quoted multi-line fields', () => {
    const text = 'Name,Notes,Mobile Phone\r\n"A","one\r\ntwo\r\nthree",+1 212 555 0100\r\n,,\r\n"B",,+1 212 555 0101\r\n'
    const { contacts } = readCsvText(text)
    expect(contacts.map((c) => [c.name, c.line])).toEqual([
      ['A', 2],
      ['B', 6],
    ])
  })

  it('reports rows with neither name nor number', () => {
    const { contacts, problems } = readCsvText('First Name;Last Name;Telefon\nAna;;\n;;\nBen;Bo;123\n')
    expect(contacts.map((c) => c.name)).toEqual(['Ana', 'Ben Bo'])
    expect(problems).toEqual([])
    expect(readCsvText('First Name,E-mail\nA,a@x\n,b@x\n').problems).toEqual([{ line: 3, message: 'row has no name and no phone number; skipped' }])
  })

  it('throws CsvHeaderError for a CSV without contact columns', () => {
    expect(() => readCsvText('a,b\n1,2\n')).toThrow(CsvHeaderError)
  })
})
