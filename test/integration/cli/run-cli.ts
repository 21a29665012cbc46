import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import type { Emulator } from '../../emulator'
import { API_HASH, API_ID } from '../import/emulator-context'

export const repoRoot = resolve(import.meta.dirname, '../../..')

export interface CliRun {
  child: ChildProcess
  /** Everything written so far (grows while the process runs). */
  readonly stdout: string
  readonly stderr: string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>
}

/**
 * The CLI as a user runs it (`npm run --silent cli -- ARGS`), or with `direct` the tsx process npm would start, so a
 * signal reaches the CLI itself, or with `bare` node itself with tsx's loader: one process, so even SIGKILL (which tsx
 * cannot pass on) hits the CLI. Against `emulator` through the env seams unless `env` overrides them.
 */
export function startCli(args: string[], options: { emulator?: Emulator; env?: Record<string, string>; direct?: boolean; bare?: boolean } = {}): CliRun {
  const { emulator, direct = false, bare = false } = options
  const seams = emulator
    ? { TG_CONTACTS_ENDPOINT: JSON.stringify(emulator.endpoint), TG_CONTACTS_SESSION: emulator.account.session, TG_API_ID: API_ID, TG_API_HASH: API_HASH }
    : {}
  const env = { ...process.env, ...seams, ...options.env }
  const child = bare
    ? spawn(process.execPath, ['--import', 'tsx', 'electron/core/cli/index.ts', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : direct
    ? spawn(resolve(repoRoot, 'node_modules/.bin/tsx'), ['electron/core/cli/index.ts', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d) => (stdout += d))
  child.stderr?.on('data', (d) => (stderr += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal, stdout, stderr })),
  )
  return {
    child,
    get stdout() {
      return stdout
    },
    get stderr() {
      return stderr
    },
    exited,
  }
}

export const runCli = (args: string[], options: Parameters<typeof startCli>[1] = {}) => startCli(args, options).exited
