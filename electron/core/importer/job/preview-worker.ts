/**
 * Worker thread entry: reads the dropped files and builds the preview away from the core's event loop. It lives as
 * long as previews keep coming (preview-off-thread.ts ends it when idle) and keeps what it read of the last
 * preview's files, so a changed region or charset for one file reads only that file again.
 */
import { parentPort } from 'node:worker_threads'
import { previewRows, readSource, type PreviewSource } from '../preview'
import type { FromPreviewWorker, PreviewJob } from './preview-off-thread'
import { PREVIEW_PAGE_ROWS, knownFromJob } from './preview-off-thread'

/** What the last job read, by file id, region and charset. */
let lastRead = new Map<string, PreviewSource>()

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
  const { files, rows } = previewRows(sources, contacts, known)
  // Rows go in pages, each its own message: the core deserialises one page per task, never 250,000 rows at once.
  const pages = Math.ceil(rows.length / PREVIEW_PAGE_ROWS)
  post({ type: 'files', id: job.id, files, total: rows.length, pages })
  for (let i = 0; i < pages; i++) post({ type: 'rows', id: job.id, rows: rows.slice(i * PREVIEW_PAGE_ROWS, (i + 1) * PREVIEW_PAGE_ROWS) })
}

function post(message: FromPreviewWorker): void {
  parentPort?.postMessage(message)
}

parentPort?.on('message', (job: PreviewJob) => {
  try {
    run(job)
  } catch (error) {
    post({ type: 'failed', id: job.id, message: error instanceof Error ? error.message : String(error) })
  }
})
