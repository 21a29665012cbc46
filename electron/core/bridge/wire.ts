import type { WireEvent, WireRequest, WireResponse } from '../contract'

/**
 * The bridge's WebSocket messages, JSON one per frame: the contract's wire messages (electron/core/contract/wire.ts),
 * which the browser shim (renderer/src/api/bridge-shim.ts) speaks too.
 */
export type BridgeRequest = WireRequest
export type BridgeResponse = WireResponse
export type BridgeEvent = WireEvent

/** The WebSocket endpoint path; the token goes in the query (`/api?token=...`). */
export const BRIDGE_API_PATH = '/api'
