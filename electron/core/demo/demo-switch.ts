import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve, isAbsolute } from 'node:path'
import type { HostConfig } from '../host/protocol'
import type { CoreSupervisor } from '../host/supervisor'
import { DEMO_WORLD, type CoreMode, type DemoWorldOptions } from './options'

export interface DemoSwitchOptions {
  /** The core the shell runs for its user: the keychain, the real data folder. */
  account: HostConfig
  /** The world "Try the demo" opens; default DEMO_WORLD, the one `npm run demo` opens. */
  world?: DemoWorldOptions
  /** Where a demo's data folder is made (default the OS temp folder); never inside the account's data folder. */
  tempRoot?: string
  /** A switch that did not happen (the demo could not start, so the account's core runs again), for the log. */
  onFailed?(to: CoreMode, error: Error): void
}

const isInside = (child: string, parent: string): boolean => {
  const path = relative(resolve(parent), resolve(child))
  return path === '' || (!path.startsWith('..') && !isAbsolute(path))
}

/**
 * The demo's core, from the account's: the same shell, identity, bridge and checks, but its own temp data folder,
 * secrets in memory (none at start: the demo brings its session), nothing from the environment, and the world.
 */
export function demoConfig(account: HostConfig, dataDir: string, world: DemoWorldOptions): HostConfig {
  const { env: _env, ...shared } = account
  return {
    ...shared,
    dataDir,
    secrets: { kind: 'memory' },
    allowEnvSeams: false,
    env: {},
    demo: true,
    demoWorld: world,
    demoSwitch: true,
  }
}

/**
 * "Try the demo" and "Back to sign-in" as the shell carries them out, the same in Electron's main process and in a Node
 * parent (tests, `npm run demo -- --web`): on the core's request the supervisor replaces the account's core with the
 * demo's, started in a fresh temp folder, and back; the demo's folder is deleted once it has stopped. When the demo
 * cannot start, the account's core runs again.
 */
export class DemoSwitch {
  private demoDir: string | null = null
  private queue: Promise<void> = Promise.resolve()
  private readonly account: HostConfig
  private readonly world: DemoWorldOptions
  private readonly tempRoot: string

  constructor(private readonly options: DemoSwitchOptions) {
    this.account = { ...options.account, demoSwitch: true }
    this.world = options.world ?? DEMO_WORLD
    this.tempRoot = options.tempRoot ?? tmpdir()
    if (isInside(this.tempRoot, this.account.dataDir)) throw new Error('the demo must not keep its data inside the account data folder')
  }

  get mode(): CoreMode {
    return this.demoDir === null ? 'account' : 'demo'
  }

  /** The data folder of the core that runs now (the app's own protocol serves its photos from there). */
  get dataDir(): string {
    return this.demoDir ?? this.account.dataDir
  }

  /** The configuration to start with: the account's, or straight into the demo (`npm run demo`). */
  async initial(mode: CoreMode): Promise<HostConfig> {
    if (mode === 'account') return this.account
    this.demoDir = await this.makeDemoDir()
    return demoConfig(this.account, this.demoDir, this.world)
  }

  /** Carries out the core's switch requests from now on. */
  attach(supervisor: CoreSupervisor): () => void {
    return supervisor.onSwitchRequest((to) => {
      this.queue = this.queue.then(() => this.switchTo(supervisor, to))
    })
  }

  /** Waits for a switch under way, then deletes the demo's folder (call after the supervisor has stopped). */
  async dispose(): Promise<void> {
    await this.queue
    await this.removeDemoDir()
  }

  private async switchTo(supervisor: CoreSupervisor, to: CoreMode): Promise<void> {
    try {
      if (to === 'demo') {
        const previous = this.demoDir
        // The demo's folder from its first moment: the app's protocol serves its photos from there.
        this.demoDir = await this.makeDemoDir()
        try {
          await supervisor.switchTo(demoConfig(this.account, this.demoDir, this.world), this.account)
        } catch (error) {
          await this.removeDemoDir()
          throw error
        } finally {
          if (previous !== null) await rm(previous, { recursive: true, force: true })
        }
      } else {
        try {
          await supervisor.switchTo(this.account)
        } finally {
          await this.removeDemoDir()
        }
      }
    } catch (error) {
      this.options.onFailed?.(to, error instanceof Error ? error : new Error(String(error)))
    }
  }

  private async makeDemoDir(): Promise<string> {
    return mkdtemp(join(this.tempRoot, 'tg-contacts-demo-'))
  }

  private async removeDemoDir(): Promise<void> {
    const dir = this.demoDir
    this.demoDir = null
    if (dir !== null) await rm(dir, { recursive: true, force: true })
  }
}
