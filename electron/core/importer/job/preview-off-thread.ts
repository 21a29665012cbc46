import { deserialize, serialize } from 'node:v8'
import type { Worker } from 'node:worker_threads'
import type { Contact, PreviewFile, PreviewRow } from '../../contract'
import { startWorker, workerEntry, type WorkerEntry } from '../../host/worker-thread'
import type { Region } from '../../phones'
import { TimeSlices } from '../../app/time-slices'
import { addContactName, contactNamesOf, previewTable, readSource, type KnownNumbers, type PreviewInput } from '../preview'

/**
 * Rows a page holds: what the core deserialises from the worker, and sends the window as JSON, in one task. 5,000
 * rows were the longest steps of a 100,000-card preview (deserialise, JSON.stringify and write: 25-35 ms).
 */
export const PREVIEW_PAGE_ROWS = 2500

/**
 * One preview for the worker. The account's contacts and saved numbers travel as one string each ("+E164\tname"
 * lines): cloning one string is a copy of its bytes, cloning 100,000 objects a stall of the core's event loop.
 */
export interface PreviewJob {
  id: number
  files: PreviewInput[]
  region: Region | null
  contacts: string
  saved: string
  ownPhone: string | null
}

/** A job, or the core asking for job `id`'s next page of rows. */
export type ToPreviewWorker = { type: 'job'; job: PreviewJob } | { type: 'next'; id: number }

export type FromPreviewWorker =
  | { type: 'files'; id: number; files: PreviewFile[]; total: number; pages: number }
  | { type: 'rows'; id: number; page: Uint8Array }
  | { type: 'failed'; id: number; message: string }

/**
 * A built preview. Its pages stay serialised (v8.serialize) until the window asks for one: 100,000 cards make 250,000
 * rows, and as objects on the core's heap every garbage collection walked them (pauses of 150-300 ms on a loaded
 * machine, issue 16); as bytes they cost it nothing.
 */
export interface BuiltPreview {
  files: PreviewFile[]
  total: number
  pages: Uint8Array[]
}

export const serializePage = (rows: PreviewRow[]): Uint8Array => serialize(rows)
export const pageRows = (page: Uint8Array): PreviewRow[] => deserialize(page) as PreviewRow[]

async function lines(map: ReadonlyMap<string, string>, slices: TimeSlices): Promise<string> {
  const out: string[] = []
  for (const [key, name] of map) {
    out.push(`${key}\t${name.replaceAll('\n', ' ')}`)
    if (slices.due) await slices.turn()
  }
  return out.join('\n')
}

function parseLines(text: string): Map<string, string> {
  const map = new Map<string, string>()
  if (text === '') return map
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t')
    map.set(line.slice(0, tab), line.slice(tab + 1))
  }
  return map
}

/** The job's contacts and known numbers as previewRows takes them (in the worker). */
export function knownFromJob(job: PreviewJob): { contacts: Map<string, string>; known: KnownNumbers } {
  return { contacts: parseLines(job.contacts), known: { ownPhone: job.ownPhone, saved: parseLines(job.saved) } }
}

export interface PreviewRequest {
  files: PreviewInput[]
  contacts: readonly Contact[]
  region: Region | null
  known: KnownNumbers
}

/**
 * The job for the worker, its strings made in time slices: the account's 10,000 contacts and their numbers in one
 * go were a 45-51 ms step of the core (CPU profile of the stalls bench's import preview, at every file size).
 */
async function toJob(id: number, request: PreviewRequest): Promise<PreviewJob> {
  const slices = new TimeSlices()
  const names = new Map<string, string>()
  for (const contact of request.contacts) {
    addContactName(names, contact)
    if (slices.due) await slices.turn()
  }
  const contacts = await lines(names, slices)
  return { id, files: request.files, region: request.region, contacts, saved: await lines(request.known.saved, slices), ownPhone: request.known.ownPhone }
}

/** A worker with nothing to do for this long ends (its memory with it); the next preview starts another. */
const IDLE_MS = 30_000

