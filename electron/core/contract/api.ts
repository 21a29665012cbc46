import type { EventEnvelope, EventName, EventPayload } from './events'
import type { MethodInput, MethodName, MethodOutput } from './methods'
import type { Result } from './errors'

/**
 * The shape of `window.api`, identical in Electron (preload) and in a plain browser (bridge shim):
 * one function per method, each resolving to a Result (errors are data), and one event subscription.
 */
export type WindowApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>> } & {
  onEvent: (listener: (envelope: EventEnvelope) => void) => () => void
}

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void
