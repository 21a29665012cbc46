import type { TelegramClient } from 'telegram'
import type { Contact, Self } from '../contract'
import type { EventBus } from '../router'
import type { SecretStore } from '../secrets/secret-store'
import type { Platform } from './platform'

/** Telegram as the rest of the core sees it: a signed-in GramJS client, and who we are. */
export interface TelegramAccess {
  /** The connected, signed-in client. Throws AppError NOT_AUTHORIZED when signed out. */
  client(): Promise<TelegramClient>
  /** The signed-in user, or null. */
  self(): Self | null
}

/** The contact list as the core keeps it (cache + live updates), for features that build on it. */
export interface ContactsAccess {
  /** The current list (from cache or Telegram); loads it if nothing is loaded yet. */
  current(): Promise<Contact[]>
  /** Refetch from Telegram (after an import, a reset, a delete by phones). */
  refresh(): Promise<Contact[]>
}

/** Everything a capability's handlers may depend on. Built once by createCore. */
export interface CoreContext {
  /** The app's data folder: caches, import journals, export state. Never secrets. */
  readonly dataDir: string
  readonly secrets: SecretStore
  readonly events: EventBus
  readonly platform: Platform
  readonly telegram: TelegramAccess
  readonly contacts: ContactsAccess
  readonly now: () => number
}
