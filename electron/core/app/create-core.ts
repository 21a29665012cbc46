import type { Router } from '../router'
import { EventBus, createRouter } from '../router'
import type { SecretStore } from '../secrets/secret-store'
import type { Platform } from './platform'
import { AppError, methodNames } from '../contract'
import type { Handlers } from '../router'

export interface CoreOptions {
  /** Where the session string and api_hash live (keychain in the app, memory in tests and demo). */
  secrets: SecretStore
  platform: Platform
  /** The app's data folder (caches, journals); never holds secrets. */
  dataDir: string
  /**
   * Honour TG_CONTACTS_ENDPOINT / TG_CONTACTS_SESSION (emulator, test DCs, demo). Dev, demo and tests pass true;
   * the packaged app passes false so nothing in the environment can redirect a user's session.
   */
  allowEnvSeams: boolean
  /** Demo mode (reported by app.info). */
  demo?: boolean
  /** Environment to read TG_API_ID, TG_API_HASH and the seams from; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>
  /** Validate handler outputs against the contract (tests, development). */
  checkOutputs?: boolean
  /** Where unexpected (non-AppError) failures are reported; never the renderer. */
  onUnexpectedError?: (method: string, error: unknown) => void
}

export interface Core {
  router: Router
  events: EventBus
  /** Disconnects Telegram (client.destroy), stops timers, flushes caches. Idempotent. */
  dispose(): Promise<void>
}

/**
 * Builds the whole core: reads credentials and the session from the SecretStore (so a restart resumes signed in),
 * composes every capability's handlers and returns the router the shells (Electron IPC, browser bridge, CLI) serve.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const events = new EventBus()
  // Placeholder until the capability handlers are wired in (same session); the signature above is final.
  const unavailable = async (): Promise<never> => {
    throw new AppError({ code: 'INTERNAL', message: 'This part of the app is not available yet.' })
  }
  const composed = {
    handlers: Object.fromEntries(methodNames.map((name) => [name, unavailable])) as unknown as Handlers,
    dispose: async () => {},
  }
  const router = createRouter(composed.handlers, {
    checkOutputs: options.checkOutputs ?? false,
    ...(options.onUnexpectedError ? { onUnexpectedError: options.onUnexpectedError } : {}),
  })
  let disposed: Promise<void> | null = null
  return {
    router,
    events,
    dispose: () => (disposed ??= composed.dispose()),
  }
}
