import { describe, expect, it } from 'vitest'
import { UPLOAD_PIECE_BYTES, type Contact } from '../../../electron/core/contract'
import { createImportHandlers } from '../../../electron/core/importer/handlers'
import { FakeClock, FakeTelegram, fakeContext, tempDir } from './helpers'

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

describe('import handlers', () => {
  it('import.preview decodes the files and previews them with the account region and the contact list', async () => {
    const { ctx } = fakeContext(await tempDir(), new FakeClock())
    ctx.telegram.self = () => ({ id: '1', firstName: 'Me', lastName: '', username: null, phone: '+4915112345678' })
    const known: Contact = { id: '7', firstName: 'Known', lastName: 'Person', username: null, phone: '+4930123456', mutual: false, status: { kind: 'recently' } }
    ctx.contacts.current = async () => [known]
    const handlers = createImportHandlers(ctx, { send: new FakeTelegram().send })
    const vcf = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nTEL:030 123456\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ben\r\nTEL:0170 1234567\r\nEND:VCARD\r\n'
    const preview = await handlers['import.preview']({ files: [{ name: 'a.vcf', base64: b64(vcf) }] })
    expect(preview.files).toMatchObject([{ name: 'a.vcf', kind: 'vcard', error: null, contactCount: 2 }])
    expect(preview.rows.map((r) => [r.name, r.e164, r.state, r.contactName])).toEqual([
      ['Anna', '+4930123456', 'contact', 'Known Person'],
      ['Ben', '+491701234567', 'new', null],
    ])
    await handlers.dispose()
  })

  it('the same bytes dropped twice are one file (issue 11.12)', async () => {
    const { ctx } = fakeContext(await tempDir(), new FakeClock())
    const handlers = createImportHandlers(ctx, { send: new FakeTelegram().send })
    const vcf = b64('BEGIN:VCARD\r\nFN:Anna\r\nTEL:+49 30 123456\r\nEND:VCARD\r\n')
    const preview = await handlers['import.preview']({ files: [{ name: 'a.vcf', base64: vcf }, { name: 'a (1).vcf', base64: vcf }, { name: 'a.vcf', base64: vcf }] })
    expect(preview.files).toMatchObject([{ name: 'a.vcf', sameAs: ['a (1).vcf'], contactCount: 1 }])
    expect(preview.rows.map((r) => [r.name, r.state])).toEqual([['Anna', 'new']])
    await handlers.dispose()
  })

  it('reads national numbers in the region chosen for each file, again by id without the bytes (issue 11.11)', async () => {
    const { ctx } = fakeContext(await tempDir(), new FakeClock())
    ctx.telegram.self = () => ({ id: '1', firstName: 'Me', lastName: '', username: null, phone: '+4915112345678' })
    const handlers = createImportHandlers(ctx, { send: new FakeTelegram().send })
    const vcf = 'BEGIN:VCARD\r\nFN:Anna\r\nTEL:0664 1234567\r\nEND:VCARD\r\n'
    const first = await handlers['import.preview']({ files: [{ name: 'a.vcf', base64: b64(vcf) }] })
    expect(first.files).toMatchObject([{ region: 'DE' }])
    expect(first.rows.map((r) => r.e164)).toEqual(['+496641234567'])
    const id = first.files[0]!.id
    expect(id).toMatch(/^[0-9a-f]{64}$/)
    const again = await handlers['import.preview']({ files: [{ name: 'a.vcf', id, region: 'AT' }] })
    expect(again.files).toMatchObject([{ id, region: 'AT' }])
    expect(again.rows.map((r) => r.e164)).toEqual(['+436641234567'])
    await expect(handlers['import.preview']({ files: [{ name: 'b.vcf', id: 'f'.repeat(64) }] })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(handlers['import.preview']({ files: [{ name: 'a.vcf', id, region: 'XX' }] })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await handlers.dispose()
  })

  it('hands a large preview over a page at a time', { timeout: 60_000 }, async () => {
    const { ctx } = fakeContext(await tempDir(), new FakeClock())
    const handlers = createImportHandlers(ctx, { send: new FakeTelegram().send })
    const cards = Array.from({ length: 12_345 }, (_, i) => `BEGIN:VCARD\r\nFN:P${i}\r\nTEL:+1 212 555 ${String(i % 10_000).padStart(4, '0')}\r\nEND:VCARD\r\n`).join('')
    const preview = await handlers['import.preview']({ files: [{ name: 'many.vcf', base64: b64(cards) }] })
    expect(preview.total).toBe(12_345)
    const rows = [...preview.rows]
    while (rows.length < preview.total) rows.push(...(await handlers['import.previewRows']({ preview: preview.preview, from: rows.length })).rows)
    expect(rows.map((r) => r.name)).toEqual(Array.from({ length: 12_345 }, (_, i) => `P${i}`))
    expect((await handlers['import.previewRows']({ preview: preview.preview, from: 12_345 })).rows).toEqual([])
    await handlers['import.preview']({ files: [{ name: 'many.vcf', id: preview.files[0]!.id }] })
    await expect(handlers['import.previewRows']({ preview: preview.preview, from: 0 })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await handlers.dispose()
  })

  it('import.preview refuses bytes that are not base64', async () => {
    const { ctx } = fakeContext(await tempDir(), new FakeClock())
    const handlers = createImportHandlers(ctx, { send: new FakeTelegram().send })
    await expect(handlers['import.preview']({ files: [{ name: 'x.vcf', base64: 'not base64!' }] })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await handlers.dispose()
  })

  it('a file uploaded in pieces previews exactly as the same bytes sent whole, under the same id (issue 16)', { timeout: 60_000 }, async () => {
    const { ctx } = fakeContext(await tempDir(), new FakeClock())
    const handlers = createImportHandlers(ctx, { send: new FakeTelegram().send })
    // Not ASCII, and longer than one piece, so a piece boundary falls inside the text.
    const cards = Array.from({ length: 60_000 }, (_, i) => `BEGIN:VCARD\r\nFN:Zoë ${i}\r\nTEL:+1 212 555 ${String(i % 10_000).padStart(4, '0')}\r\nEND:VCARD\r\n`).join('')
    const bytes = Buffer.from(cards, 'utf8')
    expect(bytes.length).toBeGreaterThan(UPLOAD_PIECE_BYTES)
    let upload: string | null = null
    let id: string | null = null
    for (let offset = 0; id === null; offset += UPLOAD_PIECE_BYTES) {
      ;({ upload, id } = await handlers['import.upload']({ upload, size: bytes.length, offset, base64: bytes.subarray(offset, offset + UPLOAD_PIECE_BYTES).toString('base64') }))
    }
    const pieced = await handlers['import.preview']({ files: [{ name: 'many.vcf', id }] })
    const whole = await handlers['import.preview']({ files: [{ name: 'many.vcf', base64: bytes.toString('base64') }] })
    expect(pieced.files).toEqual(whole.files)
    expect(pieced.files[0]!.id).toBe(id)
    expect(pieced.total).toBe(whole.total)
    expect(pieced.rows).toEqual(whole.rows)
    await handlers.dispose()
  })

  it('import.upload refuses a piece out of order or not base64, and an upload it does not hold', async () => {
    const { ctx } = fakeContext(await tempDir(), new FakeClock())
    const handlers = createImportHandlers(ctx, { send: new FakeTelegram().send })
    const first = await handlers['import.upload']({ upload: null, size: 9, offset: 0, base64: b64('BEG') })
    expect(first.id).toBeNull()
    await expect(handlers['import.upload']({ upload: first.upload, size: 9, offset: 6, base64: b64('VCA') })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    // A refused piece ends the upload: the window sends the file again.
    await expect(handlers['import.upload']({ upload: first.upload, size: 9, offset: 3, base64: b64('IN:') })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const second = await handlers['import.upload']({ upload: null, size: 9, offset: 0, base64: b64('BEG') })
    await expect(handlers['import.upload']({ upload: second.upload, size: 9, offset: 3, base64: 'no base64!!!' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    // Padding before the end, and more bytes than the file has.
    const third = await handlers['import.upload']({ upload: null, size: 9, offset: 0, base64: b64('BE') }).catch((e: unknown) => e)
    expect(third).toMatchObject({ code: 'INVALID_INPUT' })
    await expect(handlers['import.upload']({ upload: null, size: 3, offset: 0, base64: b64('BEGIN:') })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    // Whole, the same file previews by the id the last piece answered.
    const whole = await handlers['import.upload']({ upload: null, size: 3, offset: 0, base64: b64('BEG') })
    expect(whole.id).toMatch(/^[0-9a-f]{64}$/)
    await handlers.dispose()
  })

  it('import.start needs a signed-in account', async () => {
    const { ctx } = fakeContext(await tempDir(), new FakeClock())
    ctx.telegram.self = () => null
    const handlers = createImportHandlers(ctx, { send: new FakeTelegram().send })
    await expect(handlers['import.start']({ contacts: [{ firstName: 'A', lastName: '', phone: '+15550000001' }] })).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED',
    })
    expect(await handlers['import.status']({})).toEqual({ job: null })
    expect(await handlers['import.report']({})).toEqual({ report: null, csv: null })
    await handlers.dispose()
  })
})
