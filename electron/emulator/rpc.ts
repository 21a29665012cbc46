/** RPC errors, answers and the context a method handler runs in. */
import type { AuthKeyRecord } from './auth-keys.js'
import { encodeBool, encodeIntVector, encodeVector, type TlSerializable } from './wire.js'

/** Telegram's error code for an error message, so tests can name just the message. */
export function errorCodeFor(message: string): number {
  if (/^(FLOOD_WAIT|FLOOD_PREMIUM_WAIT|SLOWMODE_WAIT|TAKEOUT_INIT_DELAY|2FA_CONFIRM_WAIT)_\d+$/.test(message)) return 420
  if (/^(AUTH_KEY_UNREGISTERED|AUTH_KEY_INVALID|USER_DEACTIVATED|SESSION_REVOKED|SESSION_EXPIRED|SESSION_PASSWORD_NEEDED)$/.test(message)) return 401
  if (/^(TAKEOUT_REQUIRED|USER_PRIVACY_RESTRICTED|CHAT_WRITE_FORBIDDEN)$/.test(message)) return 403
  if (/_MIGRATE_\d+$/.test(message)) return 303
  if (/^(INTERNAL|RPC_CALL_FAIL|RPC_MCGET_FAIL|TIMEOUT|.*_INTERNAL)$/.test(message) || message.startsWith('INTERNAL')) return 500
  return 400
}

/** Thrown by handlers (and scripts) to answer rpc_error. */
export class RpcError extends Error {
  readonly code: number
  constructor(
    readonly errorMessage: string,
    code?: number,
  ) {
    super(`${code ?? errorCodeFor(errorMessage)} ${errorMessage}`)
    this.code = code ?? errorCodeFor(errorMessage)
  }
}

/** A pre-encoded answer for shapes GramJS has no class for (boxed vectors, bools). */
export class RawAnswer implements TlSerializable {
  constructor(
    private readonly bytes: Buffer,
    /** For the call log. */
    readonly className = 'raw',
  ) {}
  getBytes(): Buffer {
    return this.bytes
  }
}

export const vector = (items: readonly TlSerializable[]): RawAnswer => new RawAnswer(encodeVector(items), 'Vector')
export const intVector = (items: readonly number[]): RawAnswer => new RawAnswer(encodeIntVector(items), 'Vector<int>')
export const bool = (value: boolean): RawAnswer => new RawAnswer(encodeBool(value), value ? 'BoolTrue' : 'BoolFalse')

export type Answer = TlSerializable

/** What a handler knows about the call it serves. */
export interface CallContext {
  key: AuthKeyRecord
  /** The signed-in account (handlers that require authorisation always get one). */
  userId: number
  /** Set when the call came wrapped in invokeWithTakeout with the account's valid takeout id. */
  takeoutId: bigint | undefined
  /** Wrapper class names, outermost first (e.g. InvokeWithLayer, InitConnection). */
  wrappers: readonly string[]
  /** Pushes updates to the account's other connections, and to this one. */
  connectionId: number
}
