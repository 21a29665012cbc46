import type { Router } from '../router'
import { EventBus, createRouter, type Handlers } from '../router'
import type { SecretStore } from '../secrets/secret-store'
import { ContactsService } from '../contacts/contacts-service'
import { createContactsHandlers } from '../contacts/handlers'
import { RequestsService } from '../contacts/requests-service'
import { createCleanupHandlers } from '../contacts/cleanup-handlers'
import { createSavedHandlers } from '../contacts/saved-handlers'
import { SavedNumbers } from '../contacts/saved-numbers'
import { deleteByPhones } from '../contacts/delete-by-phones'
import { PendingDeletes } from '../contacts/pending-deletes'
import { createExportHandlers } from '../exporter/handlers'
import { createImportHandlers } from '../importer/handlers'
import type { ImportServiceOptions } from '../importer/job/import-service'
import { builtinCredentials } from '../telegram/builtin-credentials'
import type { Credentials } from '../telegram/env-credentials'
import { BirthdaysService } from '../birthdays/birthdays-service'
import { createDemoHandlers } from '../demo/handlers'
import type { CoreMode } from '../demo/options'
import type { Endpoint } from '../telegram/endpoint'
import { createPhotosHandlers } from '../photos/handlers'
import { PhotosService } from '../photos/photos-service'
import type { ConnectionTiming } from '../telegram/connection/supervisor'
import { TelegramService } from '../telegram/telegram-service'
import { createAuthHandlers } from './auth-handlers'
import type { CoreContext } from './context'
import type { Platform } from './platform'
import { createPlatformHandlers } from './platform-handlers'

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
  /**
   * Asks the shell to replace this core with the demo's, or the demo's with the account's (demo.start / demo.stop).
   * Absent where nothing can switch (the CLI): the methods say so.
   */
  switchMode?: (to: CoreMode) => void
  /** A Telegram server the shell names itself (the demo's emulator), whatever allowEnvSeams says; never from env. */
  endpoint?: Endpoint
  /** Environment to read TG_API_ID, TG_API_HASH and the seams from; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>
  /** Validate handler outputs against the contract (tests, development). */
  checkOutputs?: boolean
  /** Where unexpected (non-AppError) failures are reported; never the renderer. */
  onUnexpectedError?: (method: string, error: unknown) => void
  /** App name and version for app.info; defaults to TG Contacts and the package version. */
  identity?: { name: string; version: string }
  /** Pause between profiles the birthday scan reads (tests scale it down); default SCAN_PAUSE_MS. */
  birthdayScanPauseMs?: number
  /** How long a delete waits for Undo (default 5 s); integration tests shorten or lengthen it. */
  deleteUndoMs?: number
  /** The import job's policy and seams; benchmarks and tests scale its waits down. Defaults to the real policy. */
  importOptions?: ImportServiceOptions
  /** The api_id / api_hash the build ships with; defaults to what the build defined (none in development and tests). */
  builtinCredentials?: Credentials | null
  /** The reconnect schedule and probes (telegram/connection/supervisor.ts); defaults to the real ones. */
  connectionTiming?: Partial<ConnectionTiming>
}

export interface Core {
  router: Router
  events: EventBus
  /** Disconnects Telegram (client.destroy), stops timers, flushes caches. Idempotent. */
  dispose(): Promise<void>
}

const DEFAULT_IDENTITY = { name: 'TG Contacts', version: '0.1.0' }

