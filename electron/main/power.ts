import { powerMonitor } from 'electron'

/**
 * After a sleep the network may have changed under the core's connection, which may look open but be dead: the
 * core checks it (or reconnects) at once instead of waiting for its own probe or backoff.
 */
export function retryConnectionOnResume(core: { call(method: 'connection.retry', input: Record<string, never>): Promise<unknown> }): void {
  powerMonitor.on('resume', () => void core.call('connection.retry', {}))
}
