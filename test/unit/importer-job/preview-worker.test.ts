import { describe, expect, it } from 'vitest'
import { buildPreview } from '../../../electron/core/importer'
import { PREVIEW_PAGE_ROWS, PreviewWorker, pageRows, type FromPreviewWorker, type PreviewJob } from '../../../electron/core/importer/job/preview-off-thread'
import { startWorker, workerEntry } from '../../../electron/core/host/worker-thread'

const card = (i: number) => `BEGIN:VCARD\r\nVERSION:3.0\r\nN:Last${i};First${i};;;\r\nFN:First${i} Last${i}\r\nTEL;TYPE=CELL:+49 30 ${String(100000 + i)}\r\nEND:VCARD\r\n`

describe('preview off the main thread', () => {
  it('a worker thread builds the same preview as buildPreview, its rows a page per message', { timeout: 60_000 }, async () => {
    // Two full pages and part of a third.
    const count = 2 * PREVIEW_PAGE_ROWS + 2000
    const bytes = new TextEncoder().encode(Array.from({ length: count }, (_, i) => card(i)).join(''))
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
      // The pages stay bytes in the core until a page is asked for.
      expect(built.pages.every((p) => p instanceof Uint8Array)).toBe(true)
      expect(built.pages.map((p) => pageRows(p).length)).toEqual([PREVIEW_PAGE_ROWS, PREVIEW_PAGE_ROWS, 2000])
      expect(built.pages.flatMap(pageRows)).toEqual(expected.rows)
      expect(built.files).toEqual(expected.files)
      expect(built.total).toBe(count)
      expect(expected.rows[7]).toMatchObject({ state: 'contact', contactName: 'Known' })
      expect(expected.rows[9]).toMatchObject({ state: 'saved', contactName: 'Saved Nine' })
      expect(built.files[1]!.error).toMatch(/binary/)
      // The bytes were cloned, not transferred away; a second preview in the same worker reads the same.
      expect(bytes.byteLength).toBeGreaterThan(0)
      expect((await worker.build({ files, contacts, region: 'DE', known })).pages.flatMap(pageRows)).toEqual(expected.rows)
    } finally {
      worker.dispose()
    }
  })

  it('sends the next page only when the core asks: 250,000 rows never arrive in one turn of its event loop', { timeout: 60_000 }, async () => {
    // Node hands a port's queued messages to the listener in one go: pages sent unasked are all deserialised in one
    // task of the core (a 1 s stall at 100,000 cards).
    const entry = workerEntry(new URL('../../../electron/core/importer/job/preview-off-thread.ts', import.meta.url).href, 'preview-worker')
    const worker = startWorker(entry!)
    try {
      const bytes = new TextEncoder().encode(Array.from({ length: 3 * PREVIEW_PAGE_ROWS }, (_, i) => card(i)).join(''))
      const job = (id: number, name: string): PreviewJob => ({ id, files: [{ name, bytes, id: name }], region: 'DE', contacts: '', saved: '', ownPhone: null })
      const seen: string[] = []
      const done = new Promise<void>((resolve) => {
        worker.on('message', (m: FromPreviewWorker) => {
          seen.push(`${m.type}:${m.id}`)
          // After job 1's first page, job 2 comes: the worker reads it before it sends job 1's next page.
          if (seen.length === 2) worker.postMessage({ type: 'job', job: job(2, 'b.vcf') })
          if (m.type === 'files' && m.id === 2) resolve()
        })
      })
      worker.postMessage({ type: 'job', job: job(1, 'a.vcf') })
      await done
      expect(seen).toEqual(['files:1', 'rows:1', 'files:2'])
    } finally {
      await worker.terminate()
    }
  })
})
