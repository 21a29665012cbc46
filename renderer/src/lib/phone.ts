// The renderer uses libphonenumber-js with its small ("min") metadata: enough to validate and format,
// a fraction of the bundle of the full set (the core uses the max metadata for imports).
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/min'
import type { CountryCode } from 'libphonenumber-js/min'

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
  if (!e164) return undefined
  const normalised = e164.startsWith('+') ? e164 : `+${e164}`
  return parsePhoneNumberFromString(normalised)?.country
}

/** A best guess at the user's country from the browser locale ("en-GB" -> GB). */
export function countryFromLocale(locale: string | undefined): CountryCode | undefined {
  const region = locale?.split(/[-_]/)[1]?.toUpperCase()
  return region && isCountryCode(region) ? region : undefined
}

export type PhoneCheck = { ok: true; e164: string; country: CountryCode | undefined; formatted: string } | { ok: false; reason: string }

/** Validates what a person typed: "+44 20 7946 0958", or a national number with a default country. */
export function checkPhone(input: string, defaultCountry: CountryCode | undefined): PhoneCheck {
  const text = input.trim()
  if (!text) return { ok: false, reason: 'Enter a phone number.' }
  if (/[^\d\s()+.\-/]/.test(text)) return { ok: false, reason: 'A phone number has only digits, spaces and + ( ) - characters.' }
  const parsed = parsePhoneNumberFromString(text, defaultCountry)
  if (!parsed) {
    return {
      ok: false,
      reason: defaultCountry ? 'This does not look like a phone number.' : 'Start with + and the country code, or pick a country.',
    }
  }
  if (!parsed.isValid()) {
    const where = parsed.country ? ` for ${new Intl.DisplayNames(['en'], { type: 'region' }).of(parsed.country) ?? parsed.country}` : ''
    return { ok: false, reason: `This is not a valid phone number${where}. Check the digits and the country.` }
  }
  return { ok: true, e164: parsed.number, country: parsed.country, formatted: parsed.formatInternational() }
}

const formatted = new Map<string, string>()

/** "+447911123456" -> "+44 7911 123456" for display; unknown shapes are returned as they are. */
export function formatPhone(e164: string | null | undefined): string {
  if (!e164) return ''
  const known = formatted.get(e164)
  if (known !== undefined) return known
  const withPlus = e164.startsWith('+') ? e164 : `+${e164}`
  const parsed = parsePhoneNumberFromString(withPlus)
  const text = parsed ? parsed.formatInternational() : withPlus
  // Rows re-render while scrolling and typing: remember recent numbers instead of parsing them again.
  if (formatted.size > 5000) formatted.clear()
  formatted.set(e164, text)
  return text
}
