import type { Platform } from '../app/platform'
import type { ErrorEnvelope, EventEnvelope, Result, WireResponse } from '../contract'
import {
  isFromHost,
  type BridgeAddress,
  type CoreMode,
  type DemoAnnouncement,
  type FromHost,
  type HostConfig,
  type ToHost,
  type UnexpectedError,
} from './protocol'
import { runPlatformRequest } from './remote-platform'

/** The core host process as its parent holds it: an Electron UtilityProcess or a Node ChildProcess. */
export interface ChildHandle {
  send(message: ToHost, transfer?: readonly unknown[]): void
  onMessage(listener: (message: unknown) => void): void
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

/**
 * starting: the first start; running: serving; restarting: it stopped unexpectedly and a new one is on its way;
 * switching: it is being replaced on purpose by another (the demo, or back); stopped: it is not coming back
 * (disposed, it kept crashing, or no replacement could start).
 */
export type CoreState = 'starting' | 'running' | 'restarting' | 'switching' | 'stopped'

export interface SupervisorOptions {
  spawn(): ChildHandle
  config: HostConfig
  /** The parent's native side: what the core's Platform calls reach. */
  platform: Platform
  onState?(state: CoreState): void
  /** Core events, when config.forwardEvents is set. */
  onEvent?(envelope: EventEnvelope): void
  onUnexpected?(error: UnexpectedError): void
  /** Give up after this many unexpected exits within windowMs (a core that crashes at start would loop). */
  restartLimit?: { count: number; windowMs: number }
  /** How long dispose waits for the core to finish its work before it is killed. */
  disposeTimeoutMs?: number
}

export const CORE_STOPPED: ErrorEnvelope = {
  code: 'INTERNAL',
  message: "TG Contacts' background process stopped during this request. It restarts by itself; try again in a moment.",
}

/**
 * Runs the core host as a child process and keeps it running: init, the platform requests it makes, calls over the
 * control channel, and a restart after an unexpected exit (the core's journals make that lossless). dispose() asks
 * the core to finish what is pending and waits for it. The same for Electron's utility process and a Node child.
 */
export class CoreSupervisor {
  private child: ChildHandle | null = null
  private state: CoreState = 'starting'
  private bridgeAddress: BridgeAddress | null = null
  private readonly pending = new Map<number, (result: Result<unknown>) => void>()
  private readonly queued: Array<() => void> = []
  private readonly readyListeners = new Set<(child: ChildHandle) => void>()
  private readonly stateListeners = new Set<(state: CoreState) => void>()
  private readonly switchListeners = new Set<(to: CoreMode) => void>()
  private nextCall = 1
  private exits: number[] = []
  /** A start (the first, or a replacement's) waiting for its core to be ready. */
  private firstStart: { resolve: () => void; reject: (error: Error) => void } | null = null
  private disposing: Promise<void> | null = null
  /** Replacements run one after another; `switches` counts those asked for and not finished. */
  private switching: Promise<void> = Promise.resolve()
  private switches = 0
  private replacing = false
  private config: HostConfig
  private demoAnnouncement: DemoAnnouncement | null = null

  constructor(private readonly options: SupervisorOptions) {
    this.config = options.config
  }

  get bridge(): BridgeAddress | null {
    return this.bridgeAddress
  }

  /** The configuration the core runs with now (the demo's after a switch to it). */
  get currentConfig(): HostConfig {
    return this.config
  }

  /** The demo world's announcement when the core runs the demo, else null. */
  get demoWorld(): DemoAnnouncement | null {
    return this.demoAnnouncement
  }

  get current(): CoreState {
    return this.state
  }

  /** Starts the core; resolves once it serves, rejects when it could not start. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.firstStart = { resolve, reject }
      this.spawn()
    })
  }

  /** Called with the child each time a core (the first or a restarted one) is ready: hand it windows here. */
  onReady(listener: (child: ChildHandle) => void): () => void {
    this.readyListeners.add(listener)
    if (this.state === 'running' && this.child) listener(this.child)
    return () => this.readyListeners.delete(listener)
  }

  /** Called on every state change (after options.onState). */
  onStateChange(listener: (state: CoreState) => void): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  /** Called when the core asks to be replaced by the demo's, or the demo by the account's (see demo/demo-switch.ts). */
  onSwitchRequest(listener: (to: CoreMode) => void): () => void {
    this.switchListeners.add(listener)
    return () => this.switchListeners.delete(listener)
  }

  /**
   * Replaces the core with one built from `config`: the current one first finishes what is pending and exits (as on
   * quit), calls and windows meanwhile wait for the new one. When that cannot start, `fallback` is started instead and
   * the promise still rejects; with no core running at the end the supervisor is stopped.
   */
  switchTo(config: HostConfig, fallback?: HostConfig): Promise<void> {
    // One asked for before dispose() is carried out first; after it, none.
    if (this.disposing) return Promise.reject(new Error('the core is stopping'))
    // From now on calls wait for the replacement rather than reach the core on its way out.
    this.setState('switching')
    this.switches++
    const run = this.switching.then(() => this.replace(config, fallback)).finally(() => this.switches--)
    this.switching = run.catch(() => undefined)
    return run
  }

  /** One call over the control channel; a call made while the core restarts waits for the new one. */
  call(method: string, input: unknown): Promise<Result<unknown>> {
    return new Promise((resolve) => {
      const send = (): void => {
        if (this.state === 'stopped' || this.child === null) return resolve({ ok: false, error: CORE_STOPPED })
        const id = this.nextCall++
        this.pending.set(id, resolve)
        this.child.send({ type: 'call', request: { id, method, input } })
      }
      if (this.state === 'running') send()
      else if (this.state === 'stopped') resolve({ ok: false, error: CORE_STOPPED })
      else this.queued.push(send)
    })
  }

