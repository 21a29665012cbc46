import type { Contact } from '../../contract'
import { startWorker, workerEntry, type WorkerEntry } from '../../host/worker-thread'
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

function inWorker(entry: WorkerEntry, job: PreviewJob): Promise<PreviewReply> {
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
  // Next to this module from source (tsx, vitest), else the preview-worker.js entry of out/main.
  const entry = workerEntry(import.meta.url, 'preview-worker')
  if (!entry) throw new Error('no preview worker next to this module')
  const reply = await inWorker(entry, job)
  if (!reply.ok) throw new Error(reply.message)
  return reply.preview
}
