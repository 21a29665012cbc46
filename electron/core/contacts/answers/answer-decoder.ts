import type { Worker } from 'node:worker_threads'
import { TimeSlices } from '../../app/time-slices'
import { startWorker, workerEntry } from '../../host/worker-thread'
import { AnswerAssembly, answerParts, type AnswerKind, type AnswerPart, type DecodedAnswers } from './answer-kinds'

/** An answer to read, or a request for the next part of one (the worker sends a part only when asked). */
export type ToAnswerWorker = { id: number; kind: AnswerKind; bytes: Uint8Array } | { next: number }

export type FromAnswerWorker = { id: number; part: AnswerPart } | { id: number; error: string }

/** Answers smaller than this are read at once on the core's thread (a few ms): no thread hop. */
export const OFF_THREAD_FROM = 64 * 1024
/** A worker with nothing to read for this long ends (its GramJS costs some 50 MB); the next big answer starts one. */
const IDLE_MS = 30_000

interface Pending {
  kind: AnswerKind
  bytes: Buffer
  assembly: AnswerAssembly<AnswerKind>
  /** The next part is asked for at once while the slice lasts, else after the event loop had a turn. */
  slices: TimeSlices
  resolve(value: unknown): void
  reject(error: Error): void
}

/** A Buffer that crossed from a worker arrives as a plain Uint8Array: the photos' thumbnails become Buffers again. */
function buffersAgain(part: AnswerPart): AnswerPart {
  if (!('list' in part) || part.list !== 'users') return part
  for (const { photo } of part.items) {
    const stripped: Uint8Array | null | undefined = photo?.stripped
    if (photo && stripped) photo.stripped = Buffer.from(stripped.buffer, stripped.byteOffset, stripped.byteLength)
  }
  return part
}

/** Reads an answer's TL bytes into its plain records. */
export interface AnswerReader {
  decode<K extends AnswerKind>(kind: K, bytes: Buffer): Promise<DecodedAnswers[K]>
}

/**
 * On this thread, part by part, the event loop running between parts once a slice is used up: for answers whose
 * entries are cheap to read (a takeout's saved contacts), where a worker's start (some 600 ms of CPU to load GramJS)
 * and the copies between threads cost more than reading them here.
 */
export const readInSlices: AnswerReader = { decode: (kind, bytes) => readHere(kind, bytes) }

/**
 * Entries read on this thread between two looks at the clock: a part of PART_SIZE was one step of 50 ms of CPU
 * (100,000 saved contacts in an export's takeout, the first part read while GramJS's reading code was still cold).
 */
const HERE_PART_SIZE = 100

/** On this thread, part by part, the event loop running between parts once a slice is used up. */
async function readHere<K extends AnswerKind>(kind: K, bytes: Buffer): Promise<DecodedAnswers[K]> {
  const assembly = new AnswerAssembly(kind)
  const slices = new TimeSlices()
  for (const part of answerParts(kind, bytes, HERE_PART_SIZE)) {
    assembly.add(part)
    await slices.turn()
  }
  return assembly.result()
}

/**
 * Reads the big contact-list answers into plain records (answer-kinds.ts) in a worker thread, so that neither GramJS's
 * TL decoding of 100,000 users nor its garbage holds the core's event loop; the parts come back a few thousand entries
 * at a time. Where no worker can run (a packaging that cannot load it) or one dies mid-answer, the answer is read on
 * the core's thread in time slices instead: slower, never lost.
 */
export class AnswerDecoder implements AnswerReader {
  private worker: Worker | null = null
  /** Set when a worker could not start or died before it read anything: this process reads on its own thread. */
  private unavailable = false
  private answered = false
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private idleTimer: NodeJS.Timeout | null = null

  decode<K extends AnswerKind>(kind: K, bytes: Buffer): Promise<DecodedAnswers[K]> {
    const worker = bytes.length < OFF_THREAD_FROM || this.unavailable ? null : this.start()
    if (!worker) return readHere(kind, bytes)
    return new Promise<DecodedAnswers[K]>((resolve, reject) => {
      const id = this.nextId++
      this.pending.set(id, { kind, bytes, assembly: new AnswerAssembly(kind), slices: new TimeSlices(), resolve: resolve as (value: unknown) => void, reject })
      this.armIdle()
      // Bytes in shared memory (a big inflated answer, see big-answers.ts) are read by the worker where they are;
      // others are copied for it to own: `bytes` may be a view into a larger buffer, and is kept in case it dies.
      if (bytes.buffer instanceof SharedArrayBuffer) {
        worker.postMessage({ id, kind, bytes } satisfies ToAnswerWorker)
      } else {
        const own = new Uint8Array(bytes)
        worker.postMessage({ id, kind, bytes: own } satisfies ToAnswerWorker, [own.buffer])
      }
    })
  }

  async dispose(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    const worker = this.worker
    this.worker = null
    for (const pending of this.pending.values()) pending.reject(new Error('the core is closing'))
    this.pending.clear()
    await worker?.terminate()
  }

  private start(): Worker | null {
    if (this.worker) return this.worker
    const entry = workerEntry(import.meta.url, 'answer-worker')
    let worker: Worker
    try {
      if (!entry) throw new Error('no answer-worker entry')
      worker = startWorker(entry)
    } catch {
      this.unavailable = true
      return null
    }
    this.answered = false
    // Reading an answer never keeps the process alive by itself.
    worker.unref()
    worker.on('message', (message: FromAnswerWorker) => this.onMessage(worker, message))
    worker.on('error', () => this.lost(worker))
    worker.on('exit', () => this.lost(worker))
    this.worker = worker
    return worker
  }

  private onMessage(worker: Worker, message: FromAnswerWorker): void {
    const pending = this.pending.get(message.id)
    if (!pending) return
    this.answered = true
    if ('error' in message) {
      this.pending.delete(message.id)
      pending.reject(new Error(message.error))
      return
    }
    pending.assembly.add(buffersAgain(message.part))
    if (!pending.assembly.complete) {
      const next = { next: message.id } satisfies ToAnswerWorker
      void pending.slices.turn().then(() => this.worker === worker && worker.postMessage(next))
      return
    }
    this.pending.delete(message.id)
    this.armIdle()
    try {
      pending.resolve(pending.assembly.result())
    } catch (error) {
      pending.reject(error instanceof Error ? error : new Error(String(error)))
    }
  }

  /** The worker died (or never loaded): what it was reading is read here. */
  private lost(worker: Worker): void {
    if (this.worker !== worker) return
    this.worker = null
    if (!this.answered) this.unavailable = true
    const pending = [...this.pending.values()]
    this.pending.clear()
    for (const p of pending) readHere(p.kind, p.bytes).then(p.resolve, p.reject)
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null
      if (this.pending.size > 0) return this.armIdle()
      const worker = this.worker
      this.worker = null
      void worker?.terminate()
    }, IDLE_MS)
    this.idleTimer.unref()
  }
}
