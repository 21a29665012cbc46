import type { ErrorEnvelope, EventEnvelope, EventName, EventPayload, MethodInput, MethodName, MethodOutput, WindowApi } from '@contract'

/** A failed call, carrying the envelope the core sent (code, message, details). */
export class ApiError extends Error {
  readonly envelope: ErrorEnvelope
  constructor(envelope: ErrorEnvelope) {
    super(envelope.message)
    this.name = 'ApiError'
    this.envelope = envelope
  }
  get code(): ErrorEnvelope['code'] {
    return this.envelope.code
  }
}

export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** The renderer's only door to the core: typed calls over whatever `window.api` is (preload or bridge shim). */
export function createApiClient(api: WindowApi): ApiClient {
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  api.onEvent((envelope: EventEnvelope) => {
    for (const listener of listeners.get(envelope.event) ?? []) listener(envelope.payload as never)
  })
  return {
    async call(method, input) {
      const fn = api[method] as (input: unknown) => ReturnType<WindowApi[typeof method]>
      const result = await fn(input)
      if (!result.ok) throw new ApiError(result.error)
      return result.value as MethodOutput<typeof method>
    },
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener as (payload: never) => void)
      return () => set.delete(listener as (payload: never) => void)
    },
  }
}
