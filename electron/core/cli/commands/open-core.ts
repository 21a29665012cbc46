import { mkdtemp, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Platform } from '../../app/platform'
import { createCore, type Core } from '../../app/create-core'
import { AppError, type MethodInput, type MethodName, type MethodOutput } from '../../contract'
import { createKeytarStore } from '../../secrets/keytar-store'
import { createMemoryStore } from '../../secrets/memory-store'
import type { CliIo } from '../command'
import { UsageError } from '../command'
import { CliInterrupted, unlessInterrupted } from '../interrupt'
import { readEnvCredentials } from '../../telegram/env-credentials'
import { EXIT, type ExitCode } from '../exit-codes'

/** The Electron app's data folder (app.getPath('userData') + '/data'), found without Electron. */
export function appDataDir(env: CliIo['env']): string {
  const name = 'TG Contacts'
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', name, 'data')
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), name, 'data')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), name, 'data')
}

export interface CliCore {
  core: Core
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>
  close(): Promise<void>
}

const cliPlatform: Platform = {
  shell: 'browser',
  chooseDirectory: async () => null,
  showInFolder: async () => undefined,
  openExternal: async () => undefined,
  notify: () => undefined,
}

/**
 * The same core the app runs, signed in with the keychain session and the app's data folder, or, for
 * development runs, with TG_CONTACTS_SESSION / TG_CONTACTS_ENDPOINT (then in a throwaway data folder
 * unless TG_CONTACTS_DATA_DIR names one, so a test session never mixes with the app's cache).
 */
export async function openCliCore(io: CliIo): Promise<CliCore> {
  const credentials = readEnvCredentials(io.env)
  if (credentials.kind === 'malformed') throw new UsageError(credentials.problem)
  const envSession = Boolean(io.env.TG_CONTACTS_SESSION)
  const temp = !io.env.TG_CONTACTS_DATA_DIR && envSession ? await mkdtemp(join(tmpdir(), 'tg-contacts-cli-')) : null
  const dataDir = io.env.TG_CONTACTS_DATA_DIR ?? temp ?? appDataDir(io.env)
  const removeTemp = async () => {
    if (temp) await rm(temp, { recursive: true, force: true })
  }
  let core: Core
  try {
    core = await createCore({
      secrets: envSession ? createMemoryStore() : createKeytarStore(),
      platform: cliPlatform,
      dataDir,
      allowEnvSeams: true,
      env: io.env,
    })
  } catch (error) {
    await removeTemp()
    throw error
  }
  return {
    core,
    async call(method, input) {
      const result = await unlessInterrupted(core.router.dispatch(method, input), io.signal)
      if (!result.ok) throw new AppError(result.error)
      return result.value as never
    },
    async close() {
      try {
        await core.dispose()
      } finally {
        await removeTemp()
      }
    },
  }
}

/** Signed in, or an AppError NOT_AUTHORIZED with what is missing. */
export async function requireSignedIn(cli: CliCore, env: CliIo['env']): Promise<void> {
  const status = await cli.call('auth.status', {})
  if (status.state === 'signedIn') return
  const why =
    status.state === 'needCredentials'
      ? 'no api_id/api_hash (set TG_API_ID and TG_API_HASH, or sign in with the app once)'
      : env.TG_CONTACTS_SESSION
        ? 'the session in TG_CONTACTS_SESSION is invalid or was revoked (sign in again and use the new session)'
        : 'not signed in to Telegram (sign in with the app, or set TG_CONTACTS_SESSION)'
  throw new AppError({ code: 'NOT_AUTHORIZED', message: why })
}

/** Exit status and message for a failure: 3 takeout delayed, 4 not signed in, else 1 (usage and interrupts: rethrown). */
export function failure(io: CliIo, command: string, error: unknown): ExitCode {
  if (error instanceof UsageError || error instanceof CliInterrupted) throw error
  if (error instanceof AppError) {
    if (error.code === 'TAKEOUT_DELAY' && error.envelope.availableAt !== undefined) {
      const at = new Date(error.envelope.availableAt)
      io.err(`tg-contacts ${command}: the export is delayed by Telegram until ${at.toISOString()} (${at.toLocaleString()}). ${error.message}\n`)
      return EXIT.takeoutDelayed
    }
    io.err(`tg-contacts ${command}: ${error.message}\n`)
    return error.code === 'NOT_AUTHORIZED' || error.code === 'NEED_CREDENTIALS' ? EXIT.notSignedIn : EXIT.failure
  }
  io.err(`tg-contacts ${command}: ${error instanceof Error ? error.message : String(error)}\n`)
  return EXIT.failure
}
