import { createCore, type Core, type CoreOptions } from '../app/create-core'
import { startBridge, type Bridge } from '../bridge'
import type { Result, WireMessage } from '../contract'
import { startDemoConnection, type DemoConnection } from '../demo/demo-connection'
import type { CoreMode } from '../demo/options'
import { serveConnection, type ServedConnection } from '../router'
import { createKeytarStore } from '../secrets/keytar-store'
import { createMemoryStore } from '../secrets/memory-store'
import type { SecretStore } from '../secrets/secret-store'
import { isToHost, type FromHost, type HostConfig, type PlatformRequest, type ToHost } from './protocol'
import { createRemotePlatform } from './remote-platform'

/** A window's MessagePort as the host sees it (Electron's MessagePortMain; structural, so this runs under Node). */
export interface HostPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown
  on(event: 'close', listener: () => void): unknown
  postMessage(message: unknown): void
  start(): void
  close(): void
}

/** The host's side of the control channel: Electron's process.parentPort, or Node's process.send. */
export interface ParentLink {
  send(message: FromHost): void
  onMessage(listener: (message: unknown, ports: readonly HostPort[]) => void): void
  /** The parent is gone (Node: the IPC channel closed). Electron kills a utility process with its parent. */
  onClose(listener: () => void): void
  /** Leaves once everything sent has gone out. */
  exit(code: number): void
}

/** What the host builds beside the config; tests replace the keychain with a recording store. */
export interface HostSeams {
  keychain(): SecretStore
}

function coreOptions(config: HostConfig, platform: CoreOptions['platform'], link: ParentLink, seams: HostSeams, demo: DemoConnection | null): CoreOptions {
  const perAttempt = config.importPolicy?.retryDelayMsPerAttempt
  const secrets = (): SecretStore => (config.secrets.kind === 'keychain' ? seams.keychain() : createMemoryStore(config.secrets.entries))
  return {
    platform,
    dataDir: config.dataDir,
    demo: config.demo || demo !== null,
    // The demo's Telegram, session and credentials are its own emulator's, named here and never read from the environment.
    ...(demo ? demo.coreOptions : { secrets: secrets(), allowEnvSeams: config.allowEnvSeams, env: config.env ?? process.env }),
    ...(config.demoSwitch
      ? {
          switchMode: (to: CoreMode) => link.send({ type: 'switch', to }),
        }
      : {}),
    checkOutputs: config.checkOutputs,
    ...(config.identity ? { identity: config.identity } : {}),
    ...(config.connectionTiming ? { connectionTiming: config.connectionTiming } : {}),
    ...(perAttempt !== undefined ? { importOptions: { policy: { retryDelayMs: (attempt: number) => perAttempt * attempt } } } : {}),
    onUnexpectedError: (method, error) => {
      const e = error instanceof Error ? error : new Error(String(error))
      link.send({ type: 'unexpected', error: { method, name: e.name, message: e.message, stack: e.stack ?? null } })
    },
  }
}

/**
 * The core host: builds the core the parent's `init` describes and serves it, over the control channel (calls from
 * Node parents), over each window's MessagePort (Electron), and over the browser bridge when asked. Platform
 * operations go back to the parent. One entry point whatever the parent is (see index.ts).
 */
export function runHost(link: ParentLink, seams: HostSeams = { keychain: createKeytarStore }): void {
  let core: Core | null = null
  let demo: DemoConnection | null = null
  let bridge: Bridge | null = null
  let control: ServedConnection | null = null
  let starting: Promise<void> | null = null
  let disposing: Promise<void> | null = null
  const windows = new Set<ServedConnection>()
  const platformCalls = new Map<number, (result: Result<unknown>) => void>()
  let nextPlatformCall = 1
  /** Calls and window connections that came before the core was up. */
  const early: Array<[ToHost, readonly HostPort[]]> = []

  const askParent = (request: PlatformRequest): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextPlatformCall++
      platformCalls.set(id, (result) => (result.ok ? resolve(result.value) : reject(new Error(result.error.message))))
      link.send({ type: 'platform', id, request })
    })

  async function start(config: HostConfig): Promise<void> {
    try {
      if (config.demoWorld) {
        if (config.secrets.kind !== 'memory') throw new Error('the demo keeps its secrets in memory, never in the keychain')
        demo = await startDemoConnection(config.demoWorld)
      }
      core = await createCore(coreOptions(config, createRemotePlatform(config.shell, askParent), link, seams, demo))
      const events = config.forwardEvents ? core.events : { subscribe: () => () => undefined }
      control = serveConnection(
        { router: core.router, events },
        {
          send(message: WireMessage) {
            if ('envelope' in message) link.send({ type: 'event', envelope: message.envelope })
            else link.send({ type: 'result', response: message })
          },
        },
      )
      if (config.bridge) {
        // Photos are served from the core's data folder, beside the page.
        bridge = await startBridge({ router: core.router, events: core.events, dataDir: config.dataDir, ...config.bridge })
      }
    } catch (error) {
      await demo?.close().catch(() => undefined)
      link.send({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
      link.exit(1)
      return
    }
    link.send({ type: 'ready', bridge: bridge ? { url: bridge.url, port: bridge.port, token: bridge.token } : null, demo: demo?.announcement ?? null })
    for (const [message, ports] of early.splice(0)) handle(message, ports)
  }

  function connectWindow(core: Core, port: HostPort): void {
    const served = serveConnection(core, { send: (message) => port.postMessage(message) })
    windows.add(served)
    port.on('message', (event) => {
      // Something other than a request: not our page's preload. Its port is closed.
      if (!served.receive(event.data)) port.close()
    })
    port.on('close', () => {
      served.close()
      windows.delete(served)
    })
    port.start()
  }

  function dispose(): Promise<void> {
    disposing ??= (async () => {
      await starting
      for (const served of windows) served.close()
      await bridge?.close().catch(() => undefined)
      await core?.dispose()
      await demo?.close()
    })()
    return disposing
  }

  function handle(message: ToHost, ports: readonly HostPort[]): void {
    switch (message.type) {
      case 'init':
        starting ??= start(message.config)
        return
      case 'call':
        if (control === null) early.push([message, ports])
        else control.receive(message.request)
        return
      case 'connect':
        if (core === null || control === null) early.push([message, ports])
        else for (const port of ports) connectWindow(core, port)
        return
      case 'platform.result':
        platformCalls.get(message.id)?.(message.result)
        platformCalls.delete(message.id)
        return
      case 'dispose':
        void dispose().finally(() => {
          link.send({ type: 'disposed' })
          link.exit(0)
        })
        return
    }
  }

  link.onMessage((message, ports) => {
    if (isToHost(message)) handle(message, ports)
  })
  // A parent that went away without asking (killed): still close Telegram and flush what is pending.
  link.onClose(() => void dispose().finally(() => link.exit(0)))
}
