import type { EventBus } from '../../router'
import type { JobConnection } from './types'

/**
 * The connection to Telegram as the core's connection.changed events tell it: online until an event says
 * otherwise, and again once one says 'connected' ('connecting' is not yet online: a send would fail at once).
 */
export function connectionFromEvents(events: EventBus): JobConnection & { dispose(): void } {
  let online = true
  const waiters = new Set<() => void>()
  const unsubscribe = events.subscribe((envelope) => {
    if (envelope.event !== 'connection.changed') return
    online = envelope.payload.state === 'connected'
    if (!online) return
    for (const wake of [...waiters]) wake()
  })
  return {
    online: () => online,
    whenOnline: (signal) =>
      new Promise<void>((resolve) => {
        if (online || signal.aborted) return resolve()
        const wake = (): void => {
          waiters.delete(wake)
          signal.removeEventListener('abort', wake)
          resolve()
        }
        waiters.add(wake)
        signal.addEventListener('abort', wake, { once: true })
      }),
    dispose: () => {
      unsubscribe()
      for (const wake of [...waiters]) wake()
    },
  }
}
