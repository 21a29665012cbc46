/** The emulator in a child process (bench/workers/emulator-host.ts): nothing it does counts against a measured event loop. */

import { fork } from 'node:child_process'
import { join } from 'node:path'
import type { EmulatorAddress } from './core'

export interface EmulatorProcessOptions {
  seed: number
  users: number
  contacts: number
  /** Saved phone contacts of people not on Telegram. */
  saved?: number
  /** Numbers of registered users who are not contacts, for an import. */
  importable?: number
}

export interface EmulatorProcess {
  address: EmulatorAddress
  importable: string[]
  close(): Promise<void>
}

export async function startEmulatorProcess(root: string, options: EmulatorProcessOptions): Promise<EmulatorProcess> {
  const child = fork(join(root, 'bench/workers/emulator-host.ts'), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  const ready = await new Promise<{ endpoint: object; session: string; importable: string[] }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { endpoint: object; session: string; importable: string[] }))
    child.once('exit', (code) => reject(new Error(`the emulator process exited with ${code} before it listened`)))
  })
  return {
    address: { endpoint: ready.endpoint, session: ready.session },
    importable: ready.importable,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.disconnect()
      }),
  }
}
