import type { ErrorEnvelope, Result, WireMessage, WireRequest } from '../contract'
import type { EventSink } from './event-bus'
import type { Router } from './router'

/** What a transport serves: the router, and the events to push. */
export interface CoreEndpoint {
  readonly router: Router
  readonly events: { subscribe(sink: EventSink): () => void }
}

/** One window's link to the core, as its transport (MessagePort, WebSocket, IPC channel) carries messages. */
export interface Connection {
  /** Sends one message; may throw when it cannot (too large to encode, not cloneable, already closed). */
  send(message: WireMessage): void
}

export interface ServedConnection {
  /** Hand every incoming message here; false when it is not a request (the peer does not speak the protocol). */
  receive(message: unknown): boolean
  /** The transport closed: no more events, late answers are dropped. */
  close(): void
}

export function isWireRequest(value: unknown): value is WireRequest {
  if (typeof value !== 'object' || value === null) return false
  const { id, method } = value as Record<string, unknown>
  return (typeof id === 'number' || typeof id === 'string') && typeof method === 'string'
}

/** What a caller sees when its answer cannot be sent. */
export const UNSENDABLE: ErrorEnvelope = {
  code: 'INTERNAL',
  message: 'The answer was too large to send to the window. Try again with less at once (fewer or smaller files).',
}

/**
 * The router and the events over one connection: each request dispatched and answered by its id, each core event
 * pushed. An answer that cannot be sent (JSON.stringify's "Invalid string length" over V8's string limit, a
 * DataCloneError on a port) is answered with UNSENDABLE in its place, so no window waits for ever and no throw in a
 * send path ends the core's process; an event that cannot be sent is dropped.
 */
export function serveConnection(core: CoreEndpoint, connection: Connection): ServedConnection {
  let open = true
  const send = (message: WireMessage): boolean => {
    if (!open) return true
    try {
      connection.send(message)
      return true
    } catch {
      return false
    }
  }
  const unsubscribe = core.events.subscribe((envelope) => void send({ envelope }))
  return {
    receive(message) {
      if (!isWireRequest(message)) return false
      const { id } = message
      void core.router
        .dispatch(message.method, message.input)
        .catch((): Result<never> => ({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside the app. Please try again.' } }))
        .then((result) => {
          if (!send({ id, result })) send({ id, result: { ok: false, error: UNSENDABLE } })
        })
      return true
    },
    close() {
      open = false
      unsubscribe()
    },
  }
}
