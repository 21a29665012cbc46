import type { ErrorEnvelope, EventEnvelope, Result, WindowApi } from '@contract'
import { METHOD_NAMES } from '../../../electron/core/contract/method-names'

/** Mirrors electron/core/bridge/wire.ts (the web tsconfig cannot see it; the bridge tests cover both ends). */
type BridgeResponse = { id: number; result: Result<unknown> }
type BridgeEvent = { envelope: EventEnvelope }

const TOKEN_KEY = 'tg-contacts.bridge-token'
const API_PATH = '/api'
const MAX_RECONNECT_DELAY_MS = 10_000
/** While the core is switched (the demo and back) its successor comes up within seconds on the same port. */
const SWITCH_RECONNECT_DELAY_MS = 250
/**
 * A core that crashed is back on the same port within a second or two (its supervisor restarts it); one that is not
 * back after this long is not coming: the process behind the page is gone.
 */
const BACKEND_GONE_AFTER_MS = 5_000

const failure = (error: ErrorEnvelope): Result<never> => ({ ok: false, error })
/**
 * Not Telegram's fault, so not NETWORK (which the page words as "Can't reach Telegram"). The banner (core.state)
 * says what happened and what to do; this only says that the request was not carried out.
 */
const connectionLost = (): Result<never> =>
  failure({ code: 'INTERNAL', message: 'Not done: the page lost its connection to TG Contacts (see the message at the top).' })

/**
 * The bridge token: from `#token=...` on first load (then moved to sessionStorage and removed from
 * the address bar, so it does not end up in history or screenshots), else from sessionStorage.
 */
export function takeBridgeToken(win: Window): string | null {
  const fromHash = new URLSearchParams(win.location.hash.slice(1)).get('token')
  if (fromHash) {
    win.sessionStorage.setItem(TOKEN_KEY, fromHash)
    win.history.replaceState(null, '', win.location.pathname + win.location.search)
    return fromHash
  }
  return win.sessionStorage.getItem(TOKEN_KEY)
}

function buildApi(call: (method: string, input: unknown) => Promise<Result<unknown>>, onEvent: WindowApi['onEvent']): WindowApi {
  const api: Record<string, unknown> = { onEvent }
  for (const method of METHOD_NAMES) api[method] = (input: unknown) => call(method, input)
  // Built from METHOD_NAMES, which a unit test keeps equal to the contract's methods.
  return api as WindowApi
}

/** `window.api` over the bridge's WebSocket: the same shape the Electron preload exposes. */
export function createBridgeApi(socketUrl: string, Socket: typeof WebSocket = WebSocket): WindowApi {
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const listeners = new Set<(envelope: EventEnvelope) => void>()
  const queue: string[] = []
  let nextId = 1
  let socket: WebSocket | null = null
  let reconnectDelay = 500
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null
  /** The socket was open and closed: the core's process is gone, and a restarted one serves the same port. */
  let lost = false
  /** The core said it makes way for another (core.state 'switching'): its socket closing next is expected. */
  let switching = false
  /** Lost for longer than a restart takes: calls fail at once instead of waiting for a socket. */
  let unreachable = false
  let goneTimer: ReturnType<typeof setTimeout> | null = null
  const emit = (envelope: EventEnvelope): void => {
    for (const listener of listeners) listener(envelope)
  }

  function connect(): WebSocket {
    const ws = new Socket(socketUrl)
    let opened = false
    ws.addEventListener('open', () => {
      opened = true
      reconnectDelay = 500
      for (const message of queue.splice(0)) ws.send(message)
      if (lost) {
        lost = false
        switching = false
        unreachable = false
        if (goneTimer !== null) clearTimeout(goneTimer)
        goneTimer = null
        emit({ event: 'core.state', payload: { state: 'running' } })
      }
    })
    ws.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data !== 'string') return
      let message: Partial<BridgeResponse & BridgeEvent>
      try {
        message = JSON.parse(event.data) as Partial<BridgeResponse & BridgeEvent>
      } catch {
        return
      }
      if (message.envelope) {
        if (message.envelope.event === 'core.state' && message.envelope.payload.state === 'switching') switching = true
        emit(message.envelope)
      } else if (typeof message.id === 'number' && message.result) {
        pending.get(message.id)?.(message.result)
        pending.delete(message.id)
      }
    })
    // A failed connection is followed by 'close', which handles it; without a listener Node's ws would throw.
    ws.addEventListener('error', () => undefined)
    ws.addEventListener('close', () => {
      socket = null
      queue.length = 0
      for (const resolve of pending.values()) resolve(connectionLost())
      pending.clear()
      if (opened && !lost) {
        lost = true
        // A switch was announced already; anything else is the core's process gone.
        if (!switching) emit({ event: 'core.state', payload: { state: 'restarting' } })
        goneTimer = setTimeout(() => {
          goneTimer = null
          if (!lost) return
          unreachable = true
          emit({ event: 'core.state', payload: { state: 'unreachable' } })
        }, BACKEND_GONE_AFTER_MS)
      }
      // Come back by itself (events included) when the app is reachable again.
      reconnectTimer ??= setTimeout(() => {
        reconnectTimer = null
        socket ??= connect()
      }, switching ? SWITCH_RECONNECT_DELAY_MS : reconnectDelay)
      if (!switching) reconnectDelay = Math.min(reconnectDelay * 2, MAX_RECONNECT_DELAY_MS)
    })
    return ws
  }

  socket = connect()

  return buildApi(
    (method, input) =>
      new Promise((resolve) => {
        if (unreachable) return resolve(connectionLost())
        const id = nextId++
        pending.set(id, resolve)
        const message = JSON.stringify({ id, method, input })
        socket ??= connect()
        if (socket.readyState === Socket.OPEN) socket.send(message)
        else queue.push(message)
      }),
    (listener) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  )
}

/** A `window.api` whose every call explains why there is no app behind the page. */
function createNoBridgeApi(): WindowApi {
  const result = failure({
    code: 'FORBIDDEN',
    message: 'This page needs the link printed by `npm run demo -- --web`: it carries the access token.',
  })
  return buildApi(
    async () => result,
    () => () => undefined,
  )
}

/**
 * Installs `window.api` over the browser bridge unless a preload already did (Electron).
 * The renderer's entry calls this before mounting. Returns true when the shim was installed.
 */
export function installBridgeApiIfNeeded(win: Window = window): boolean {
  if ((win as Partial<Window>).api) return false
  const token = takeBridgeToken(win)
  const api = token
    ? createBridgeApi(`ws://${win.location.host}${API_PATH}?token=${encodeURIComponent(token)}`)
    : createNoBridgeApi()
  Object.defineProperty(win, 'api', { value: Object.freeze(api), configurable: false, writable: false })
  return true
}

/**
 * A URL for a file the core serves on the page's own origin (cached profile photos, /photos/…): in a browser the
 * bridge wants its token on it too, since those files are the account's; in Electron (no token) the path as it is.
 */
export function mediaUrl(path: string, win: Window = window): string {
  const token = win.sessionStorage.getItem(TOKEN_KEY)
  return token ? `${path}?token=${encodeURIComponent(token)}` : path
}
