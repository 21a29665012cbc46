import type { EventEnvelope } from './events'
import type { Result } from './errors'

/**
 * The messages between a window and the core, whichever carries them: the MessagePort main hands the Electron
 * renderer, the browser bridge's WebSocket (JSON, one per frame), or the core host's control channel. The window
 * sends requests; the core answers each by its id and pushes events.
 */
export type WireRequest = { id: number | string; method: string; input: unknown }
export type WireResponse = { id: number | string; result: Result<unknown> }
export type WireEvent = { envelope: EventEnvelope }
export type WireMessage = WireResponse | WireEvent
