/**
 * Where the Telegram session string and api_hash live: the OS keychain in the app, memory in unit tests.
 * Implementations throw AppError KEYCHAIN_UNAVAILABLE when no keychain answers; none falls back to a file.
 */
export interface SecretStore {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>
}

/** The keychain service name, and the accounts (entries) the app keeps under it. */
export const SECRET_SERVICE = 'TG Contacts'
export const secretAccounts = {
  session: 'telegram-session',
  apiHash: 'telegram-api-hash',
} as const
