import { INVALID_REQUEST_MESSAGE, type ErrorEnvelope } from '@contract'
import { ApiError } from '../api/client'
import { formatDateTime, formatWait } from './format'

/** What Telegram's RPC error names mean to a person, and what they can do about it. */
const RPC_MESSAGES: Record<string, string> = {
  PHONE_NUMBER_INVALID: 'This phone number is not valid. Check the country and the number, then try again.',
  PHONE_NUMBER_BANNED: 'Telegram has banned this phone number. Contact Telegram support from a mobile app.',
  PHONE_NUMBER_UNOCCUPIED: 'No Telegram account uses this number yet. Sign up in a Telegram mobile app first, then sign in here.',
  PHONE_NUMBER_FLOOD: 'Too many codes were requested for this number. Try again later.',
  PHONE_CODE_INVALID: 'That code is not right. Check the code Telegram sent and type it again.',
  PHONE_CODE_EXPIRED: 'This code has expired. Ask for a new code and use that one.',
  PHONE_CODE_EMPTY: 'Type the code Telegram sent you.',
  PASSWORD_HASH_INVALID: 'Wrong password. This is your two-step verification password, not the login code. Try again.',
  PASSWORD_EMPTY: 'Type your two-step verification password.',
  API_ID_INVALID: 'Telegram does not accept this api_id and api_hash. Copy both again from my.telegram.org.',
  API_ID_PUBLISHED_FLOOD: 'This api_id was published and Telegram limits it. Create your own at my.telegram.org.',
  SESSION_PASSWORD_NEEDED: 'This account has two-step verification: type your password.',
  AUTH_RESTART: 'Telegram asked to start the sign-in again. Enter your phone number once more.',
  SEND_CODE_UNAVAILABLE: 'Telegram cannot send another code right now. Use the last code you received, or try again later.',
  CONTACT_NAME_EMPTY: 'Enter a first name for this contact.',
  FIRSTNAME_INVALID: 'This first name is not accepted. Use 1 to 64 characters.',
  LASTNAME_INVALID: 'This last name is not accepted. Use up to 64 characters.',
  CONTACT_ID_INVALID: 'Telegram does not recognise this person any more.',
  CONTACT_REQ_MISSING: 'This person is no longer waiting for your phone number: the request was withdrawn or already answered.',
  USER_PRIVACY_RESTRICTED: "This person's privacy settings don't allow this.",
  USERNAME_NOT_OCCUPIED: 'No one on Telegram has this username.',
  USERNAME_INVALID: 'This is not a valid Telegram username or link.',
  QUERY_TOO_SHORT: 'Type a few more characters.',
  SEARCH_QUERY_EMPTY: 'Type something to search for.',
  USER_ID_INVALID: 'Telegram does not recognise this person.',
  TAKEOUT_REQUIRED: 'Telegram requires an export session for this. Start the export again.',
}

/**
 * The fields of a request a person fills in, as the sentence to say when the core's schema refused one. The forms
 * check these before sending; this is what is left when one slips through (issue 11 item 7).
 */
const FIELD_MESSAGES: Record<string, string> = {
  firstName: 'Enter a first name of up to 64 characters.',
  lastName: 'A last name can have up to 64 characters.',
  phone: 'Type a phone number, with its country code if it is from another country.',
  query: 'Type a Telegram username (like @name) or a t.me link.',
  apiId: 'api_id is a number, such as 1234567. Copy it from my.telegram.org.',
  apiHash: 'api_hash is 32 characters of 0–9 and a–f. Copy it from my.telegram.org.',
  code: 'Type the digits of the code Telegram sent you.',
  password: 'Type your two-step verification password (up to 256 characters).',
  directory: 'Choose the folder to export to.',
  formats: 'Choose at least one format to export.',
  files: 'Add at most 50 files at once, each up to 64 MB.',
  text: 'Paste at most 4 MB of phone numbers at once.',
  contacts: 'Import at most 200,000 contacts at once, each with a first name and a phone number.',
  ids: 'Delete at most 100,000 contacts at once.',
  phones: 'Delete at most 100,000 numbers at once.',
}
const REFUSED_REQUEST = 'TG Contacts could not send this request. Try again; if it happens again, restart the app.'

function invalidInputSentence(envelope: ErrorEnvelope): string {
  // Anything but the router's own message is the core's sentence for a person (a number, a link, a folder).
  if (envelope.message !== INVALID_REQUEST_MESSAGE) return envelope.message
  const sentences = new Set((envelope.issues ?? []).flatMap((issue) => FIELD_MESSAGES[issue.path.split('.')[0] ?? ''] ?? []))
  return sentences.size > 0 ? [...sentences].join(' ') : REFUSED_REQUEST
}

function rpcName(envelope: ErrorEnvelope): string | undefined {
  return envelope.rpcError?.replace(/_\d+$/, '_N')
}

export function envelopeOf(error: unknown): ErrorEnvelope | null {
  if (error instanceof ApiError) return error.envelope
  return null
}

/** The human sentence for any failure the UI shows. */
export function humanError(error: unknown): string {
  const envelope = envelopeOf(error)
  if (!envelope) {
    if (error instanceof Error && error.message) return `Something went wrong: ${error.message}`
    return 'Something went wrong. Try again.'
  }
  return humanEnvelope(envelope)
}

export function humanEnvelope(envelope: ErrorEnvelope): string {
  const rpc = rpcName(envelope)
  if (rpc && RPC_MESSAGES[rpc]) return RPC_MESSAGES[rpc]
  switch (envelope.code) {
    case 'FLOOD_WAIT':
      return envelope.seconds !== undefined
        ? `Telegram asks you to wait ${formatWait(envelope.seconds)} before trying again.`
        : 'Telegram asks you to wait a little before trying again.'
    case 'NETWORK':
      return "Can't reach Telegram. Check your internet connection; the app keeps trying and you can try again."
    case 'NOT_AUTHORIZED':
      return 'You are signed out of Telegram. Sign in again to go on.'
    case 'NEED_CREDENTIALS':
      return 'Enter your api_id and api_hash first.'
    case 'KEYCHAIN_UNAVAILABLE':
      return "No system keychain answered, so TG Contacts can't keep your session safely. Unlock or install your keychain (GNOME Keyring, KWallet, macOS Keychain) and try again."
    case 'TAKEOUT_DELAY':
      return envelope.availableAt !== undefined
        ? `For security reasons Telegram lets you export from ${formatDateTime(envelope.availableAt)}. Telegram notified your other devices.`
        : 'For security reasons Telegram delays the first export. Telegram notified your other devices; try again later.'
    case 'TAKEOUT_INVALID':
      return 'A newer export cancelled this one. Start the export again.'
    case 'BUSY':
      return 'Another operation is still running. Wait for it to finish, then try again.'
    case 'CANCELLED':
      return 'Cancelled.'
    case 'INVALID_INPUT':
      return invalidInputSentence(envelope)
    case 'TELEGRAM':
      return envelope.rpcError ? `Telegram refused this (${envelope.rpcError}). ${envelope.message}`.trim() : envelope.message
    // The core writes these for people already (INTERNAL: one generic sentence, never the cause).
    case 'FILE':
    case 'EXISTS':
    case 'NOT_FOUND':
    case 'FORBIDDEN':
    case 'INTERNAL':
      return envelope.message
    case 'UNKNOWN_METHOD':
      return `Something went wrong inside the app: ${envelope.message}`
  }
}

export function errorCode(error: unknown): string | null {
  const envelope = envelopeOf(error)
  return envelope ? (envelope.rpcError ?? envelope.code) : null
}
