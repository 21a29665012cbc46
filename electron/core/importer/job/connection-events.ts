import type { TelegramAccess } from '../../app/context'
import type { EventBus } from '../../router'
import type { JobConnection } from './types'

/**
 * The connection to Telegram as the job needs it. Down from a connection.changed 'offline' until one says
 * 'connected' (its 'connecting' attempts in between included); a first connection ('connecting' with no outage
 * before it) is not an outage. whenOnline also waits for the connection itself (TelegramAccess.whenOnline), which
 * starts the first one, so a request is journalled as sent only once it can go out.
 */
export function connectionFromEvents(events: EventBus, telegram: Pick<TelegramAccess, 'whenOnline'>): JobConnection & { dispose(): void } {
  let down = false
  const waiters = new Set<() => void>()
  const listeners = new Set<() => void>()
  const unsubscribe = events.subscribe((envelope) => {
    if (envelope.event !== 'connection.changed') return
    const { state } = envelope.payload
    const next = state === 'offline' ? true : state === 'connected' ? false : down
    if (next === down) return
    down = next
    for (const listener of [...listeners]) listener()
    if (down) return
    for (const wake of [...waiters]) wake()
  })
  const whenUp = (signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      if (!down || signal.aborted) return resolve()
      const wake = (): void => {
        waiters.delete(wake)
        signal.removeEventListener('abort', wake)
        resolve()
      }
      waiters.add(wake)
      signal.addEventListener('abort', wake, { once: true })
    })
  return {
    online: () => !down,
    whenOnline: async (signal) => {
      await whenUp(signal)
      if (signal.aborted) return
      // Signed out, or cancelled: the request that follows fails with the reason, and the job handles that.
      await telegram.whenOnline(signal).catch(() => undefined)
    },
    onChange: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispose: () => {
      unsubscribe()
      listeners.clear()
      for (const wake of [...waiters]) wake()
    },
  }
}
