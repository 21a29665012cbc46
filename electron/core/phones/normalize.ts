/**
 * E.164 normalisation with full ("max") metadata, cached by country, leading digits and length.
 *
 * libphonenumber-js costs ~15 µs a number with full metadata: for a 100,000-card file (250,000 numbers)
 * that is four times the reading itself. Numbers of one numbering plan and length whose digits differ
 * only in the last few are judged by the same patterns (plans.ts): the first number of such a group is
 * parsed, and every other one is its E.164 head plus its own last digits. A group is only that wide
 * where the metadata proves it, so the answer is always the one libphonenumber gives.
 */

import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { PhoneNumber } from 'libphonenumber-js/max'
import { SharedAnswers, plainDigits } from './groups'
import { sharedWidth } from './plans'
import { validE164, type Region } from './rule'

/** Longer text is no phone number (the rule cuts it there too). */
const MAX_RAW = 64

/** What validE164 parses, kept whole: the proof of a group needs the calling code and national number. */
function parse(raw: string, defaultRegion: Region | null): PhoneNumber | undefined {
  return parsePhoneNumberFromString(raw.trim(), defaultRegion === null ? undefined : { defaultCountry: defaultRegion })
}

/**
 * The E.164 form of a number as a person wrote it, or null when it is not a valid number (the app's
 * rule, rule.ts). `defaultRegion` applies to national numbers (no '+' or international prefix).
 */
export function toE164(raw: string, defaultRegion: Region | null): string | null {
  return validE164(raw, defaultRegion)
}

export interface PhoneNormalizer {
  /** The E.164 form of a number as written, or null when it is not a valid number. */
  (raw: string): string | null
  /** How many numbers libphonenumber parsed so far: the rest were answered from the cache. */
  readonly parses: number
}

export interface NormalizerOptions {
  /**
   * Time spent proving groups (sharedWidth), as a share of the time spent parsing: numbers that share
   * nothing (a small, varied address book) then cost at most this much more than parsing alone.
   */
  proofBudget?: number
}

/** A normaliser for one default region: exact answers, memoised per group of numbers (or per text). */
export function createPhoneNormalizer(defaultRegion: Region | null, options: NormalizerOptions = {}): PhoneNormalizer {
  const budget = options.proofBudget ?? 0.5
  // Texts outside the plain alphabet, and plain numbers that share their answer with no other.
  const byText = new Map<string, string | null>()
  // Per group: the E.164 head (without the group's last digits), or null (invalid).
  const groups = new SharedAnswers<string | null>()
  let parses = 0
  let parseMs = 0
  let proofMs = 0
  const normalize = (input: string): string | null => {
    const raw = input.length > MAX_RAW ? input.slice(0, MAX_RAW) : input
    const plain = plainDigits(raw)
    let e164 = byText.get(raw)
    if (e164 !== undefined) return e164
    if (plain === null) {
      parses++
      e164 = toE164(raw, defaultRegion)
      remember(byText, raw, e164)
      return e164
    }
    const plus = plain.charCodeAt(0) === 43
    const digits = plus ? plain.slice(1) : plain
    const shared = groups.find(plus, digits)
    if (shared !== undefined) return shared.value === null ? null : shared.value + digits.slice(-shared.width)
    parses++
    const started = performance.now()
    const parsed = parse(raw, defaultRegion)
    e164 = parsed !== undefined && parsed.isValid() ? parsed.number : null
    const proving = performance.now()
    parseMs += proving - started
    let width = 0
    // A couple of milliseconds of proof always: the first numbers of a big file decide whether it pays.
    if (parsed !== undefined && proofMs <= parseMs * budget + 2) {
      width = sharedWidth(digits, plus, parsed, defaultRegion)
      proofMs += performance.now() - proving
    }
    if (!groups.keep(plus, digits, width, e164 === null ? null : e164.slice(0, -width))) remember(byText, raw, e164)
    return e164
  }
  return Object.defineProperty(normalize, 'parses', { get: () => parses }) as PhoneNormalizer
}

function remember(cache: Map<string, string | null>, raw: string, e164: string | null): void {
  if (cache.size < 500_000) cache.set(raw, e164)
}
