/**
 * Worker thread entry: reads the dropped files and builds the preview away from the core's event loop. It lives as
 * long as previews keep coming (preview-off-thread.ts ends it when idle) and keeps what it read of the last
 * preview's files, so a changed region or charset for one file reads only that file again.
 */
import { parentPort } from 'node:worker_threads'
import { previewTable, readSource, type PreviewSource, type PreviewTable } from '../preview'
import type { FromPreviewWorker, PreviewJob, ToPreviewWorker } from './preview-off-thread'
import { PREVIEW_PAGE_ROWS, knownFromJob, serializePage } from './preview-off-thread'

/** What the last job read, by file id, region and charset. */
let lastRead = new Map<string, PreviewSource>()
/** The rows of the last job, made and handed out a page at a time as the core asks for them. */
let sending: { id: number; table: PreviewTable; next: number } | null = null

function run(job: PreviewJob): void {
  const read = new Map<string, PreviewSource>()
  const sources = job.files.map((file) => {
    const key = `${file.id}\n${file.region ?? job.region ?? ''}\n${file.charset ?? ''}`
    const earlier = file.id === '' ? undefined : lastRead.get(key)
    const source = earlier !== undefined && earlier.parsed.name === file.name ? { ...earlier, sameAs: file.sameAs ?? [] } : readSource(file, job.region)
    read.set(key, source)
    return source
  })
  lastRead = read
  const { contacts, known } = knownFromJob(job)
  const table = previewTable(sources, contacts, known)
  post({ type: 'files', id: job.id, files: table.files, total: table.total, pages: Math.ceil(table.total / PREVIEW_PAGE_ROWS) })
  sending = { id: job.id, table, next: 0 }
  sendPage(job.id)
}

/**
 * One page of rows, when the core asks for it: Node hands a port's queued messages to its listener in one go, so
 * pages sent unasked would all be deserialised in one task of the core (a 1 s stall at 100,000 cards).
 */
function sendPage(id: number): void {
  if (sending === null || sending.id !== id || sending.next >= sending.table.total) return
  const from = sending.next
  sending.next += PREVIEW_PAGE_ROWS
  const rows = sending.table.rows(from, sending.next)
  if (sending.next >= sending.table.total) sending = null
  post({ type: 'rows', id, page: serializePage(rows) })
}

function post(message: FromPreviewWorker): void {
  parentPort?.postMessage(message)
}

parentPort?.on('message', (message: ToPreviewWorker) => {
  if (message.type === 'next') return sendPage(message.id)
  const { job } = message
  try {
    run(job)
  } catch (error) {
    post({ type: 'failed', id: job.id, message: error instanceof Error ? error.message : String(error) })
  }
})
