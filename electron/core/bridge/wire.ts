import type { EventEnvelope, Result } from '../contract'

/**
 * The bridge's WebSocket messages, JSON one per frame. The browser shim (renderer/src/api/bridge-shim.ts)
 * speaks the same shapes; it keeps its own copy because the web tsconfig does not see electron/core/bridge.
 */
export type BridgeRequest = { id: number | string; method: string; input: unknown }
export type BridgeResponse = { id: number | string; result: Result<unknown> }
export type BridgeEvent = { envelope: EventEnvelope }

/** The WebSocket endpoint path; the token goes in the query (`/api?token=...`). */
export const BRIDGE_API_PATH = '/api'
