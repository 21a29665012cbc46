/**
 * Phone number normalisation, shared by import, add-by-phone and delete-by-phones.
 * libphonenumber-js with its full ("max") metadata, so validity is checked against real number
 * ranges and not only lengths.
 */

import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { CountryCode } from 'libphonenumber-js/max'

/** An ISO 3166 two-letter region ('DE', 'US'), used for numbers written without a country code. */
export type Region = CountryCode

const REGION = /^[A-Z]{2}$/

/** A region code when libphonenumber-js knows it, else null (so callers can pass user input). */
export function toRegion(code: string | null | undefined): Region | null {
  if (code === null || code === undefined) return null
  const upper = code.trim().toUpperCase()
  return REGION.test(upper) && isSupportedCountry(upper) ? (upper as CountryCode) : null
}

/**
 * The E.164 form of a number as a person wrote it, or null when it is not a valid number.
 * `defaultRegion` applies to national numbers (no '+' or international prefix).
 */
export function toE164(raw: string, defaultRegion: Region | null): string | null {
  const text = raw.length > 64 ? raw.slice(0, 64) : raw
  const parsed = parsePhoneNumberFromString(text, defaultRegion === null ? undefined : { defaultCountry: defaultRegion })
  if (parsed === undefined || !parsed.isValid()) return null
  return parsed.number
}

/** The region a full international number belongs to ('+4930…' -> 'DE'), or null. */
export function regionOfPhone(e164: string | null | undefined): Region | null {
  if (!e164) return null
  const parsed = parsePhoneNumberFromString(e164.startsWith('+') ? e164 : `+${e164}`)
  return parsed?.country ?? null
}

/**
 * A memoising normaliser for one default region: address books repeat numbers and parsing with
 * full metadata costs about 10 µs a number.
 */
export function createPhoneNormalizer(defaultRegion: Region | null): (raw: string) => string | null {
  const cache = new Map<string, string | null>()
  return (raw) => {
    let e164 = cache.get(raw)
    if (e164 === undefined) {
      e164 = toE164(raw, defaultRegion)
      if (cache.size < 500_000) cache.set(raw, e164)
    }
    return e164
  }
}

