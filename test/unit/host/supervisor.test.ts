import { describe, expect, it } from 'vitest'
import { createBrowserPlatform } from '../../../electron/core/bridge'
import type { HostConfig, ToHost } from '../../../electron/core/host/protocol'
import { CORE_STOPPED, type ChildHandle } from '../../../electron/core/host/supervisor'
import { config, readyHost, supervised, type FakeChild } from './fake-child'

describe('the core supervisor', () => {
  it('sends init first, then serves calls over the control channel', async () => {
    const { supervisor, children } = supervised()
    await supervisor.start()
    await expect(supervisor.call('auth.status', {})).resolves.toEqual({ ok: true, value: 'auth.status' })
    expect(children[0]?.sent.map((m) => m.type)).toEqual(['init', 'call'])
    expect(children[0]?.sent[0]).toEqual({ type: 'init', config })
  })

  it('ignores messages that are not the host protocol (a benchmark probe on the same channel)', async () => {
    const { supervisor, children } = supervised()
    await supervisor.start()
    children[0]?.reply({ tgcStallProbe: { id: 1, figures: null } })
    children[0]?.reply({ type: 'nonsense' })
    await expect(supervisor.call('app.info', {})).resolves.toEqual({ ok: true, value: 'app.info' })
  })

  it('answers calls in flight with CORE_STOPPED when the core dies, restarts it, and serves calls again', async () => {
    let answer = true
    const { supervisor, children, states } = supervised((child, message) => {
      if (message.type === 'call' && !answer) return
      readyHost(child, message)
    })
    const readyChildren: ChildHandle[] = []
    supervisor.onReady((child) => readyChildren.push(child))
    await supervisor.start()
    answer = false
    const inFlight = supervisor.call('contacts.list', {})
    children[0]?.exit(1)
    await expect(inFlight).resolves.toEqual({ ok: false, error: CORE_STOPPED })
    answer = true
    await expect(supervisor.call('contacts.list', {})).resolves.toEqual({ ok: true, value: 'contacts.list' })
    expect(states).toEqual(['running', 'restarting', 'running'])
    expect(children).toHaveLength(2)
    expect(readyChildren).toEqual(children)
  })

  it('holds calls made while the core restarts until the new one is ready', async () => {
    let hold: (() => void) | null = null
    const { supervisor, children } = supervised((child, message) => {
      if (message.type === 'init' && children.length === 2) hold = () => child.reply({ type: 'ready', bridge: null })
      else readyHost(child, message)
    })
    await supervisor.start()
    children[0]?.exit(1)
    const waiting = supervisor.call('auth.status', {})
    expect(children[1]?.sent.map((m) => m.type)).toEqual(['init'])
    ;(hold as (() => void) | null)?.()
    await expect(waiting).resolves.toEqual({ ok: true, value: 'auth.status' })
  })

  it('gives up after repeated crashes and answers every call with CORE_STOPPED', async () => {
    const { supervisor, children, states } = supervised(readyHost, { restartLimit: { count: 2, windowMs: 60_000 } })
    await supervisor.start()
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 0))
      children.at(-1)?.exit(1)
    }
    expect(states.at(-1)).toBe('stopped')
    expect(children).toHaveLength(3)
    await expect(supervisor.call('auth.status', {})).resolves.toEqual({ ok: false, error: CORE_STOPPED })
  })

  it('rejects start when the core reports it could not start', async () => {
    const { supervisor } = supervised((child, message) => {
      if (message.type === 'init') queueMicrotask(() => child.reply({ type: 'failed', message: 'keychain locked' }))
    })
    await expect(supervisor.start()).rejects.toThrow('keychain locked')
  })

  it('runs platform requests on the parent and sends the answer back', async () => {
    const platform = createBrowserPlatform()
    const { supervisor, children } = supervised(readyHost, { platform })
    await supervisor.start()
    children[0]?.reply({ type: 'platform', id: 4, request: { op: 'openExternal', args: ['https://t.me/durov'] } })
    children[0]?.reply({ type: 'platform', id: 5, request: { op: 'chooseDirectory', args: ['Export to'] } })
    await new Promise((r) => setTimeout(r, 0))
    expect(platform.log.openedExternal).toEqual(['https://t.me/durov'])
    expect(children[0]?.sent.filter((m) => m.type === 'platform.result')).toEqual([
      { type: 'platform.result', id: 4, result: { ok: true, value: null } },
      { type: 'platform.result', id: 5, result: { ok: true, value: null } },
    ])
  })

  it('asks the core to dispose and waits for it to finish, without restarting it', async () => {
    let finish: () => void = () => undefined
    const { supervisor, children, states } = supervised((child, message) => {
      if (message.type === 'dispose') finish = () => child.exit(0)
      else readyHost(child, message)
    })
    await supervisor.start()
    let done = false
    const disposed = supervisor.dispose().then(() => (done = true))
    await new Promise((r) => setTimeout(r, 10))
    expect(done).toBe(false)
    expect(children[0]?.sent.at(-1)).toEqual({ type: 'dispose' })
    finish()
    await disposed
    expect(states.at(-1)).toBe('stopped')
    expect(children).toHaveLength(1)
  })

  it('kills a core that does not finish disposing in time', async () => {
    const { supervisor, children } = supervised(
      (child, message) => {
        if (message.type !== 'dispose') readyHost(child, message)
      },
      { disposeTimeoutMs: 20 },
    )
    await supervisor.start()
    await supervisor.dispose()
    expect(children[0]?.killed).toBe(true)
  })
})

