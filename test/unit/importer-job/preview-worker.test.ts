import { describe, expect, it } from 'vitest'
import { buildPreview } from '../../../electron/core/importer'
import { PREVIEW_PAGE_ROWS, PreviewWorker } from '../../../electron/core/importer/job/preview-off-thread'

const card = (i: number) => `BEGIN:VCARD\r\nVERSION:3.0\r\nN:Last${i};First${i};;;\r\nFN:First${i} Last${i}\r\nTEL;TYPE=CELL:+49 30 ${String(100000 + i)}\r\nEND:VCARD\r\n`

describe('preview off the main thread', () => {
  it('a worker thread builds the same preview as buildPreview, its rows a page per message', { timeout: 60_000 }, async () => {
    const bytes = new TextEncoder().encode(Array.from({ length: 12_000 }, (_, i) => card(i)).join(''))
    const files = [
      { name: 'big.vcf', bytes, id: 'a' },
      { name: 'bad.bin', bytes: new Uint8Array([0, 1, 2, 0, 0, 0, 255, 0]), id: 'b' },
    ]
    const contacts = [{ id: '5', firstName: 'Known', lastName: '', username: null, phone: '+4930100007', mutual: true, status: { kind: 'recently' as const } }]
    const known = { ownPhone: null, saved: new Map([['4930100009', 'Saved Nine']]) }
    const worker = new PreviewWorker()
    try {
      const built = await worker.build({ files, contacts, region: 'DE', known })
      const expected = buildPreview(files, contacts, 'DE', known)
      expect(built.pages.map((p) => p.length)).toEqual([PREVIEW_PAGE_ROWS, PREVIEW_PAGE_ROWS, 12_000 - 2 * PREVIEW_PAGE_ROWS])
      expect(built.pages.flat()).toEqual(expected.rows)
      expect(built.files).toEqual(expected.files)
      expect(built.total).toBe(12_000)
      expect(expected.rows[7]).toMatchObject({ state: 'contact', contactName: 'Known' })
      expect(expected.rows[9]).toMatchObject({ state: 'saved', contactName: 'Saved Nine' })
      expect(built.files[1]!.error).toMatch(/binary/)
      // The bytes were cloned, not transferred away; a second preview in the same worker reads the same.
      expect(bytes.byteLength).toBeGreaterThan(0)
      expect((await worker.build({ files, contacts, region: 'DE', known })).pages.flat()).toEqual(expected.rows)
    } finally {
      worker.dispose()
    }
  })
})
