import { describe, expect, it } from 'vitest'
import { buildPreview } from '../../../electron/core/importer'
import { IN_PROCESS_BYTES, previewInWorker, previewOffThread } from '../../../electron/core/importer/job/preview-off-thread'

const card = (i: number) => `BEGIN:VCARD\r\nVERSION:3.0\r\nN:Last${i};First${i};;;\r\nFN:First${i} Last${i}\r\nTEL;TYPE=CELL:+49 30 ${String(100000 + i)}\r\nEND:VCARD\r\n`

describe('preview off the main thread', () => {
  it('a worker thread builds the same preview as buildPreview', { timeout: 30_000 }, async () => {
    const bytes = new TextEncoder().encode(Array.from({ length: 3000 }, (_, i) => card(i)).join(''))
    expect(bytes.byteLength).toBeGreaterThan(IN_PROCESS_BYTES)
    const files = [{ name: 'big.vcf', bytes }, { name: 'bad.bin', bytes: new Uint8Array([0, 1, 2, 0, 0, 0, 255, 0]) }]
    const contacts = [{ id: '5', firstName: 'Known', lastName: '', username: null, phone: '+4930100007', mutual: true, status: { kind: 'recently' as const } }]
    const viaWorker = await previewInWorker({ files, contacts, region: 'DE' })
    expect(viaWorker).toEqual(buildPreview(files, contacts, 'DE'))
    expect(viaWorker.rows).toHaveLength(3000)
    expect(viaWorker.rows[7]).toMatchObject({ state: 'contact', contactName: 'Known' })
    expect(viaWorker.files[1]!.error).toMatch(/binary/)
    // The bytes were cloned, not transferred away.
    expect(bytes.byteLength).toBeGreaterThan(0)
    expect(await previewOffThread({ files, contacts, region: 'DE' })).toEqual(viaWorker)
  })
})