describe('switching the core (the demo and back)', () => {
  const demo: HostConfig = { ...config, dataDir: '/tmp/demo', demo: true, demoWorld: { seed: 7, contacts: 300 } }
  const initOf = (child: FakeChild | undefined) => (child?.sent[0] as Extract<ToHost, { type: 'init' }> | undefined)?.config

  it("carries out the core's request: the old core finishes first, calls wait, the new one serves with the new config", async () => {
    let finishOld: () => void = () => undefined
    const { supervisor, children, states } = supervised((child, message) => {
      if (message.type === 'dispose' && children.indexOf(child) === 0) finishOld = () => child.exit(0)
      else readyHost(child, message)
    })
    const requests: string[] = []
    supervisor.onSwitchRequest((to) => requests.push(to))
    await supervisor.start()
    children[0]?.reply({ type: 'switch', to: 'demo' })
    expect(requests).toEqual(['demo'])

    const switched = supervisor.switchTo(demo)
    await new Promise((r) => setTimeout(r, 0))
    expect(children[0]?.sent.at(-1)).toEqual({ type: 'dispose' })
    const waiting = supervisor.call('app.info', {})
    // Not before the old one has gone: two cores never share the data, the bridge port or the page.
    expect(children).toHaveLength(1)
    finishOld()
    await switched
    await expect(waiting).resolves.toEqual({ ok: true, value: 'app.info' })
    expect(children).toHaveLength(2)
    expect(initOf(children[1])).toEqual(demo)
    expect(supervisor.currentConfig).toEqual(demo)
    expect(states).toEqual(['running', 'switching', 'running'])
  })

  it('starts the replacement on the same bridge port and token, so the page reconnects to it', async () => {
    const withBridge: HostConfig = { ...config, bridge: { rendererDir: '/tmp/renderer' } }
    const { supervisor, children } = supervised((child, message) => {
      if (message.type === 'init') queueMicrotask(() => child.reply({ type: 'ready', bridge: { url: 'http://127.0.0.1:4321/#token=t', port: 4321, token: 't' } }))
      else readyHost(child, message)
    }, { config: withBridge })
    await supervisor.start()
    await supervisor.switchTo({ ...withBridge, demo: true })
    expect(initOf(children[1])?.bridge).toEqual({ rendererDir: '/tmp/renderer', port: 4321, token: 't' })
  })

  it('starts the fallback when the replacement cannot start, and says the switch failed', async () => {
    const { supervisor, children, states } = supervised((child, message) => {
      if (message.type === 'init' && message.config.demo) queueMicrotask(() => child.reply({ type: 'failed', message: 'no port for the emulator' }))
      else readyHost(child, message)
    })
    await supervisor.start()
    await expect(supervisor.switchTo(demo, config)).rejects.toThrow('no port for the emulator')
    expect(children.map(initOf)).toEqual([config, demo, config])
    expect(supervisor.currentConfig).toEqual(config)
    expect(states).toEqual(['running', 'switching', 'running'])
    await expect(supervisor.call('auth.status', {})).resolves.toEqual({ ok: true, value: 'auth.status' })
  })

  it('stops, answering calls with CORE_STOPPED, when neither core can start', async () => {
    const { supervisor, states } = supervised((child, message) => {
      if (message.type === 'init' && supervisor.current !== 'starting') queueMicrotask(() => child.exit(1))
      else readyHost(child, message)
    })
    await supervisor.start()
    const switched = supervisor.switchTo(demo, config)
    const waiting = supervisor.call('auth.status', {})
    await expect(switched).rejects.toThrow('before it was ready')
    expect(states.at(-1)).toBe('stopped')
    await expect(waiting).resolves.toEqual({ ok: false, error: CORE_STOPPED })
  })

  it('restarts a replacement that crashes with its own config', async () => {
    const { supervisor, children, states } = supervised()
    await supervisor.start()
    await supervisor.switchTo(demo)
    children[1]?.exit(1)
    await new Promise((r) => setTimeout(r, 0))
    expect(initOf(children[2])).toEqual(demo)
    expect(states).toEqual(['running', 'switching', 'running', 'restarting', 'running'])
  })

  it('finishes a switch under way before it disposes, and disposes the new core', async () => {
    const { supervisor, children, states } = supervised()
    await supervisor.start()
    const switched = supervisor.switchTo(demo)
    await supervisor.dispose()
    await switched
    expect(children).toHaveLength(2)
    expect(children[1]?.sent.at(-1)).toEqual({ type: 'dispose' })
    expect(states.at(-1)).toBe('stopped')
    await expect(supervisor.switchTo(config)).rejects.toThrow('stopping')
  })

  it('does not restart a core that could not start at all', async () => {
    const { supervisor, children, states } = supervised((child, message) => {
      if (message.type === 'init')
        queueMicrotask(() => {
          child.reply({ type: 'failed', message: 'keychain locked' })
          child.exit(1)
        })
    })
    await expect(supervisor.start()).rejects.toThrow('keychain locked')
    await new Promise((r) => setTimeout(r, 0))
    expect(children).toHaveLength(1)
    expect(states).toEqual(['stopped'])
  })
})
