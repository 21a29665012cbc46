import { AppError } from '../contract'
import type { SecretStore } from './secret-store'

/** A SecretStore in process memory, for unit tests, e2e runs and demo mode: nothing touches disk or the OS keychain. */
export function createMemoryStore(initial: Record<string, string> = {}): SecretStore {
  const entries = new Map(Object.entries(initial))
  return {
    async get(account) {
      return entries.get(account) ?? null
    },
    async set(account, secret) {
      if (account === '') throw new AppError({ code: 'INVALID_INPUT', message: 'A keychain entry needs a name.' })
      if (secret === '') throw new AppError({ code: 'INVALID_INPUT', message: 'An empty secret cannot be stored.' })
      entries.set(account, secret)
    },
    async delete(account) {
      return entries.delete(account)
    },
  }
}