/**
 * Builds the whole core: reads credentials and the session from the SecretStore (so a restart resumes signed in;
 * no network yet), composes every capability's handlers and returns the router the shells (Electron IPC, browser
 * bridge, CLI) serve.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const events = new EventBus()
  const env = options.env ?? process.env
  const telegram = await TelegramService.open({
    secrets: options.secrets,
    dataDir: options.dataDir,
    events,
    env,
    allowEnvSeams: options.allowEnvSeams,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    builtinCredentials: options.builtinCredentials === undefined ? builtinCredentials() : options.builtinCredentials,
    ...(options.connectionTiming ? { connectionTiming: options.connectionTiming } : {}),
  })
  const savedNumbers = new SavedNumbers({ events, dataDir: options.dataDir, now: Date.now, currentSelf: () => telegram.currentSelf() })
  const offSaved = telegram.onAccount({ signedOut: () => savedNumbers.signedOut() })
  const contacts = new ContactsService({ telegram, events, dataDir: options.dataDir, now: Date.now, savedNumbers })
  const requests = new RequestsService({ telegram, contacts, events, dataDir: options.dataDir, now: Date.now })
  const photos = new PhotosService({
    telegram,
    hashes: contacts.hashes,
    events,
    dataDir: options.dataDir,
    now: Date.now,
    onUsersRefreshed: (users) => contacts.applyUsers(users),
  })
  const birthdays = new BirthdaysService({
    telegram,
    contacts,
    events,
    dataDir: options.dataDir,
    now: Date.now,
    ...(options.birthdayScanPauseMs !== undefined ? { scanPauseMs: options.birthdayScanPauseMs } : {}),
  })
  const ctx: CoreContext = {
    dataDir: options.dataDir,
    secrets: options.secrets,
    events,
    platform: options.platform,
    telegram,
    contacts,
    savedNumbers,
    birthdays,
    now: Date.now,
  }
  const deletes = new PendingDeletes({
    events,
    dataDir: options.dataDir,
    now: Date.now,
    currentSelf: () => telegram.currentSelf(),
    send: async (target) => {
      if (target.kind === 'contacts') await contacts.delete(target.ids)
      else await deleteByPhones(ctx, target.phones)
    },
    ...(options.deleteUndoMs !== undefined ? { undoMs: options.deleteUndoMs } : {}),
  })
  // A delete a previous run announced but could not send goes now; so does one of an account signing in again.
  void deletes.recover()
  const offDeletes = [
    events.subscribe((envelope) => {
      if (envelope.event === 'auth.changed' && envelope.payload.state === 'signedIn') void deletes.recover()
    }),
    telegram.onAccount({ signedOut: (self) => deletes.forgetAccount(self.id) }),
  ]
  const identity = options.identity ?? DEFAULT_IDENTITY
  // Kept to dispose: the import journal's open file and a running export or its timer outlive the router otherwise.
  const importing = createImportHandlers(ctx, options.importOptions)
  const exporting = createExportHandlers(ctx)
  const handlers: Handlers = {
    ...createPlatformHandlers(options.platform, { ...identity, demo: options.demo ?? false, demoSwitch: options.switchMode !== undefined }),
    ...createDemoHandlers({ demo: options.demo ?? false, telegram, events, ...(options.switchMode ? { switchMode: options.switchMode } : {}) }),
    ...createAuthHandlers(telegram),
    // Deletes still waiting for Undo are sent before the session ends.
    'auth.signOut': async () => {
      await deletes.commitAll()
      return telegram.signOut()
    },
    ...createContactsHandlers(contacts, requests, deletes),
    ...createPhotosHandlers(photos),
    'birthdays.list': () => birthdays.list(),
    ...importing,
    ...exporting,
    ...createCleanupHandlers(ctx),
    ...createSavedHandlers(ctx, deletes),
  }
  const router = createRouter(handlers, {
    checkOutputs: options.checkOutputs ?? false,
    ...(options.onUnexpectedError ? { onUnexpectedError: options.onUnexpectedError } : {}),
  })
  let disposed: Promise<void> | null = null
  const dispose = async (): Promise<void> => {
    // First, while Telegram is still connected: the deletes the user was told about are sent (bounded wait).
    await deletes.dispose()
    for (const off of offDeletes) off()
    requests.dispose()
    photos.dispose()
    await birthdays.dispose()
    await importing.dispose()
    await exporting.dispose()
    await contacts.dispose()
    offSaved()
    await savedNumbers.dispose()
    await telegram.dispose()
  }
  return {
    router,
    events,
    dispose: () => (disposed ??= dispose()),
  }
}
