import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron, type ElectronApplication, type Page } from 'playwright-core'
import { electronBinary } from '../../build/electron-binary'
import { repoRoot } from '../e2e/harness/build'

/**
 * What the smoke test runs: the packaged app (TG_CONTACTS_SMOKE_EXECUTABLE, set by the release workflow to an unpacked
 * electron-builder output), else the built app (`out/`) under the Electron binary of node_modules — when it can be had.
 */
export type SmokeTarget =
  | { kind: 'packaged'; executable: string }
  | { kind: 'built'; executable: string }
  | { kind: 'missing'; reason: string }

export async function smokeTarget(env: NodeJS.ProcessEnv = process.env): Promise<SmokeTarget> {
  if (env.TG_CONTACTS_SMOKE_EXECUTABLE) return { kind: 'packaged', executable: env.TG_CONTACTS_SMOKE_EXECUTABLE }
  const binary = await electronBinary(join(repoRoot, 'node_modules/electron'))
  return binary.ok ? { kind: 'built', executable: binary.path } : { kind: 'missing', reason: binary.reason }
}

export interface RunningApp {
  app: ElectronApplication
  window: Page
  /** Everything the main process printed (for failures). */
  output: string[]
}

/**
 * Starts the app with a private user-data folder (XDG_CONFIG_HOME / APPDATA point into `home`), so the smoke test never
 * reads or writes the user's own data. `env` adds the seams (emulator endpoint, API credentials) an unpacked app honours.
 */
export async function launchApp(target: Exclude<SmokeTarget, { kind: 'missing' }>, home: string, env: Record<string, string> = {}): Promise<RunningApp> {
  const app = await _electron.launch({
    executablePath: target.executable,
    args: target.kind === 'built' ? [repoRoot] : [],
    cwd: repoRoot,
    env: { ...(process.env as Record<string, string>), XDG_CONFIG_HOME: home, APPDATA: home, ...env },
    timeout: 60_000,
  })
  const output: string[] = []
  app.process().stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  app.process().stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  const window = await app.firstWindow()
  await window.locator('#app > *').first().waitFor({ timeout: 30_000 })
  return { app, window, output }
}

export const privateHome = (): Promise<string> => mkdtemp(join(tmpdir(), 'tgc-electron-'))
