import type { Api, TelegramClient } from 'telegram'
import type { BinaryReader } from 'telegram/extensions/BinaryReader.js'
import { invokeBulk, REQUEST_TIMEOUT_MS } from '../../telegram/invoke'
import type { AnswerReader } from './answer-decoder'
import type { AnswerKind, DecodedAnswers } from './answer-kinds'

/**
 * Sends `request` (through invokeBulk) and reads its answer with `decoder` instead of GramJS's readResult: the bytes
 * of the result go to the decoder as they are, and the call resolves to the plain records (GramJS awaits what
 * readResult returns). `request` may wrap the one whose answer it is (invokeWithTakeout answers with its query's).
 */
export function invokeDecoded<K extends AnswerKind>(
  client: TelegramClient,
  request: Api.AnyRequest,
  kind: K,
  decoder: AnswerReader,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<DecodedAnswers[K]> {
  const decoded = Object.create(request, {
    readResult: { value: (reader: BinaryReader) => decoder.decode(kind, reader.read()) },
  }) as Api.AnyRequest
  return invokeBulk(client, decoded, timeoutMs) as Promise<DecodedAnswers[K]>
}
