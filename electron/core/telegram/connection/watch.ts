import type { Socket } from 'node:net'
import type { TelegramClient } from 'telegram'
import type { ConnectionTCPFull } from 'telegram/network/connection/TCPFull.js'
import type { AppError } from '../../contract'

export type ConnectionClass = typeof ConnectionTCPFull

export interface DialAddress {
  host: string
  port: number
}

const watches = new WeakMap<TelegramClient, ConnectionWatch>()

/** The watch a client was built with (see client-factory.ts), or undefined for a client the app did not build. */
export function watchOf(client: TelegramClient): ConnectionWatch | undefined {
  return watches.get(client)
}

/**
 * What the app knows about one GramJS client's connection, seen from inside GramJS's connection class (which GramJS
 * instantiates anew for each socket): when bytes last arrived, which address it dialled and whether the dial failed,
 * when a socket closed without the app asking; and the calls in flight on it, which cut() fails at once.
 *
 * retire() closes every socket and makes every later dial fail: GramJS's own reconnect re-dials even after destroy()
 * (MTProtoSender.reconnect schedules _reconnect a second later regardless), which would revive a client the app has
 * already replaced.
 */
export class ConnectionWatch {
  /** When bytes last arrived on any of the client's sockets (epoch ms; 0 before the first). */
  lastReceivedAt = 0
  /** The address last dialled, for the reachability check while offline. */
  address: DialAddress | null = null
  /** Whether a dial reached the server (a socket opened) at least once. */
  reached = false
  private retired = false
  private cutError: AppError | null = null
  private readonly sockets = new Set<Socket>()
  private readonly inFlight = new Set<(error: AppError) => void>()
  private closedListener: (() => void) | null = null
  private suspectListener: (() => void) | null = null

  constructor(private readonly now: () => number = Date.now) {}

  private client: TelegramClient | null = null

  /** Ties the watch to the client built with its connection class, so invoke() finds it. */
  attach(client: TelegramClient): void {
    this.client = client
    watches.set(client, this)
  }

  /** Called when a socket of this client closes without retire() (the server went away, the network dropped). */
  onClosed(listener: (() => void) | null): void {
    this.closedListener = listener
  }

  /** Called when a call failed in a way that may mean the connection is dead. */
  onSuspect(listener: (() => void) | null): void {
    this.suspectListener = listener
  }

  get isCut(): boolean {
    return this.cutError !== null
  }

  /** Fails every call in flight with the error; later calls fail at once (see invoke.ts). */
  cut(error: AppError): void {
    this.cutError ??= error
    for (const fail of this.inFlight) fail(error)
    this.inFlight.clear()
  }

  /** The call, failing early when the watch is cut. */
  guard<T>(call: Promise<T>): Promise<T> {
    if (this.cutError) return Promise.reject(this.cutError)
    let fail: (error: AppError) => void = () => undefined
    const cut = new Promise<never>((_, reject) => {
      fail = reject
    })
    this.inFlight.add(fail)
    return Promise.race([call, cut]).finally(() => this.inFlight.delete(fail))
  }

  suspect(): void {
    this.suspectListener?.()
  }

  /** No socket of this client opens again; open ones close now. */
  retire(): void {
    this.retired = true
    this.closedListener = null
    this.suspectListener = null
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
  }

  /** The class GramJS is given as `connection`: the base transport, observed by this watch. */
  connectionClass(base: ConnectionClass): ConnectionClass {
    const retired = (): boolean => this.retired
    // Only the connection to the account's own DC is the client's connection; GramJS opens and closes others (a
    // photo on another DC) as it needs them.
    const isMain = (dcId: number): boolean => this.client === null || this.client.session.dcId === dcId
    const dialling = (address: DialAddress, socket: Socket | undefined): void => {
      this.address = address
      if (socket) this.track(socket)
    }
    const reached = (): void => {
      this.reached = true
      this.received()
    }
    return class WatchedConnection extends base {
      override async connect(): Promise<void> {
        if (retired()) throw new Error('Not connected: this client was replaced')
        const main = isMain(this._dcId)
        const connecting = super.connect()
        // PromisedNetSockets creates its net.Socket synchronously inside connect(); track it from the dial on, so a
        // retire() also ends a dial that hangs (an unreachable address answers nothing).
        if (main) dialling({ host: this._ip, port: this._port }, (this.socket as unknown as { client?: Socket }).client)
        await connecting
        if (main) reached()
      }
    }
  }

  private track(socket: Socket): void {
    if (this.retired) {
      socket.destroy()
      return
    }
    this.sockets.add(socket)
    let opened = false
    socket.once('connect', () => {
      opened = true
    })
    socket.on('data', () => this.received())
    socket.on('close', () => {
      this.sockets.delete(socket)
      // A dial that failed is the attempt's business (it rejects); only an open socket going away is a loss.
      if (opened && !this.retired) this.closedListener?.()
    })
  }

  private received(): void {
    this.lastReceivedAt = this.now()
  }
}
