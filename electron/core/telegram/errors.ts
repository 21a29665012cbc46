import { errors } from 'telegram'
import { AppError, type ErrorCode } from '../contract'

type Known = { code: ErrorCode; message: string }

/** Human messages for the RPC errors a user can meet in this app; the raw name still travels as rpcError. */
const known: Record<string, Known> = {
  PHONE_NUMBER_INVALID: { code: 'TELEGRAM', message: 'Telegram does not accept this phone number. Check the country code and the digits.' },
  PHONE_NUMBER_BANNED: { code: 'TELEGRAM', message: 'This phone number is banned from Telegram.' },
  PHONE_NUMBER_FLOOD: { code: 'TELEGRAM', message: 'Too many login codes were requested for this number. Try again later.' },
  PHONE_NUMBER_UNOCCUPIED: { code: 'TELEGRAM', message: 'There is no Telegram account with this number. Create one in a Telegram mobile app first.' },
  PHONE_CODE_INVALID: { code: 'TELEGRAM', message: 'That code is not right. Check it and type it again.' },
  PHONE_CODE_EMPTY: { code: 'TELEGRAM', message: 'Type the code Telegram sent you.' },
  PHONE_CODE_EXPIRED: { code: 'TELEGRAM', message: 'That code has expired. Ask for a new one.' },
  PHONE_CODE_HASH_EMPTY: { code: 'TELEGRAM', message: 'The login attempt was lost. Enter your phone number again.' },
  SEND_CODE_UNAVAILABLE: { code: 'TELEGRAM', message: 'Telegram cannot send another code right now. Use the last one or wait.' },
  PASSWORD_HASH_INVALID: { code: 'TELEGRAM', message: 'That password is not right. Try again; the hint may help.' },
  PASSWORD_EMPTY: { code: 'TELEGRAM', message: 'Type your two-step verification password.' },
  SRP_ID_INVALID: { code: 'TELEGRAM', message: 'The password check timed out. Type the password again.' },
  SRP_PASSWORD_CHANGED: { code: 'TELEGRAM', message: 'The password was changed meanwhile. Type the new one.' },
  API_ID_INVALID: { code: 'NEED_CREDENTIALS', message: 'Telegram rejected the api_id / api_hash pair. Copy both again from my.telegram.org.' },
  API_ID_PUBLISHED_FLOOD: { code: 'NEED_CREDENTIALS', message: 'This api_id was published and is blocked. Use your own from my.telegram.org.' },
  AUTH_KEY_UNREGISTERED: { code: 'NOT_AUTHORIZED', message: 'You are signed out of Telegram. Please sign in again.' },
  AUTH_KEY_INVALID: { code: 'NOT_AUTHORIZED', message: 'You are signed out of Telegram. Please sign in again.' },
  AUTH_KEY_PERM_EMPTY: { code: 'NOT_AUTHORIZED', message: 'You are signed out of Telegram. Please sign in again.' },
  SESSION_REVOKED: { code: 'NOT_AUTHORIZED', message: 'This session was ended from another device. Please sign in again.' },
  SESSION_EXPIRED: { code: 'NOT_AUTHORIZED', message: 'This session has expired. Please sign in again.' },
  USER_DEACTIVATED: { code: 'NOT_AUTHORIZED', message: 'This Telegram account was deleted or deactivated.' },
  USER_DEACTIVATED_BAN: { code: 'NOT_AUTHORIZED', message: 'This Telegram account was banned.' },
  QUERY_TOO_SHORT: { code: 'TELEGRAM', message: 'Type a few more characters to search Telegram.' },
  SEARCH_QUERY_EMPTY: { code: 'TELEGRAM', message: 'Type something to search Telegram.' },
  USERNAME_INVALID: { code: 'NOT_FOUND', message: 'That is not a valid Telegram username.' },
  USERNAME_NOT_OCCUPIED: { code: 'NOT_FOUND', message: 'Nobody on Telegram has that username.' },
  CONTACT_NAME_EMPTY: { code: 'TELEGRAM', message: 'A contact needs a first name.' },
  CONTACT_ID_INVALID: { code: 'TELEGRAM', message: 'Telegram does not know this person any more.' },
  CONTACT_REQ_MISSING: {
    code: 'TELEGRAM',
    message: 'This person has not added you, so there is nothing to answer. They can see your number only if you add them and share it.',
  },
  CONTACT_ADD_MISSING: { code: 'TELEGRAM', message: 'This person is not in your contacts any more.' },
  USER_ID_INVALID: { code: 'TELEGRAM', message: 'Telegram does not know this person any more.' },
  PEER_ID_INVALID: { code: 'TELEGRAM', message: 'Telegram does not know this person any more.' },
  TAKEOUT_INVALID: { code: 'TAKEOUT_INVALID', message: 'The data export was cancelled because another export started. Start it again.' },
  TAKEOUT_REQUIRED: { code: 'TAKEOUT_INVALID', message: 'Telegram requires a data export session for this. Start the export again.' },
}

