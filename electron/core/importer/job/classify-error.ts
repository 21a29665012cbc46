import { errors } from 'telegram'
import { AppError } from '../../contract'

/** What the job does about a failed request. */
export type SendFailure =
  | { kind: 'flood'; seconds: number; reason: string }
  /** Telegram refused the request itself (400): one contact in it may be bad, so the batch is split. */
  | { kind: 'rejected'; reason: string }
  | { kind: 'unauthorized'; reason: string }
  /** Network or server trouble: the same batch is tried again after a pause. */
  | { kind: 'transient'; reason: string }

const WAIT_RE = /^(?:FLOOD_WAIT|FLOOD_PREMIUM_WAIT|FLOOD_TEST_PHONE_WAIT)_(\d+)$/

export function classifySendError(error: unknown): SendFailure {
  if (error instanceof AppError) {
    const { code, seconds, rpcError, message } = error.envelope
    if (code === 'FLOOD_WAIT') return { kind: 'flood', seconds: seconds ?? 1, reason: `FLOOD_WAIT_${seconds ?? 1}` }
    if (code === 'NOT_AUTHORIZED') return { kind: 'unauthorized', reason: message }
    if (code === 'INVALID_INPUT') return { kind: 'rejected', reason: rpcError ?? message }
    return { kind: 'transient', reason: rpcError ?? message }
  }
  if (error instanceof errors.FloodWaitError || error instanceof errors.FloodTestPhoneWaitError) {
    return { kind: 'flood', seconds: error.seconds, reason: error.errorMessage }
  }
  if (error instanceof errors.RPCError) {
    const name = error.errorMessage
    const wait = WAIT_RE.exec(name)
    if (wait) return { kind: 'flood', seconds: Number(wait[1]), reason: name }
    if (error.code === 401) return { kind: 'unauthorized', reason: name }
    if (error.code === 400) return { kind: 'rejected', reason: name }
    return { kind: 'transient', reason: name }
  }
  return { kind: 'transient', reason: error instanceof Error ? error.message : String(error) }
}
