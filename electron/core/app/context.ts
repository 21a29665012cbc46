import type { TelegramClient } from 'telegram'
import type { Birthday, Contact, SavedNumber, SavedNumberSource, Self } from '../contract'
import type { EventBus } from '../router'
import type { SecretStore } from '../secrets/secret-store'
import type { Platform } from './platform'

/** Telegram as the rest of the core sees it: a signed-in GramJS client, and who we are. */
export interface TelegramAccess {
  /**
   * The connected, signed-in client. Throws AppError NOT_AUTHORIZED when signed out, NETWORK at once while the
   * connection is down.
   */
  client(): Promise<TelegramClient>
  /** For jobs that wait out an outage: the client once connected; CANCELLED when the signal aborts first. */
  whenOnline(signal?: AbortSignal): Promise<TelegramClient>
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

/** A saved phone contact as Telegram acknowledged it: the number and the name it is saved under. */
export interface SavedEntry {
  phone: string
  firstName: string
  lastName: string
}

/** The saved phone contacts the app has seen (see contacts/saved-numbers.ts). */
export interface SavedNumbersAccess {
  /** Every known saved number, newest first, and when a takeout (or a reset) last gave the complete list. */
  list(): Promise<{ numbers: SavedNumber[]; completeAt: number | null }>
  /** The same by their digits, for matching. */
  byDigits(): Promise<ReadonlyMap<string, SavedNumber>>
  learn(entries: readonly SavedEntry[], source: SavedNumberSource): Promise<void>
  /** A takeout's contacts.getSaved: the complete list, replacing what was known. */
  replaceFromTakeout(entries: readonly SavedEntry[]): Promise<void>
  /** Numbers Telegram no longer keeps. */
  forget(phones: readonly string[]): Promise<void>
  forgetAll(): Promise<void>
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
  /** Every saved phone contact the app has seen (add by phone, acknowledged import rows, the last takeout). */
  readonly savedNumbers: SavedNumbersAccess
  /** Contacts' birthdays as far as the app has learnt them (exports write them). */
  readonly birthdays: BirthdaysAccess
  readonly now: () => number
}

export interface BirthdaysAccess {
  get(userId: string): Birthday | undefined
}
