import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Contact } from '../../contract'
import type { Region } from '../../phones'
import { buildPreview, type KnownNumbers, type Preview, type PreviewInput } from '../preview'

export interface PreviewJob {
  files: PreviewInput[]
  contacts: Contact[]
  region: Region | null
  known?: KnownNumbers
}

/** Below this many bytes the preview is built in-process. */
export const IN_PROCESS_BYTES = 256 * 1024

export type PreviewReply = { ok: true; preview: Preview } | { ok: false; message: string }

/**
 * Where the worker is: next to this module when running from source (tsx, vitest), or the
 * preview-worker.js entry electron-vite builds into out/main (this code may sit in out/main/chunks).
 */
function workerEntry(): { file: string; source: boolean } | null {
  const here = fileURLToPath(import.meta.url)
  if (here.endsWith('.ts')) return { file: join(dirname(here), 'preview-worker.ts'), source: true }
  for (const dir of [dirname(here), join(dirname(here), '..')]) {
    const file = join(dir, 'preview-worker.js')
    if (existsSync(file)) return { file, source: false }
  }
  return null
}

function startWorker(entry: { file: string; source: boolean }): Worker {
  if (!entry.source) return new Worker(entry.file)
  // From source the worker needs tsx's loader, registered inside the worker before the entry loads.
  const url = JSON.stringify(pathToFileURL(entry.file).href)
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${url}) })`, { eval: true })
}

function inWorker(entry: { file: string; source: boolean }, job: PreviewJob): Promise<PreviewReply> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(entry)
    worker.once('message', (reply: PreviewReply) => {
      resolve(reply)
      void worker.terminate()
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`preview worker exited with ${code}`)))
    // Cloned, not transferred: a small Buffer from base64 shares Node's pool, which must not be detached.
    worker.postMessage(job)
  })
}

/**
 * buildPreview in a worker thread: a 100,000-card file takes a second or two to read, which the main
 * process's event loop must not spend. Where no worker can start (a packaging that cannot load it),
 * the preview is built in-process as before, so dropping files always works.
 */
export async function previewOffThread(job: PreviewJob): Promise<Preview> {
  // Small drops (a few thousand cards) read in well under 50 ms: not worth a thread.
  const bytes = job.files.reduce((n, f) => n + f.bytes.byteLength, 0)
  if (bytes < IN_PROCESS_BYTES) return buildPreview(job.files, job.contacts, job.region, job.known)
  try {
    return await previewInWorker(job)
  } catch {
    return buildPreview(job.files, job.contacts, job.region, job.known)
  }
}

/** The worker path alone: rejects when no worker can run it. */
export async function previewInWorker(job: PreviewJob): Promise<Preview> {
  const entry = workerEntry()
  if (!entry) throw new Error('no preview worker next to this module')
  const reply = await inWorker(entry, job)
  if (!reply.ok) throw new Error(reply.message)
  return reply.preview
}