/**
 * Builds previews in one worker thread, one at a time: a 100,000-card file takes seconds to read, which the core's
 * event loop must not spend, and even a 200 KB file stalled it 0.1-0.2 s (issue 12.6). The rows come back a page per
 * message. Where no worker can start (a packaging that cannot load it), the preview is built in-process, so dropping
 * files always works.
 */
export class PreviewWorker {
  private worker: Worker | null = null
  private idle: ReturnType<typeof setTimeout> | null = null
  private nextId = 1
  private queue: Promise<unknown> = Promise.resolve()

  build(request: PreviewRequest): Promise<BuiltPreview> {
    const run = this.queue.then(() => this.runOne(request))
    this.queue = run.catch(() => undefined)
    return run
  }

  private async runOne(request: PreviewRequest): Promise<BuiltPreview> {
    // Next to this module from source (tsx, vitest), else the preview-worker.js entry of out/main.
    const entry = workerEntry(import.meta.url, 'preview-worker')
    if (entry === null) return inProcess(request)
    try {
      return await this.inWorker(entry, await toJob(this.nextId++, request))
    } catch (error) {
      if (error instanceof PreviewFailed) throw error
      return inProcess(request)
    }
  }

  private inWorker(entry: WorkerEntry, job: PreviewJob): Promise<BuiltPreview> {
    if (this.idle !== null) clearTimeout(this.idle)
    const worker = (this.worker ??= this.start(entry))
    return new Promise<BuiltPreview>((resolve, reject) => {
      let built: BuiltPreview | null = null
      let expected = 0
      const done = (finish: () => void): void => {
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
        this.idle = setTimeout(() => this.dispose(), IDLE_MS)
        this.idle.unref()
        finish()
      }
      const onMessage = (message: FromPreviewWorker): void => {
        if (message.id !== job.id) return
        if (message.type === 'failed') done(() => reject(new PreviewFailed(message.message)))
        else if (message.type === 'files') {
          built = { files: message.files, total: message.total, pages: [] }
          expected = message.pages
        } else built?.pages.push(message.page)
        if (built === null) return
        if (built.pages.length === expected) {
          const result = built
          done(() => resolve(result))
        } else if (message.type === 'rows') {
          // The next page after a turn of the event loop: one page deserialised per task.
          setImmediate(() => worker.postMessage({ type: 'next', id: job.id } satisfies ToPreviewWorker))
        }
      }
      const onError = (error: Error): void => {
        this.worker = null
        done(() => reject(error))
      }
      const onExit = (code: number): void => {
        this.worker = null
        done(() => reject(new Error(`preview worker exited with ${code}`)))
      }
      worker.on('message', onMessage)
      worker.once('error', onError)
      worker.once('exit', onExit)
      // Shared memory is shared, not copied; other bytes are cloned (a small Buffer from base64 shares Node's pool,
      // which must not be detached).
      worker.postMessage({ type: 'job', job } satisfies ToPreviewWorker)
    })
  }

  private start(entry: WorkerEntry): Worker {
    const worker = startWorker(entry)
    // Between jobs nobody listens: a worker that fails then is simply replaced by the next preview.
    worker.on('error', () => undefined)
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null
    })
    return worker
  }

  dispose(): void {
    if (this.idle !== null) clearTimeout(this.idle)
    this.idle = null
    const worker = this.worker
    this.worker = null
    void worker?.terminate()
  }
}

/** The worker read the files and failed: reading them in-process would fail the same way. */
class PreviewFailed extends Error {}

function inProcess(request: PreviewRequest): BuiltPreview {
  const table = previewTable(
    request.files.map((f) => readSource(f, request.region)),
    contactNamesOf(request.contacts),
    request.known,
  )
  const pages: Uint8Array[] = []
  for (let i = 0; i < table.total; i += PREVIEW_PAGE_ROWS) pages.push(serializePage(table.rows(i, i + PREVIEW_PAGE_ROWS)))
  return { files: table.files, total: table.total, pages }
}
