import { connect } from 'node:net'
import type { DialAddress } from './watch'

/**
 * Whether the address accepts a TCP connection within timeoutMs: a SYN and a FIN, no MTProto. While the server is
 * away this is what notices it is back long before the next full reconnect attempt is due.
 */
export function acceptsConnections({ host, port }: DialAddress, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (reachable: boolean): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(reachable)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    timer.unref()
    socket.unref()
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
