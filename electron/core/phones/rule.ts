/**
 * The app's one rule for a phone number a person typed or a file holds, and the sentences that explain
 * its verdict. The core (add by phone, the import preview, delete by phone numbers) and the renderer
 * (the add-by-phone dialog, as the user types) both import this file, so they cannot disagree.
 *
 * It imports nothing but libphonenumber-js with the full ("max") metadata: validity is checked against
 * each country's real number ranges, not only lengths (with the small metadata "12345" passes as a
 * German number). Keep it that way: the renderer bundles this file and everything it imports.
 */

import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max'
import type { CountryCode } from 'libphonenumber-js/max'
import { formatInternational } from './format'

/** An ISO 3166 two-letter region ('DE', 'US') that libphonenumber-js knows. */
export type Region = CountryCode

export type PhoneVerdict =
  /** In a range the country assigns. */
  | { verdict: 'valid'; e164: string; region: Region | null }
  /** The right length for the country, but in no range it assigns: a typo, or a very new range. Ask before using it. */
  | { verdict: 'unlikely'; e164: string; region: Region | null }
  /** Cannot be a number: nothing typed, letters, no country, too short or too long. */
  | { verdict: 'impossible'; reason: 'empty' | 'characters' | 'needsCountry' | 'tooShort' | 'tooLong' | 'notANumber'; region: Region | null }

/** Longer text is cut before parsing: no phone number is that long, and parsing is linear in the input. */
const MAX_INPUT = 64
/** What may appear in a typed number besides digits (and "tel:" from a copied link). */
const PHONE_CHARACTERS = /^(tel:)?[\d\s()+.\-/\u00a0]*$/i

/**
 * The verdict on `raw`. `defaultRegion` applies to national numbers (no '+' or 00 prefix); `strictCharacters`
 * refuses letters (typed input) instead of letting libphonenumber pick the digits out of them (address books
 * hold "mobile: +49 …" and "+49 151 … ext. 2").
 */
export function judgePhone(raw: string, defaultRegion: Region | null, { strictCharacters = false } = {}): PhoneVerdict {
  const text = (raw.length > MAX_INPUT ? raw.slice(0, MAX_INPUT) : raw).trim()
  if (text === '') return { verdict: 'impossible', reason: 'empty', region: defaultRegion }
  if (strictCharacters && !PHONE_CHARACTERS.test(text)) return { verdict: 'impossible', reason: 'characters', region: defaultRegion }
  const options = defaultRegion === null ? undefined : { defaultCountry: defaultRegion }
  const parsed = parsePhoneNumberFromString(text, options)
  if (parsed !== undefined && parsed.isValid()) return { verdict: 'valid', e164: parsed.number, region: parsed.country ?? null }
  const international = /^(tel:)?\s*(\+|00)/i.test(text)
  if (!international && defaultRegion === null) return { verdict: 'impossible', reason: 'needsCountry', region: null }
  if (parsed?.isPossible()) return { verdict: 'unlikely', e164: parsed.number, region: parsed.country ?? null }
  const length = validatePhoneNumberLength(text, options)
  const reason = length === 'TOO_LONG' ? 'tooLong' : length === 'TOO_SHORT' ? 'tooShort' : 'notANumber'
  return { verdict: 'impossible', reason, region: parsed?.country ?? (international ? null : defaultRegion) }
}

/** The E.164 form when `raw` is a valid number, else null (files: a row is importable only then). */
export function validE164(raw: string, defaultRegion: Region | null): string | null {
  const verdict = judgePhone(raw, defaultRegion)
  return verdict.verdict === 'valid' ? verdict.e164 : null
}

/** The region a full international number belongs to ('+4930…' -> 'DE'; Telegram's bare digits too), or null. */
export function regionOfPhone(e164: string | null | undefined): Region | null {
  if (!e164) return null
  return parsePhoneNumberFromString(e164.startsWith('+') ? e164 : `+${e164}`)?.country ?? null
}

const digitsOf = (phone: string): string => phone.replace(/\D/g, '')

/** Whether `e164` is the signed-in account's own number (Telegram's User.phone: digits, maybe with '+'). */
export function isOwnNumber(e164: string, ownPhone: string | null | undefined): boolean {
  if (!ownPhone) return false
  const own = digitsOf(ownPhone)
  return own.length > 0 && digitsOf(e164) === own
}

let regionNames: Intl.DisplayNames | null = null

/** "Germany" for 'DE'. */
export function regionName(region: Region): string {
  regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' })
  return regionNames.of(region) ?? region
}

/** "+49 151 23456789" for display ('+' added to Telegram's bare digits); unknown shapes come back as they are. */
export function formatE164(e164: string): string {
  const digits = e164.startsWith('+') ? e164.slice(1) : e164
  // One template per group of numbers formatted alike (format.ts): a list of contacts shows each new number without parsing it.
  return /^\d+$/.test(digits) ? formatInternational(digits) : `+${digits}`
}

/** Why a number cannot be used, for a person. */
export function phoneProblem(verdict: Extract<PhoneVerdict, { verdict: 'impossible' }>): string {
  switch (verdict.reason) {
    case 'empty':
      return 'Enter a phone number.'
    case 'characters':
      return 'A phone number has only digits, spaces and + ( ) - characters.'
    case 'needsCountry':
      return 'Start with + and the country code, for example +44 20 7946 0958.'
    case 'tooShort':
    case 'tooLong': {
      const where = verdict.region === null ? 'a phone number' : `a number from ${regionName(verdict.region)}`
      return `This is too ${verdict.reason === 'tooShort' ? 'short' : 'long'} for ${where}. Check the digits and the country code.`
    }
    case 'notANumber':
      return 'This does not look like a phone number. Check the digits and the country code.'
  }
}

/**
 * The question for a number of the right length in no range its country assigns. It names the number as it would be
 * sent: the question takes the form's place, and a national number has been given a country code the person did not type.
 */
export function unlikelyQuestion(verdict: Extract<PhoneVerdict, { verdict: 'unlikely' }>): string {
  const code = parsePhoneNumberFromString(verdict.e164)?.countryCallingCode
  const where = verdict.region !== null ? `a number from ${regionName(verdict.region)}` : `a number with the country code +${code ?? ''}`
  return `${formatE164(verdict.e164)} does not look like ${where}. Add it anyway?`
}

/** Why the account's own number is refused. */
export const OWN_NUMBER_MESSAGE = 'This is your own phone number. Telegram keeps you out of your own contacts.'
