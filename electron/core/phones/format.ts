/**
 * International formatting ("+49 151 12345678"), as libphonenumber-js writes it with full metadata, for
 * the exporter's files. Parsing costs ~50 µs a number, most of an export of 100,000 contacts: numbers
 * that plans.ts proves are formatted alike share one template ('#' for each digit).
 */

import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { SharedAnswers } from './groups'
import { formatWidth } from './plans'

const templates = new SharedAnswers<string | null>()
const byDigits = new Map<string, string | null>()

function fill(template: string, digits: string): string {
  let i = 0
  return template.replace(/#/g, () => digits[i++] ?? '')
}

/** The digits of a full international number formatted; '+' and the digits when libphonenumber has no format. */
export function formatInternational(digits: string): string {
  if (digits === '') return ''
  const shared = templates.find(true, digits)
  let template = shared?.value ?? byDigits.get(digits)
  if (shared === undefined && template === undefined) {
    const parsed = parsePhoneNumberFromString(`+${digits}`)
    const formatted = parsed?.formatInternational()
    // A template only when the formatted text keeps exactly the digits, in order (no national prefix added).
    template = formatted !== undefined && formatted.replace(/\D/g, '') === digits ? formatted.replace(/\d/g, '#') : null
    const width = parsed === undefined ? 0 : formatWidth(digits, parsed)
    if (!templates.keep(true, digits, width, template) && byDigits.size < 100_000) byDigits.set(digits, template)
  }
  return template === null || template === undefined ? `+${digits}` : fill(template, digits)
}