const networkPattern =
  /ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|EAI_AGAIN|while disconnected|Not connected|Connection closed|socket|timed? ?out|Request was unsuccessful/i

const networkError = (): AppError =>
  new AppError({ code: 'NETWORK', message: 'Cannot reach Telegram. Check your internet connection and try again.' })

function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 90) return `${minutes} minutes`
  return `${Math.ceil(minutes / 60)} hours`
}

/** A Telegram flood wait as the app reports it: the seconds to wait, with a readable sentence. */
export function floodWait(seconds: number, rpcError = `FLOOD_WAIT_${seconds}`): AppError {
  return new AppError({
    code: 'FLOOD_WAIT',
    message: `Telegram asks to wait ${waitText(seconds)} before trying again.`,
    seconds,
    rpcError,
  })
}

/** GramJS's DC-migration errors carry a sentence as errorMessage; their RPC name is rebuilt from the class and newDc. */
const migrations: Array<[new (...args: never[]) => errors.InvalidDCError & { newDc: number }, string]> = [
  [errors.FileMigrateError, 'FILE_MIGRATE'],
  [errors.UserMigrateError, 'USER_MIGRATE'],
  [errors.PhoneMigrateError, 'PHONE_MIGRATE'],
  [errors.NetworkMigrateError, 'NETWORK_MIGRATE'],
]

function rpcName(error: errors.RPCError): string {
  for (const [type, prefix] of migrations) if (error instanceof type) return `${prefix}_${error.newDc}`
  return error.errorMessage
}

/**
 * Maps what GramJS threw to an AppError the renderer may see: RPC errors get a human message and keep their name in
 * rpcError; socket failures become NETWORK. Null for anything else (a bug, which the router hides as INTERNAL).
 */
export function mapTelegramError(error: unknown, now: () => number = Date.now): AppError | null {
  if (error instanceof AppError) return error
  if (error instanceof errors.FloodWaitError || error instanceof errors.FloodTestPhoneWaitError || error instanceof errors.SlowModeWaitError) {
    return floodWait(error.seconds)
  }
  if (error instanceof errors.RPCError) {
    const name = rpcName(error)
    const delay = /^TAKEOUT_INIT_DELAY_(\d+)$/.exec(name)
    if (delay) {
      const seconds = Number(delay[1])
      return new AppError({
        code: 'TAKEOUT_DELAY',
        message: `For security reasons Telegram lets you export your contacts in ${waitText(seconds)}. Confirm the request in a Telegram app and come back then.`,
        availableAt: now() + seconds * 1000,
        rpcError: name,
      })
    }
    const wait = /^(?:FLOOD_WAIT|FLOOD_PREMIUM_WAIT|SLOWMODE_WAIT|2FA_CONFIRM_WAIT)_(\d+)$/.exec(name)
    if (wait) return floodWait(Number(wait[1]), name)
    const entry = known[name]
    if (entry) return new AppError({ ...entry, rpcError: name })
    if (error.code === 401) return new AppError({ code: 'NOT_AUTHORIZED', message: 'You are signed out of Telegram. Please sign in again.', rpcError: name })
    if (error.code !== undefined && error.code >= 500) {
      return new AppError({ code: 'TELEGRAM', message: 'Telegram had an internal problem. Try again in a moment.', rpcError: name })
    }
    return new AppError({ code: 'TELEGRAM', message: `Telegram refused the request (${name}).`, rpcError: name })
  }
  if (error instanceof Error && networkPattern.test(error.message)) return networkError()
  return null
}

/** Rethrows a GramJS failure as its AppError, or unchanged when it is not a Telegram failure. */
export function rethrowTelegramError(error: unknown): never {
  throw mapTelegramError(error) ?? error
}

/** The RPC error name of a GramJS failure, or null when it is not an RPC error. */
export function rpcErrorName(error: unknown): string | null {
  if (error instanceof AppError) return error.envelope.rpcError ?? null
  return error instanceof errors.RPCError ? rpcName(error) : null
}

export { networkError }
