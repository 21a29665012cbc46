import { describe, expect, it } from 'vitest'
import type { Contact } from '../../../electron/core/contract/dto'
import { previewFileSchema, previewRowSchema } from '../../../electron/core/contract/dto'
import { buildPreview } from '../../../electron/core/importer/preview'

const enc = (s: string) => new TextEncoder().encode(s)
const contact = (phone: string | null, firstName: string, lastName = ''): Contact => ({
  id: '1',
  firstName,
  lastName,
  username: null,
  phone,
  mutual: false,
  status: { kind: 'recently' },
})

const vcf = [
  'BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nN:Lee;Ann;;;\nTEL;TYPE=cell:+49 151 11111111\nTEL:030 1234567\nEND:VCARD',
  'BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nTEL:+49 151 11111111\nTEL:12\nEND:VCARD',
  'BEGIN:VCARD\nVERSION:3.0\nFN:Cara Only\nEMAIL:c@example.com\nEND:VCARD',
  'BEGIN:VCARD\nVERSION:3.0\nTEL:+49 160 2222222\nEND:VCARD',
].join('\n')
const csv = 'First Name,Last Name,Mobile Phone\nDan,Ng,+49 30 1234567\n'

describe('buildPreview', () => {
  const preview = buildPreview(
    [
      { name: 'phone.vcf', bytes: enc(vcf) },
      { name: 'google.csv', bytes: enc(csv) },
      { name: 'photo.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]) },
      { name: 'empty.vcf', bytes: new Uint8Array(0) },
    ],
    [contact('+49301234567', 'Old', 'Friend'), contact(null, 'Hidden')],
    'DE',
  )

  it('produces rows and files that satisfy the contract', () => {
    for (const row of preview.rows) expect(previewRowSchema.parse(row)).toEqual(row)
    for (const file of preview.files) expect(previewFileSchema.parse(file)).toEqual(file)
  })

  it('gives one row per person and number with its state', () => {
    expect(preview.rows.map((r) => [r.key, r.name, r.phone, r.e164, r.state, r.contactName])).toEqual([
      ['0:0:0', 'Ann Lee', '+49 151 11111111', '+4915111111111', 'new', null],
      ['0:0:1', 'Ann Lee', '030 1234567', '+49301234567', 'contact', 'Old Friend'],
      ['0:1:0', 'Bob', '+49 151 11111111', '+4915111111111', 'duplicate', null],
      ['0:1:1', 'Bob', '12', null, 'invalid', null],
      ['0:2:-', 'Cara Only', null, null, 'noNumber', null],
      ['0:3:0', '+49 160 2222222', '+49 160 2222222', '+491602222222', 'new', null],
      ['1:0:0', 'Dan Ng', '+49 30 1234567', '+49301234567', 'contact', 'Old Friend'],
    ])
  })

  it('gives Telegram a first name even for a person known only by number', () => {
    const onlyNumber = preview.rows.find((r) => r.key === '0:3:0')
    expect([onlyNumber?.firstName, onlyNumber?.lastName]).toEqual(['+49 160 2222222', ''])
    expect(preview.rows.find((r) => r.key === '0:0:0')).toMatchObject({ firstName: 'Ann', lastName: 'Lee' })
  })

  it('refuses non-contact files one by one with a reason', () => {
    expect(preview.files.map((f) => [f.name, f.kind, f.error === null ? null : f.error.split(' ').slice(0, 4).join(' '), f.contactCount])).toEqual([
      ['phone.vcf', 'vcard', null, 4],
      ['google.csv', 'csv', null, 1],
      ['photo.jpg', null, 'This is a binary', 0],
      ['empty.vcf', null, 'The file is empty.', 0],
    ])
  })

  it('marks the account’s own number and numbers Telegram keeps already (issue 11.3, 11.6)', () => {
    const known = { ownPhone: '491602222222', saved: new Map([['4915111111111', 'Ann from the phone']]) }
    const { rows } = buildPreview([{ name: 'phone.vcf', bytes: enc(vcf) }], [], 'DE', known)
    expect(rows.map((r) => [r.key, r.state, r.contactName])).toEqual([
      ['0:0:0', 'saved', 'Ann from the phone'],
      ['0:0:1', 'new', null],
      ['0:1:0', 'duplicate', null],
      ['0:1:1', 'invalid', null],
      ['0:2:-', 'noNumber', null],
      ['0:3:0', 'own', null],
    ])
  })

  it('refuses a file over the size limit without reading it', async () => {
    const { MAX_IMPORT_FILE_BYTES } = await import('../../../electron/core/contract/methods')
    const big = new Uint8Array(MAX_IMPORT_FILE_BYTES + 1)
    const { files, rows } = buildPreview([{ name: 'big.vcf', bytes: big }], [], null)
    expect(rows).toEqual([])
    expect(files[0]?.error).toMatch(/too large/)
  })
})
