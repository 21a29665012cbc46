// The full ("max") metadata, as the shared phone rule (@phones) uses: one copy in the bundle, and
// numbers are judged against real ranges, not only lengths (see electron/core/phones/rule.ts).
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/max'
import type { CountryCode } from 'libphonenumber-js/max'
import { formatE164, judgePhone, phoneProblem, regionOfPhone, unlikelyQuestion } from '@phones'

export type { CountryCode }

export interface Country {
  code: CountryCode
  name: string
  callingCode: string
  flag: string
}

function flagOf(code: string): string {
  return String.fromCodePoint(...Array.from(code.toUpperCase()).map((c) => 0x1f1e6 + c.charCodeAt(0) - 65))
}

let countriesCache: Country[] | null = null

export function countries(): Country[] {
  if (countriesCache) return countriesCache
  const names = new Intl.DisplayNames(['en'], { type: 'region' })
  countriesCache = getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code, callingCode: getCountryCallingCode(code), flag: flagOf(code) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'))
  return countriesCache
}

export function isCountryCode(value: string): value is CountryCode {
  return (getCountries() as string[]).includes(value)
}

/** The country of an E.164 number (the account's own), used as the default region. */
export function countryOfNumber(e164: string | null | undefined): CountryCode | undefined {
  return regionOfPhone(e164) ?? undefined
}

/** A best guess at the user's country from the browser locale ("en-GB" -> GB). */
export function countryFromLocale(locale: string | undefined): CountryCode | undefined {
  const region = locale?.split(/[-_]/)[1]?.toUpperCase()
  return region && isCountryCode(region) ? region : undefined
}

/** What a typed number is: usable (`question` set when it is in no assigned range: ask first), or why not. */
export type PhoneCheck =
  | { ok: true; e164: string; country: CountryCode | undefined; formatted: string; question: string | null }
  | { ok: false; reason: string }

/** Judges what a person typed ("+44 20 7946 0958", or a national number with a default country) by the shared rule. */
export function checkPhone(input: string, defaultCountry: CountryCode | undefined): PhoneCheck {
  const verdict = judgePhone(input, defaultCountry ?? null, { strictCharacters: true })
  if (verdict.verdict === 'impossible') return { ok: false, reason: phoneProblem(verdict) }
  return {
    ok: true,
    e164: verdict.e164,
    country: verdict.region ?? undefined,
    formatted: formatE164(verdict.e164),
    question: verdict.verdict === 'unlikely' ? unlikelyQuestion(verdict) : null,
  }
}

/** "+447911123456" -> "+44 7911 123456" for display; unknown shapes are returned as they are. */
export function formatPhone(e164: string | null | undefined): string {
  return e164 ? formatE164(e164) : ''
}
