/** Scripted behaviours (faults, delays, custom results) and the call log tests assert on. */
import type { Answer, CallContext } from './rpc.js'

export interface Behaviour {
  /** Answer this RPC error, e.g. 'FLOOD_WAIT_5', 'INTERNAL', 'TAKEOUT_INIT_DELAY_3600'. */
  error?: string
  /** The error code; inferred from the message when omitted (420 for FLOOD_WAIT_N, 500 for INTERNAL, ...). */
  code?: number
  /** Wait this long before answering (or failing, or dropping). */
  delayMs?: number
  /** Close the TCP connection instead of answering; GramJS reconnects and resends. */
  drop?: boolean
  /** Answer this instead of running the method. */
  result?: (request: object, ctx: CallContext) => Answer | Promise<Answer>
  /** How many calls this applies to (default 1; Infinity for every call until cancelled). */
  times?: number
  /** Only calls arriving on this DC (default: any). */
  dcId?: number
}

export interface ScriptHandle {
  readonly method: string
  /** Calls still to be affected. */
  readonly remaining: number
  cancel(): void
}

export type CallOutcome =
  | { kind: 'result'; className: string }
  | { kind: 'error'; code: number; message: string }
  | { kind: 'dropped' }
  | { kind: 'pending' }

export interface CallRecord {
  /** 1, 2, 3 ... in arrival order. */
  seq: number
  /** Date.now() on arrival. */
  at: number
  /** The inner method, GramJS class name: 'contacts.GetContacts'. */
  method: string
  /** Wrappers and method: 'InvokeWithLayer>InitConnection>help.GetConfig'. */
  chain: string
  wrappers: string[]
  /** The method's parameters as plain JSON-friendly data (longs as strings, bytes as hex, TL objects with `_`). */
  params: Record<string, unknown>
  /** The signed-in account, if any, when the call arrived. */
  userId: number | undefined
  connectionId: number
  /** The DC the call arrived on. */
  dcId: number
  layer: number | undefined
  takeoutId: string | undefined
  outcome: CallOutcome
}

/** Lower-cased TL name without the wrappers' case differences: 'contacts.getContacts' == 'contacts.GetContacts'. */
export const methodKey = (method: string): string => method.toLowerCase()

interface Entry {
  behaviour: Behaviour
  remaining: number
}

export class Scripts {
  private readonly entries = new Map<string, Entry[]>()

  add(method: string, behaviour: Behaviour): ScriptHandle {
    const key = methodKey(method)
    const entry: Entry = { behaviour, remaining: behaviour.times ?? 1 }
    const list = this.entries.get(key) ?? []
    list.push(entry)
    this.entries.set(key, list)
    return {
      method,
      get remaining() {
        return entry.remaining
      },
      cancel: () => {
        entry.remaining = 0
      },
    }
  }

  /** The behaviour for this call on this DC, consuming one use; first added, first used. */
  take(method: string, dcId: number): Behaviour | undefined {
    const list = this.entries.get(methodKey(method))
    if (list === undefined) return undefined
    while (list.length > 0 && list[0]!.remaining <= 0) list.shift()
    const entry = list.find((candidate) => candidate.remaining > 0 && (candidate.behaviour.dcId === undefined || candidate.behaviour.dcId === dcId))
    if (entry === undefined) return undefined
    entry.remaining -= 1
    return entry.behaviour
  }

  clear(): void {
    this.entries.clear()
  }
}

/** Plain data for the call log: TL objects become `{_: className, ...fields}`. */
export function plainParams(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value
  if (depth > 8) return '…'
  if (Buffer.isBuffer(value)) return value.toString('hex')
  if (Array.isArray(value)) return value.map((item) => plainParams(item, depth + 1))
  const record = value as Record<string, unknown>
  if (typeof record.toJSNumber === 'function' && typeof record.isNegative === 'function') return String(value)
  const out: Record<string, unknown> = {}
  if (typeof record.className === 'string') out._ = record.className
  for (const [key, field] of Object.entries(record)) {
    if (['CONSTRUCTOR_ID', 'SUBCLASS_OF_ID', 'className', 'classType', 'originalArgs', 'query'].includes(key)) continue
    if (field === undefined) continue
    out[key] = plainParams(field, depth + 1)
  }
  return out
}
