/**
 * A phone number as people type it at home ("01516 4132995", "8 916 123-45-67") read as the international
 * number it stands for, in the account's country, so it finds "+49 1516 4132995". libphonenumber-js's
 * as-you-type formatter knows each country's trunk prefix ("0", "8") and international prefix ("00"),
 * also for numbers still being typed.
 */

import { AsYouType } from 'libphonenumber-js/min'
import type { CountryCode } from 'libphonenumber-js/min'

const memo = new Map<string, string | null>()

/**
 * The international digits (country code first, no "+") that `typed` begins, read in `country`; null
 * when it is no phone number, or reads as itself (then the digits already match as typed).
 */
export function internationalDigits(typed: string, country: CountryCode | undefined): string | null {
  const id = `${country ?? ''} ${typed}`
  const known = memo.get(id)
  if (known !== undefined) return known
  let result: string | null = null
  const formatter = new AsYouType(country)
  formatter.input(typed)
  const number = formatter.getNumber()?.number
  const digits = number ? number.slice(1) : null
  if (digits && digits !== typed.replace(/\D+/g, '')) result = digits
  if (memo.size > 1000) memo.clear()
  memo.set(id, result)
  return result
}
