import { createRequire } from 'node:module'
import type * as KeytarModule from 'keytar'
import { AppError } from '../contract'
import { SECRET_SERVICE, type SecretStore } from './secret-store'

type Keytar = Pick<typeof KeytarModule, 'getPassword' | 'setPassword' | 'deletePassword'>

const UNAVAILABLE_MESSAGE =
  'The system keychain is not available, so TG Contacts cannot keep your Telegram session safely. ' +
  'On Linux, install and unlock a Secret Service keyring (GNOME Keyring or KWallet); on macOS and Windows, ' +
  'make sure the Keychain or Credential Manager is unlocked, then try again.'

function unavailable(cause: unknown): AppError {
  // The reason comes from libsecret / D-Bus / the OS (never from the secret itself); its first line helps support.
  const reason = (cause instanceof Error ? cause.message : String(cause)).split('\n', 1)[0]?.slice(0, 200) ?? ''
  const error = new AppError({ code: 'KEYCHAIN_UNAVAILABLE', message: reason ? `${UNAVAILABLE_MESSAGE} (${reason})` : UNAVAILABLE_MESSAGE })
  error.cause = cause
  return error
}

/** Loaded on first use only, so the renderer build and CLI commands that never touch secrets never load the native module. */
function defaultLoader(): Keytar {
  return createRequire(import.meta.url)('keytar') as Keytar
}

/**
 * The OS keychain through keytar (Secret Service on Linux, Keychain on macOS, Credential Manager on
 * Windows). Any keychain failure becomes KEYCHAIN_UNAVAILABLE; there is deliberately no file fallback.
 */
export function createKeytarStore(options: { service?: string; load?: () => Keytar } = {}): SecretStore {
  const service = options.service ?? SECRET_SERVICE
  const load = options.load ?? defaultLoader
  let keytar: Keytar | null = null

  async function withKeytar<T>(run: (k: Keytar) => Promise<T>): Promise<T> {
    try {
      keytar ??= load()
      return await run(keytar)
    } catch (error) {
      throw unavailable(error)
    }
  }

  const checkAccount = (account: string): void => {
    if (account === '') throw new AppError({ code: 'INVALID_INPUT', message: 'A keychain entry needs a name.' })
  }

  return {
    get(account) {
      checkAccount(account)
      return withKeytar((k) => k.getPassword(service, account))
    },
    async set(account, secret) {
      checkAccount(account)
      if (secret === '') throw new AppError({ code: 'INVALID_INPUT', message: 'An empty secret cannot be stored.' })
      await withKeytar((k) => k.setPassword(service, account, secret))
    },
    delete(account) {
      checkAccount(account)
      return withKeytar((k) => k.deletePassword(service, account))
    },
  }
}
