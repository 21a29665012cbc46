import { beforeAll, describe, expect, it, vi } from 'vitest'
import { methodNames } from '@contract'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../electron/core/app/ipc-channels'

type Listener = (event: unknown, payload: unknown) => void

const electron = vi.hoisted(() => {
  const exposed = new Map<string, Record<string, unknown>>()
  const listeners = new Map<string, Set<Listener>>()
  return {
    exposed,
    listeners,
    contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: vi.fn(async (_channel: string, _payload: unknown) => ({ ok: true, value: null })),
      on: (channel: string, listener: Listener) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set())
        listeners.get(channel)?.add(listener)
      },
      removeListener: (channel: string, listener: Listener) => listeners.get(channel)?.delete(listener),
    },
  }
})

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }))

let api: Record<string, unknown>
beforeAll(async () => {
  await import('../../../electron/preload/index')
  api = electron.exposed.get('api') ?? {}
})

describe('the preload', () => {
  it('exposes exactly one function per contract method, plus onEvent', () => {
    expect(Object.keys(api).sort()).toEqual([...methodNames, 'onEvent'].sort())
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
  })

  it('invokes the one channel with {method, input}', async () => {
    const signIn = api['auth.signIn'] as (input: unknown) => Promise<unknown>
    await signIn({ code: '12345' })
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_INVOKE_CHANNEL, { method: 'auth.signIn', input: { code: '12345' } })
  })

  it('hands listeners the envelope only, never the IpcRendererEvent, and unsubscribes', () => {
    const onEvent = api.onEvent as (listener: (envelope: unknown) => void) => () => void
    const received: unknown[][] = []
    const unsubscribe = onEvent((...args: unknown[]) => received.push(args))
    const envelope = { event: 'requests.changed', payload: { count: 1 } }
    const ipcEvent = { sender: { send: () => undefined }, ports: [] }
    for (const listener of electron.listeners.get(IPC_EVENT_CHANNEL) ?? []) listener(ipcEvent, envelope)
    expect(received).toEqual([[envelope]])
    unsubscribe()
    expect(electron.listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0)
  })
})
