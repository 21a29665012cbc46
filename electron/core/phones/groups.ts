/** Answers shared by groups of numbers (see plans.ts), keyed by form, length and shared digits. */

import { WIDTHS } from './plans'

const NOT_DIGITS = /\D+/g

/**
 * The digits of a plain number: digits, spaces, dashes, dots, slashes and brackets, with at most a
 * leading '+', nothing whose placement libphonenumber reads (letters, '#', 'x', ';ext=' all are).
 * '+' and the digits, or null for any other text.
 */
export function plainDigits(raw: string): string | null {
  let plus = false
  let digits = 0
  let separators = false
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i)
    if (c >= 48 && c <= 57) digits++
    else if (c === 43 && digits === 0 && !plus && !separators) plus = true
    else if (c === 32 || c === 40 || c === 41 || c === 45 || c === 46 || c === 47 || c === 0xa0) separators = true
    else return null
  }
  const only = separators ? raw.replace(NOT_DIGITS, '') : plus ? raw.slice(1) : raw
  return plus ? `+${only}` : only
}

/** One answer per group: per width, '+' or '', the length, ':' and the shared digits -> the answer. */
export class SharedAnswers<T> {
  private readonly byWidth = WIDTHS.map(() => new Map<string, T>())

  /** The answer for `digits`' group and the group's width, or undefined. */
  find(plus: boolean, digits: string): { value: T; width: number } | undefined {
    const form = `${plus ? '+' : ''}${digits.length}:`
    for (let w = 0; w < WIDTHS.length; w++) {
      const width = WIDTHS[w] as number
      if (digits.length <= width + 2) continue
      const value = (this.byWidth[w] as Map<string, T>).get(form + digits.slice(0, -width))
      if (value !== undefined) return { value, width }
    }
    return undefined
  }

  /** Keeps an answer for every number that shares all but the last `width` digits; false when none is kept. */
  keep(plus: boolean, digits: string, width: number, value: T): boolean {
    const group = this.byWidth[WIDTHS.indexOf(width as (typeof WIDTHS)[number])]
    if (group === undefined || group.size >= 200_000) return false
    group.set(`${plus ? '+' : ''}${digits.length}:${digits.slice(0, -width)}`, value)
    return true
  }
}
