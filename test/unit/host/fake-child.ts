import { createBrowserPlatform } from '../../../electron/core/bridge'
import type { FromHost, HostConfig, ToHost } from '../../../electron/core/host/protocol'
import { CoreSupervisor, type ChildHandle, type CoreState } from '../../../electron/core/host/supervisor'

/** Core host stand-ins for the supervisor's tests (no process: the test answers for the host). */
export const config: HostConfig = { dataDir: '/tmp/none', shell: 'browser', secrets: { kind: 'memory' }, allowEnvSeams: false, demo: false, checkOutputs: true }

/** A core host stand-in: records what it was sent, answers as the test says, exits when told. */
export class FakeChild implements ChildHandle {
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
export const readyHost = (child: FakeChild, message: ToHost): void => {
  if (message.type === 'init') queueMicrotask(() => child.reply({ type: 'ready', bridge: null }))
  if (message.type === 'call') queueMicrotask(() => child.reply({ type: 'result', response: { id: message.request.id, result: { ok: true, value: message.request.method } } }))
  if (message.type === 'dispose') queueMicrotask(() => child.exit(0))
}

export function supervised(onSend: (child: FakeChild, message: ToHost) => void = readyHost, extra: Partial<ConstructorParameters<typeof CoreSupervisor>[0]> = {}) {
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
