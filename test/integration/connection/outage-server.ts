import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Endpoint } from '../../../electron/core/telegram/endpoint'
import type { Announcement } from '../../../electron/emulator/announce'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index'

/**
 * How a test takes the Telegram server away and brings it back:
 * - kill: the server process dies (in-process: it stops listening and every connection closes) and a new one starts on
 *   the same port with the same world and auth keys, as a restarted DC would;
 * - sigstop: the emulator runs as a child process through its CLI and gets SIGSTOP / SIGCONT: connections stay open,
 *   the kernel still accepts new ones, nothing is read or answered;
 * - pause: the in-process equivalent of sigstop (Emulator.pause / resume).
 */
export type OutageKind = 'kill' | 'sigstop' | 'pause'

export interface OutageServer {
  readonly endpoint: Endpoint
  /** The account's pre-minted, signed-in session. */
  readonly session: string
  /** The in-process emulator (kill, pause), for the call log and the world; null for a child process. */
  readonly emulator: Emulator | null
  down(): Promise<void>
  up(): Promise<void>
  close(): Promise<void>
}

export async function outageServer(kind: OutageKind, options: EmulatorOptions = {}): Promise<OutageServer> {
  if (kind === 'sigstop') return childServer(options)
  const emu = await startEmulator(options)
  return {
    endpoint: emu.endpoint,
    session: emu.account.session,
    emulator: emu,
    down: async () => (kind === 'kill' ? emu.kill() : emu.pause()),
    up: async () => (kind === 'kill' ? emu.restart() : emu.resume()),
    close: async () => {
      emu.resume()
      await emu.close()
    },
  }
}

/** `node --import tsx test/emulator/cli.ts`: one process (no npm or tsx wrapper), so the signal stops the server itself. */
async function childServer(options: EmulatorOptions): Promise<OutageServer> {
  const args = ['--import', 'tsx', 'test/emulator/cli.ts', '--seed', String(options.seed ?? 1)]
  if (options.users !== undefined) args.push('--users', String(options.users))
  if (options.contacts !== undefined) args.push('--contacts', String(options.contacts))
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  const announcement = await firstLine(child)
  const signal = (name: NodeJS.Signals): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name)
  }
  return {
    endpoint: announcement.endpoint,
    session: announcement.account.session,
    emulator: null,
    down: async () => signal('SIGSTOP'),
    up: async () => signal('SIGCONT'),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      signal('SIGCONT')
      signal('SIGKILL')
      await exited
    },
  }
}

function firstLine(child: ChildProcess): Promise<Announcement> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.once('line', (line) => {
      lines.close()
      resolve(JSON.parse(line) as Announcement)
    })
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before announcing itself`)))
  })
}