  /**
   * Hands the core a window's connection (Electron: the core's end of a MessageChannelMain). A window that asks
   * while the core starts or restarts is connected once it is ready; when the core is gone for good, never.
   */
  connect(port: unknown): void {
    const send = (): void => {
      if (this.state === 'running' && this.child) this.child.send({ type: 'connect' }, [port])
    }
    if (this.state === 'running') send()
    else if (this.state !== 'stopped') this.queued.push(send)
  }

  /** Asks the core to finish (journals, pending deletes, caches, Telegram) and waits, then ends it. Idempotent. */
  dispose(): Promise<void> {
    // After a switch under way: the core it starts is the one to finish.
    this.disposing ??= this.switches > 0 ? this.switching.then(() => this.stop()) : this.stop()
    return this.disposing
  }

  /** Ends the core at once, as a crash would (tests of the restart). */
  kill(): void {
    this.child?.kill()
  }

  private setState(state: CoreState): void {
    if (this.state === state) return
    this.state = state
    this.options.onState?.(state)
    for (const listener of this.stateListeners) listener(state)
  }

  private spawn(): void {
    const child = this.options.spawn()
    this.child = child
    child.onMessage((message) => {
      if (this.child === child && isFromHost(message)) this.receive(child, message)
    })
    child.onExit((code) => {
      if (this.child === child) this.exited(code)
    })
    // A restarted (or replacing) core serves the same page: same bridge port and token, so the page reconnects by itself.
    const bridge = this.config.bridge && this.bridgeAddress ? { ...this.config.bridge, port: this.bridgeAddress.port, token: this.bridgeAddress.token } : this.config.bridge
    child.send({ type: 'init', config: { ...this.config, ...(bridge ? { bridge } : {}) } })
  }

  private receive(child: ChildHandle, message: FromHost): void {
    switch (message.type) {
      case 'ready':
        this.bridgeAddress = message.bridge ?? this.bridgeAddress
        this.demoAnnouncement = message.demo ?? null
        this.setState('running')
        this.firstStart?.resolve()
        this.firstStart = null
        for (const send of this.queued.splice(0)) send()
        for (const listener of this.readyListeners) listener(child)
        return
      case 'failed':
        // It exits by itself; that exit is no crash to restart from.
        this.child = null
        this.firstStart?.reject(new Error(`the core could not start: ${message.message}`))
        this.firstStart = null
        if (!this.replacing) this.setState('stopped')
        return
      case 'switch':
        for (const listener of this.switchListeners) listener(message.to)
        return
      case 'result':
        this.answer(message.response)
        return
      case 'event':
        this.options.onEvent?.(message.envelope)
        return
      case 'platform':
        void runPlatformRequest(this.options.platform, message.request).then(
          (value) => child.send({ type: 'platform.result', id: message.id, result: { ok: true, value: value ?? null } }),
          (error: unknown) =>
            child.send({ type: 'platform.result', id: message.id, result: { ok: false, error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } } }),
        )
        return
      case 'unexpected':
        this.options.onUnexpected?.(message.error)
        return
      case 'disposed':
        return
    }
  }

  private answer(response: WireResponse): void {
    const resolve = this.pending.get(Number(response.id))
    this.pending.delete(Number(response.id))
    resolve?.(response.result)
  }

  private exited(code: number | null): void {
    this.child = null
    for (const resolve of this.pending.values()) resolve({ ok: false, error: CORE_STOPPED })
    this.pending.clear()
    if (this.disposing) return this.setState('stopped')
    if (this.firstStart) {
      this.firstStart.reject(new Error(`the core exited (${code ?? 'killed'}) before it was ready`))
      this.firstStart = null
      if (!this.replacing) this.setState('stopped')
      return
    }
    // The core being replaced, which was asked to stop.
    if (this.replacing) return
    const limit = this.options.restartLimit ?? { count: 5, windowMs: 60_000 }
    const now = Date.now()
    this.exits = [...this.exits.filter((at) => now - at < limit.windowMs), now]
    if (this.exits.length > limit.count) {
      this.setState('stopped')
      for (const send of this.queued.splice(0)) send()
      return
    }
    this.setState('restarting')
    this.spawn()
  }

  private async replace(config: HostConfig, fallback: HostConfig | undefined): Promise<void> {
    this.replacing = true
    this.setState('switching')
    try {
      await this.finishChild()
      try {
        await this.startWith(config)
      } catch (error) {
        if (fallback === undefined) throw error
        await this.startWith(fallback)
        throw error
      }
    } catch (error) {
      if (this.state !== 'running') {
        this.setState('stopped')
        for (const send of this.queued.splice(0)) send()
      }
      throw error
    } finally {
      this.replacing = false
    }
  }

  private startWith(config: HostConfig): Promise<void> {
    this.config = config
    this.demoAnnouncement = null
    return new Promise((resolve, reject) => {
      this.firstStart = { resolve, reject }
      this.spawn()
    })
  }

  /** Asks the running core to finish what is pending and waits for it to exit (killed after the timeout). */
  private async finishChild(): Promise<void> {
    const child = this.child
    if (child === null) return
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()))
    child.send({ type: 'dispose' })
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), this.options.disposeTimeoutMs ?? 15_000).unref())
    if ((await Promise.race([exited, timeout])) === 'timeout') {
      child.kill()
      await exited
    }
  }

  private async stop(): Promise<void> {
    await this.finishChild()
    this.setState('stopped')
  }
}
