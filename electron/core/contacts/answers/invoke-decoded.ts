import type { Api, TelegramClient } from 'telegram'
import type { BinaryReader } from 'telegram/extensions/BinaryReader.js'
import { invokeBulk, REQUEST_TIMEOUT_MS } from '../../telegram/invoke'
import type { AnswerReader } from './answer-decoder'
import type { AnswerKind, DecodedAnswers } from './answer-kinds'

/**
 * What the request resolves to inside GramJS: the records, handed out once. GramJS's send loop keeps the last batch
 * it sent, and with it each request's state and what its promise resolved to, until it sends the next batch: the
 * records themselves stayed alive after the call (a refresh's 100,000 statuses, 200,000 objects and 16 MB on the
 * core's heap that every GC walked, until the next request went out).
 */
class HandedOnce<T> {
  private held: { value: T } | null

  constructor(value: T) {
    this.held = { value }
  }

  take(): T {
    const held = this.held
    if (held === null) throw new Error('the answer was taken already')
    this.held = null
    return held.value
  }
}

/**
 * Sends `request` (through invokeBulk) and reads its answer with `decoder` instead of GramJS's readResult: the bytes
 * of the result go to the decoder as they are, and the call resolves to the plain records (GramJS awaits what
 * readResult returns). `request` may wrap the one whose answer it is (invokeWithTakeout answers with its query's).
 */
export async function invokeDecoded<K extends AnswerKind>(
  client: TelegramClient,
  request: Api.AnyRequest,
  kind: K,
  decoder: AnswerReader,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<DecodedAnswers[K]> {
  const decoded = Object.create(request, {
    readResult: { value: (reader: BinaryReader) => decoder.decode(kind, reader.read()).then((records) => new HandedOnce(records)) },
  }) as Api.AnyRequest
  const answer = (await invokeBulk(client, decoded, timeoutMs)) as HandedOnce<DecodedAnswers[K]>
  return answer.take()
}
