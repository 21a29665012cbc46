import { describe, expect, it } from 'vitest'
import { createBrowserPlatform } from '../../../electron/core/bridge'
import type { FromHost, HostConfig, ToHost } from '../../../electron/core/host/protocol'
import { CORE_STOPPED, CoreSupervisor, type ChildHandle, type CoreState } from '../../../electron/core/host/supervisor'

const config: HostConfig = { dataDir: '/tmp/none', shell: 'browser', secrets: { kind: 'memory' }, allowEnvSeams: false, demo: false, checkOutputs: true }

/** A core host stand-in: records what it was sent, answers as the test says, exits when told. */
class FakeChild implements ChildHandle {
  readonly sent: ToHost[] = []
  private messageListeners: Array<(message: unknown) => void> = []
  private exitListeners: Array<(code: number | null) => void> = []
  killed = false
  constructor(private readonly onSend: (child: FakeChild, message: ToHost) => void) {}
  send(message: ToHost): void {
    this.sent.push(message)
    this.onSend(this, message)
  }
  onMessage(listener: (message: unknown) => void): void {
    this.messageListeners.push(listener)
  }
  onExit(listener: (code: number | null) => void): void {
    this.exitListeners.push(listener)
  }
  kill(): void {
    this.killed = true
    this.exit(null)
  }
  reply(message: FromHost | Record<string, unknown>): void {
    for (const listener of this.messageListeners) listener(message)
  }
  exit(code: number | null): void {
    for (const listener of this.exitListeners.splice(0)) listener(code)
  }
}

/** A host that is ready at once and answers every call with its method name. */
const readyHost = (child: FakeChild, message: ToHost): void => {
  if (message.type === 'init') queueMicrotask(() => child.reply({ type: 'ready', bridge: null }))
  if (message.type === 'call') queueMicrotask(() => child.reply({ type: 'result', response: { id: message.request.id, result: { ok: true, value: message.request.method } } }))
  if (message.type === 'dispose') queueMicrotask(() => child.exit(0))
}

function supervised(onSend: (child: FakeChild, message: ToHost) => void = readyHost, extra: Partial<ConstructorParameters<typeof CoreSupervisor>[0]> = {}) {
  const children: FakeChild[] = []
  const states: CoreState[] = []
  const supervisor = new CoreSupervisor({
    spawn: () => {
      const child = new FakeChild(onSend)
      children.push(child)
      return child
    },
    config,
    platform: createBrowserPlatform(),
    onState: (state) => states.push(state),
    ...extra,
  })
  return { supervisor, children, states }
}

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
