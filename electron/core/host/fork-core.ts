import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Platform } from '../app/platform'
import type { EventEnvelope } from '../contract'
import { DemoSwitch, type DemoSwitchOptions } from '../demo/demo-switch'
import type { CoreMode } from '../demo/options'
import type { EventSink, Router } from '../router'
import type { BridgeAddress, HostConfig, UnexpectedError } from './protocol'
import { CORE_V8_OPTIONS } from './core-v8-options'
import { CoreSupervisor, type ChildHandle, type CoreState } from './supervisor'

export interface ForkCoreOptions {
  config: HostConfig
  /** What the core's platform requests (folder picker, open a link ...) reach in this process. */
  platform: Platform
  /** Node options for the child before the entry (e.g. a benchmark's --import probe). */
  execArgv?: string[]
  /** A built core-host.js to run instead of the default (the source under tsx when this runs from source). */
  hostFile?: string
  onState?(state: CoreState): void
  onUnexpected?(error: UnexpectedError): void
  /** "Try the demo" / "Back to sign-in" work (config is the account's core); startIn 'demo' opens the demo first. */
  demo?: Omit<DemoSwitchOptions, 'account'> & { startIn?: CoreMode }
}

/** The core in a Node child process, as the parent holds it: the same router and events shape as createCore's. */
export interface CoreProcess {
  readonly router: Router
  /** Core events (config.forwardEvents must be set). */
  readonly events: { subscribe(sink: EventSink): () => void }
  /** Where its browser bridge listens (config.bridge). */
  readonly bridge: BridgeAddress | null
  readonly supervisor: CoreSupervisor
  /** The demo switch, when options.demo asked for one. */
  readonly demo: DemoSwitch | null
  /** The current child process (it changes when the core restarts). */
  readonly process: ChildProcess | null
  dispose(): Promise<void>
}

/**
 * The host entry: from source (this file is .ts: tests, demo, bench run under tsx or vitest) the TypeScript entry
 * with tsx's loader; from the electron-vite bundle the built core-host.js next to it.
 */
function hostEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url)
  if (here.endsWith('.ts')) return { file: join(dirname(here), 'index.ts'), execArgv: ['--import', 'tsx'] }
  for (const dir of [dirname(here), join(dirname(here), '..')]) {
    const file = join(dir, 'core-host.js')
    if (existsSync(file)) return { file, execArgv: [] }
  }
  throw new Error('core-host.js is missing next to the built main process: run npm run build')
}

/**
 * Starts the core host as a Node child process (child_process.fork, structured-clone IPC), supervised: restarted
 * when it dies unexpectedly, disposed gracefully. Its output goes to this process's stderr, so a parent's stdout
 * stays its own (demo --json prints exactly one line).
 */
export async function forkCore(options: ForkCoreOptions): Promise<CoreProcess> {
  const entry = options.hostFile ? { file: options.hostFile, execArgv: [] } : hostEntry()
  const listeners = new Set<EventSink>()
  let current: ChildProcess | null = null
  const spawn = (): ChildHandle => {
    const child = fork(entry.file, [], {
      execArgv: [...CORE_V8_OPTIONS, ...entry.execArgv, ...(options.execArgv ?? [])],
      serialization: 'advanced',
      stdio: ['ignore', 2, 2, 'ipc'],
    })
    current = child
    // The core's own exit is what the supervisor watches; a failed send to a dead child is not an error here.
    child.on('error', () => undefined)
    return {
      send: (message) => void (child.connected && child.send(message)),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.once('exit', (code) => listener(code)),
      kill: () => void child.kill('SIGKILL'),
    }
  }
  const { startIn, ...demoOptions } = options.demo ?? {}
  const demo = options.demo ? new DemoSwitch({ ...demoOptions, account: options.config }) : null
  const supervisor = new CoreSupervisor({
    spawn,
    config: demo ? await demo.initial(startIn ?? 'account') : options.config,
    platform: options.platform,
    onEvent: (envelope: EventEnvelope) => {
      for (const sink of listeners) sink(envelope)
    },
    ...(options.onState ? { onState: options.onState } : {}),
    ...(options.onUnexpected ? { onUnexpected: options.onUnexpected } : {}),
  })
  demo?.attach(supervisor)
  try {
    await supervisor.start()
  } catch (error) {
    await demo?.dispose()
    throw error
  }
  return {
    router: { dispatch: (method, input) => supervisor.call(method, input) },
    events: {
      subscribe(sink) {
        listeners.add(sink)
        return () => listeners.delete(sink)
      },
    },
    get bridge() {
      return supervisor.bridge
    },
    supervisor,
    demo,
    get process() {
      return current
    },
    async dispose() {
      await supervisor.dispose()
      await demo?.dispose()
    },
  }
}
