/**
 * Phone number normalisation, shared by import, add-by-phone and delete-by-phones, over the one
 * rule in ./rule.ts (libphonenumber-js with its full metadata, also used by the renderer); the
 * normaliser and formatter for many numbers at once share answers among numbers that libphonenumber
 * provably treats alike (./plans.ts).
 */

import { isSupportedCountry } from 'libphonenumber-js/max'
import type { CountryCode } from 'libphonenumber-js/max'
import type { Region } from './rule'

export { regionOfPhone, type Region } from './rule'
export { createPhoneNormalizer, toE164 } from './normalize'
export type { NormalizerOptions, PhoneNormalizer } from './normalize'
export { formatInternational } from './format'

const REGION = /^[A-Z]{2}$/

/** A region code when libphonenumber-js knows it, else null (so callers can pass user input). */
export function toRegion(code: string | null | undefined): Region | null {
  if (code === null || code === undefined) return null
  const upper = code.trim().toUpperCase()
  return REGION.test(upper) && isSupportedCountry(upper) ? (upper as CountryCode) : null
}
