/**
 * Phone number normalisation, shared by import, add-by-phone and delete-by-phones, over the one
 * rule in ./rule.ts (libphonenumber-js with its full metadata, also used by the renderer).
 */

import { isSupportedCountry } from 'libphonenumber-js/max'
import type { CountryCode } from 'libphonenumber-js/max'
import { validE164, type Region } from './rule'

export { regionOfPhone, type Region } from './rule'

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
  return validE164(raw, defaultRegion)
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

