/** Worker thread entry: reads the dropped files and builds the preview away from the main event loop. */
import { parentPort } from 'node:worker_threads'
import { buildPreview } from '../preview'
import type { PreviewJob, PreviewReply } from './preview-off-thread'

parentPort?.once('message', (job: PreviewJob) => {
  let reply: PreviewReply
  try {
    reply = { ok: true, preview: buildPreview(job.files, job.contacts, job.region, job.known) }
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
  parentPort?.postMessage(reply)
})
