import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { ErrorEnvelope, EventEnvelope, Result } from '../core/contract'
import type { WireMessage, WireRequest } from '../core/contract/wire'
import { METHOD_NAMES } from '../core/contract/method-names'
import { IPC_CONNECT_CHANNEL, IPC_CORE_STATE_CHANNEL, IPC_PORT_CHANNEL } from '../core/app/ipc-channels'

// Sandboxed preload: one CommonJS bundle that requires only 'electron'. The method list is a plain constant (no
// zod here); the core validates every input anyway. Calls and events go over a MessagePort straight to the core's
// process, which main hands this page (and only the app's own main frame) on request and again after a restart.

type CoreState = 'restarting' | 'switching' | 'running' | 'stopped'

/** The page's end of the channel (a DOM MessagePort; the node tsconfig has no DOM types). */
interface CorePort {
  onmessage: ((event: { data: unknown }) => void) | null
  postMessage(message: unknown): void
  start(): void
  close(): void
}

const STOPPED: ErrorEnvelope = {
  code: 'INTERNAL',
  message: "TG Contacts' background process stopped during this request. It restarts by itself; try again in a moment.",
}

let port: CorePort | null = null
let state: CoreState = 'running'
let nextId = 1
const pending = new Map<number, (result: Result<unknown>) => void>()
/** Calls made before the first port (or during a restart) arrived. */
const waiting: WireRequest[] = []
const listeners = new Set<(envelope: EventEnvelope) => void>()

const emit = (envelope: EventEnvelope): void => {
  for (const listener of listeners) listener(envelope)
}

/** The core behind the port is going (it stopped, or it makes way for another): a new port comes with the next one. */
function leave(next: Exclude<CoreState, 'running'>): void {
  if (state === next) return
  state = next
  // The old port leads nowhere now: what was asked on it is answered, calls from now on wait for the new port.
  port?.close()
  port = null
  for (const resolve of pending.values()) resolve({ ok: false, error: STOPPED })
  pending.clear()
  emit({ event: 'core.state', payload: { state } })
}

function receive(event: { data: unknown }): void {
  const message = event.data as Partial<WireMessage> | null
  if (message === null || typeof message !== 'object') return
  if ('envelope' in message && message.envelope) {
    // The core says it makes way for another (Try the demo / Back to sign-in); main's word on it may come later.
    if (message.envelope.event === 'core.state' && message.envelope.payload.state === 'switching') leave('switching')
    else emit(message.envelope)
  } else if ('id' in message && typeof message.id === 'number' && message.result) {
    pending.get(message.id)?.(message.result)
    pending.delete(message.id)
  }
}

function attach(next: CorePort): void {
  port?.close()
  port = next
  port.onmessage = receive
  port.start()
  for (const request of waiting.splice(0)) port.postMessage(request)
  if (state !== 'running') {
    state = 'running'
    emit({ event: 'core.state', payload: { state } })
  }
}

ipcRenderer.on(IPC_PORT_CHANNEL, (event: IpcRendererEvent) => {
  const [next] = event.ports as unknown as CorePort[]
  if (next) attach(next)
})

ipcRenderer.on(IPC_CORE_STATE_CHANNEL, (_event: IpcRendererEvent, next: unknown) => {
  if (next === 'restarting' || next === 'switching' || next === 'stopped') leave(next)
})

function call(method: string, input: unknown): Promise<Result<unknown>> {
  if (state === 'stopped') return Promise.resolve({ ok: false, error: STOPPED })
  return new Promise((resolve) => {
    const request: WireRequest = { id: nextId++, method, input }
    pending.set(request.id as number, resolve)
    if (port) port.postMessage(request)
    else waiting.push(request)
  })
}

const api: Record<string, unknown> = {
  onEvent(listener: (envelope: EventEnvelope) => void): () => void {
    // Only the envelope reaches the page: no port, no IpcRendererEvent (with its sender).
    const forward = (envelope: EventEnvelope): void => listener(envelope)
    listeners.add(forward)
    return () => {
      listeners.delete(forward)
    }
  },
}
for (const method of METHOD_NAMES) api[method] = (input: unknown) => call(method, input)

contextBridge.exposeInMainWorld('api', api)
ipcRenderer.send(IPC_CONNECT_CHANNEL)
