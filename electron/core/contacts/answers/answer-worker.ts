/**
 * Worker thread entry (out/main/answer-worker.js): reads the big contact-list answers (see answer-kinds.ts) off the
 * core's event loop and posts them back part by part. Its GramJS objects, and the garbage they make, stay in this
 * thread's heap.
 *
 * A part goes out when the core asks for the next one (answer-decoder.ts), and the part after it is read meanwhile:
 * posted all at once, the parts queued up and the core's event loop took in all of them in one go (Node hands a
 * port's queued messages over in one stretch: 570 ms for 100,000 saved contacts).
 */
import { parentPort } from 'node:worker_threads'
import { applyFastLongReader } from '../../telegram/fast-long-reader'
import { answerParts, type AnswerPart } from './answer-kinds'
import type { FromAnswerWorker, ToAnswerWorker } from './answer-decoder'

applyFastLongReader()

const readings = new Map<number, Iterator<AnswerPart>>()
const ready = new Map<number, AnswerPart>()

const post = (message: FromAnswerWorker): void => parentPort?.postMessage(message)

/** Reads the next part of answer `id` into `ready`. */
function read(id: number): void {
  const parts = readings.get(id)
  if (!parts) return
  try {
    const step = parts.next()
    if (step.done) readings.delete(id)
    else ready.set(id, step.value)
  } catch (error) {
    readings.delete(id)
    post({ id, error: error instanceof Error ? error.message : String(error) })
  }
}

/** Posts the part of answer `id` that is ready, then reads the one after it. */
function send(id: number): void {
  const part = ready.get(id)
  if (!part) return
  ready.delete(id)
  post({ id, part })
  if ('end' in part) readings.delete(id)
  else read(id)
}

parentPort?.on('message', (message: ToAnswerWorker) => {
  if ('next' in message) return send(message.next)
  const { bytes } = message
  readings.set(message.id, answerParts(message.kind, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)))
  read(message.id)
  send(message.id)
})
