import { parsePhoneNumberFromString } from 'libphonenumber-js'
import { AppError } from '../contract'

/**
 * A phone number typed by a person, as E.164 ('+' and digits). Numbers are read as international (the sign-in screen
 * has a country picker that prefixes the code); "possible" rather than "valid" is checked, because Telegram's test
 * numbers (99966XYYYY) and newly allocated ranges fail libphonenumber's stricter validity metadata.
 */
export function normalisePhone(input: string, field = 'phone'): string {
  const trimmed = input.trim()
  const international = trimmed.startsWith('+') ? trimmed : trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : `+${trimmed}`
  const parsed = parsePhoneNumberFromString(international)
  if (!parsed || !parsed.isPossible()) {
    throw new AppError({
      code: 'INVALID_INPUT',
      message: 'That does not look like a phone number. Include the country code, for example +44 20 7946 0958.',
      issues: [{ path: field, message: 'a phone number with its country code' }],
    })
  }
  return parsed.number
}

/** How Telegram stores a phone in User.phone: digits only. */
export const phoneDigits = (e164: string): string => e164.replace(/\D/g, '')

/** User.phone (digits, no '+') as E.164, or null when Telegram does not show it. */
export function phoneFromTelegram(phone: string | undefined | null): string | null {
  if (!phone) return null
  const digits = phone.replace(/\D/g, '')
  return digits.length > 0 ? `+${digits}` : null
}
