import type { Handlers } from '../router'
import type { TelegramService } from '../telegram/telegram-service'

export type AuthMethod =
  | 'auth.status'
  | 'auth.setCredentials'
  | 'auth.sendCode'
  | 'auth.resendCode'
  | 'auth.signIn'
  | 'auth.checkPassword'
  | 'auth.cancel'
  | 'auth.signOut'
  | 'connection.status'
  | 'connection.retry'

/** The sign-in and connection methods over the TelegramService. */
export function createAuthHandlers(telegram: TelegramService): Pick<Handlers, AuthMethod> {
  return {
    'auth.status': () => telegram.status(),
    'auth.setCredentials': ({ apiId, apiHash }) => telegram.setCredentials(apiId, apiHash),
    'auth.sendCode': ({ phone }) => telegram.sendCode(phone),
    'auth.resendCode': () => telegram.resendCode(),
    'auth.signIn': ({ code }) => telegram.signIn(code),
    'auth.checkPassword': ({ password }) => telegram.checkPassword(password),
    'auth.cancel': () => telegram.cancel(),
    'auth.signOut': () => telegram.signOut(),
    'connection.status': async () => telegram.connectionStatus(),
    'connection.retry': async () => {
      telegram.retryConnection()
      return { ok: true as const }
    },
  }
}
