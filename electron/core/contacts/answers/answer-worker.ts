/**
 * Worker thread entry (out/main/answer-worker.js): reads the big contact-list answers (see answer-kinds.ts) off the
 * core's event loop and posts them back part by part. Its GramJS objects, and the garbage they make, stay in this
 * thread's heap.
 */
import { parentPort } from 'node:worker_threads'
import { applyFastLongReader } from '../../telegram/fast-long-reader'
import { answerParts } from './answer-kinds'
import type { FromAnswerWorker, ToAnswerWorker } from './answer-decoder'

applyFastLongReader()

parentPort?.on('message', ({ id, kind, bytes }: ToAnswerWorker) => {
  const port = parentPort
  if (!port) return
  try {
    for (const part of answerParts(kind, Buffer.from(bytes))) port.postMessage({ id, part } satisfies FromAnswerWorker)
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies FromAnswerWorker)
  }
})
