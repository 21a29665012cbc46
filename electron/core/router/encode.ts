import type { ErrorEnvelope, Result } from '../contract'

/** What a caller sees when its answer cannot be sent (see encodeAnswer). */
export const UNSENDABLE: ErrorEnvelope = {
  code: 'INTERNAL',
  message: 'The answer was too large to send to the window. Try again with less at once (fewer or smaller files).',
}

/**
 * JSON for one answer on a transport (bridge WebSocket, a port to the core process). JSON.stringify
 * throws on an answer too large for one string (V8's "Invalid string length") or one that is not
 * JSON at all; in a send path that throw would end the process, so the caller gets UNSENDABLE instead.
 * `wrap` builds the transport's message around a result.
 */
export function encodeAnswer(result: Result<unknown>, wrap: (result: Result<unknown>) => unknown): string {
  try {
    return JSON.stringify(wrap(result))
  } catch {
    return JSON.stringify(wrap({ ok: false, error: UNSENDABLE }))
  }
}

/** JSON for a message that may be dropped (an event), or null when it cannot be encoded. */
export function encodeOrNull(message: unknown): string | null {
  try {
    return JSON.stringify(message)
  } catch {
    return null
  }
}
