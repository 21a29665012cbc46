import { beforeAll, describe, expect, it, vi } from 'vitest'
import { methodNames } from '@contract'
import { IPC_CONNECT_CHANNEL, IPC_CORE_STATE_CHANNEL, IPC_PORT_CHANNEL } from '../../../electron/core/app/ipc-channels'

type Listener = (event: unknown, payload?: unknown) => void

/** The page's end of a MessageChannel, as far as the preload uses it; `posted` is what it sent to the core. */
class FakePort {
  readonly posted: unknown[] = []
  onmessage: ((event: { data: unknown }) => void) | null = null
  started = false
  closed = false
  postMessage(message: unknown) {
    this.posted.push(message)
  }
  start() {
    this.started = true
  }
  close() {
    this.closed = true
  }
  /** The core answers or pushes on this port. */
  deliver(data: unknown) {
    this.onmessage?.({ data })
  }
}

const electron = vi.hoisted(() => {
  const exposed = new Map<string, Record<string, unknown>>()
  const listeners = new Map<string, Listener[]>()
  const sent: unknown[][] = []
  return {
    exposed,
    listeners,
    sent,
    contextBridge: { exposeInMainWorld: (key: string, value: Record<string, unknown>) => exposed.set(key, value) },
    ipcRenderer: {
      on: (channel: string, listener: Listener) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
      send: (...args: unknown[]) => void sent.push(args),
    },
  }
})

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }))

let api: Record<string, unknown>
beforeAll(async () => {
  await import('../../../electron/preload/index')
  api = electron.exposed.get('api') ?? {}
})

const fromMain = (channel: string, event: unknown, payload?: unknown) => {
  for (const listener of electron.listeners.get(channel) ?? []) listener(event, payload)
}
const call = (method: string, input: unknown) => (api[method] as (input: unknown) => Promise<unknown>)(input)
const events: unknown[][] = []

describe('the preload', () => {
  it('exposes exactly one function per contract method, plus onEvent', () => {
    expect(Object.keys(api).sort()).toEqual([...methodNames, 'onEvent'].sort())
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
  })

  it('asks main for a port to the core as the page loads', () => {
    expect(electron.sent).toEqual([[IPC_CONNECT_CHANNEL]])
  })

  it('holds calls until the port arrives, then sends {id, method, input} on it and resolves each answer by id', async () => {
    ;(api.onEvent as (listener: (...args: unknown[]) => void) => () => void)((...args) => events.push(args))
    const status = call('auth.status', {})
    const signIn = call('auth.signIn', { code: '12345' })
    const port = new FakePort()
    fromMain(IPC_PORT_CHANNEL, { ports: [port], sender: {} })
    expect(port.started).toBe(true)
    expect(port.posted).toEqual([
      { id: 1, method: 'auth.status', input: {} },
      { id: 2, method: 'auth.signIn', input: { code: '12345' } },
    ])
    port.deliver({ id: 2, result: { ok: false, error: { code: 'TELEGRAM', message: 'Wrong code' } } })
    port.deliver({ id: 1, result: { ok: true, value: { state: 'signedOut' } } })
    await expect(status).resolves.toEqual({ ok: true, value: { state: 'signedOut' } })
    await expect(signIn).resolves.toEqual({ ok: false, error: { code: 'TELEGRAM', message: 'Wrong code' } })
  })

  it('hands listeners the envelope only, never the port or an IPC event', () => {
    events.length = 0
    const port = new FakePort()
    fromMain(IPC_PORT_CHANNEL, { ports: [port] })
    const envelope = { event: 'requests.changed', payload: { count: 1 } }
    port.deliver({ envelope })
    expect(events).toEqual([[envelope]])
  })

  it('answers calls in flight when the core process stopped, says so, and goes on over the new port', async () => {
    events.length = 0
    const old = new FakePort()
    fromMain(IPC_PORT_CHANNEL, { ports: [old] })
    const inFlight = call('contacts.list', {})
    fromMain(IPC_CORE_STATE_CHANNEL, {}, 'restarting')
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('background process stopped') } })
    expect(old.closed).toBe(true)
    const waiting = call('contacts.list', {})
    const next = new FakePort()
    fromMain(IPC_PORT_CHANNEL, { ports: [next] })
    expect(events).toEqual([[{ event: 'core.state', payload: { state: 'restarting' } }], [{ event: 'core.state', payload: { state: 'running' } }]])
    const sent = next.posted.at(-1) as { id: number; method: string }
    expect(sent.method).toBe('contacts.list')
    next.deliver({ id: sent.id, result: { ok: true, value: 'list' } })
    await expect(waiting).resolves.toEqual({ ok: true, value: 'list' })
  })

  it("leaves a core that says it makes way for another (Try the demo): calls wait for the next core's port, main's word on it changes nothing", async () => {
    events.length = 0
    const old = new FakePort()
    fromMain(IPC_PORT_CHANNEL, { ports: [old] })
    const answered = call('demo.start', {})
    old.deliver({ id: (old.posted.at(-1) as { id: number }).id, result: { ok: true, value: { switching: true } } })
    await expect(answered).resolves.toEqual({ ok: true, value: { switching: true } })
    old.deliver({ envelope: { event: 'core.state', payload: { state: 'switching' } } })
    expect(old.closed).toBe(true)
    const waiting = call('app.info', {})
    expect(old.posted.at(-1)).toMatchObject({ method: 'demo.start' })
    fromMain(IPC_CORE_STATE_CHANNEL, {}, 'switching')
    const next = new FakePort()
    fromMain(IPC_PORT_CHANNEL, { ports: [next] })
    expect(events).toEqual([[{ event: 'core.state', payload: { state: 'switching' } }], [{ event: 'core.state', payload: { state: 'running' } }]])
    const sent = next.posted.at(-1) as { id: number; method: string }
    expect(sent.method).toBe('app.info')
    next.deliver({ id: sent.id, result: { ok: true, value: 'info' } })
    await expect(waiting).resolves.toEqual({ ok: true, value: 'info' })
  })

  it('answers at once when the core is gone for good', async () => {
    fromMain(IPC_CORE_STATE_CHANNEL, {}, 'stopped')
    await expect(call('app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})
