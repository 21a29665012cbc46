import { describe, expect, it } from 'vitest'
import type { Contact } from '../../../electron/core/contract'
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

  it('import.preview refuses bytes that are not base64', async () => {
    const { ctx } = fakeContext(await tempDir(), new FakeClock())
    const handlers = createImportHandlers(ctx, { send: new FakeTelegram().send })
    await expect(handlers['import.preview']({ files: [{ name: 'x.vcf', base64: 'not base64!' }] })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
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
