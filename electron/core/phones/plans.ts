/**
 * What libphonenumber's metadata proves about groups of numbers: numbers of one numbering plan and
 * length whose digits differ only in their last `width` digits are parsed, judged valid and formatted
 * alike, when every pattern that reads them leaves those digits open (pattern-tails.ts). Used by the
 * normaliser (normalize.ts) and the formatter (format.ts) to share one answer per group.
 */

import { Metadata, getCountryCallingCode } from 'libphonenumber-js/max'
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max'
import metadataJson from 'libphonenumber-js/metadata.max.json'
import { prefixRead, prefixReach, trailingFreeDigits } from './pattern-tails'

/** Group widths tried, widest first: numbers sharing all but their last `width` digits. */
export const WIDTHS = [6, 4, 2] as const

/** The parts of libphonenumber-js's Metadata class read here (its typings declare less than it has). */
interface NumberingPlanView {
  nationalNumberPattern(): string
  type(type: string): { pattern(): string } | undefined
  IDDPrefix(): string | undefined
  formats(): { pattern(): string; leadingDigitsPatterns(): string[] }[]
  nationalPrefixForParsing(): string | undefined
  leadingDigits(): string | undefined
}
interface MetadataView {
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined
  selectNumberingPlan(country: string): void
  numberingPlan: NumberingPlanView
}

const TYPES = ['FIXED_LINE', 'MOBILE', 'TOLL_FREE', 'PREMIUM_RATE', 'PERSONAL_NUMBER', 'VOICEMAIL', 'UAN', 'PAGER', 'VOIP', 'SHARED_COST']

interface FormatFacts {
  pattern: string
  /** The last (most detailed) leading-digits pattern, or null. */
  leading: string | null
}

interface PlanFacts {
  /** Its number patterns: the general one and one per type. */
  patterns: string[]
  /** trailingFreeDigits of the patterns, memoised by length and leading digits. */
  free: Map<string, number>
  /** Its prefix patterns (read from the start of a number), or null where it has none. */
  nationalPrefix: string | null
  internationalPrefix: string | null
  leadingDigits: string | null
  /** Its number formats, in the order libphonenumber tries them. */
  formats: FormatFacts[]
}

/** Metadata over the full set; max's typings declare the class without its constructor argument. */
const openMetadata = (): MetadataView => new (Metadata as unknown as new (json: unknown) => MetadataView)(metadataJson)

const facts = new Map<string, PlanFacts>()
let metadata: MetadataView | null = null

/** The metadata gives 0, not a pattern, where a country has none. */
const patternOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

export function factsOf(country: string): PlanFacts {
  let found = facts.get(country)
  if (found !== undefined) return found
  metadata ??= openMetadata()
  metadata.selectNumberingPlan(country)
  const plan = metadata.numberingPlan
  const patterns = [plan.nationalNumberPattern()]
  for (const type of TYPES) {
    const pattern = plan.type(type)?.pattern()
    if (pattern) patterns.push(pattern)
  }
  found = {
    patterns,
    free: new Map(),
    nationalPrefix: patternOrNull(plan.nationalPrefixForParsing()),
    internationalPrefix: patternOrNull(plan.IDDPrefix()),
    leadingDigits: patternOrNull(plan.leadingDigits()),
    formats: plan.formats().map((f) => ({ pattern: f.pattern(), leading: f.leadingDigitsPatterns().at(-1) ?? null })),
  }
  facts.set(country, found)
  return found
}

/**
 * Leading digits of `digits` from `offset` that `pattern` reads, counted from the start: at most the
 * pattern's longest match, and fewer where `digits` leave it fewer ways (see prefixRead). The walk
 * only runs when the bound would keep the shared digits `needed` from being enough.
 */
function reads(pattern: string | null, digits: string, offset: number, needed: number): number {
  if (pattern === null) return 0
  const bound = offset + prefixReach(pattern) + 1
  return bound <= needed ? bound : offset + prefixRead(pattern, digits.slice(offset))
}

const anchored = new Map<string, RegExp>()

/** Whether a prefix pattern matches at the start of `digits`. */
function starts(pattern: string | null, digits: string): boolean {
  if (pattern === null) return false
  let re = anchored.get(pattern)
  if (re === undefined) {
    re = new RegExp(`^(?:${pattern})`)
    anchored.set(pattern, re)
  }
  return re.test(digits)
}

export function countriesOf(callingCode: string): string[] {
  metadata ??= openMetadata()
  return metadata.getCountryCodesForCallingCode(callingCode) ?? []
}

/**
 * How many last digits of `digits` this answer holds for, whatever they are; 0 when none.
 *
 * Before the patterns, the parse reads leading digits: the international prefix (`00`), the calling
 * code, a national prefix (`0`), a country's leading digits. Each of those reads must stay inside the
 * shared digits, so every number of the group takes the same steps. The patterns then see national
 * numbers between `digits` less every prefix that may be stripped and `digits` whole: none of the
 * patterns of any country with that calling code may look at the last `width` digits at those lengths.
 */
export function sharedWidth(digits: string, plus: boolean, parsed: PhoneNumber, region: CountryCode | null): number {
  const national = parsed.nationalNumber as string
  // Two-digit texts are viable to libphonenumber only without punctuation: never shared.
  if (digits.length < 3) return 0
  const callingCode = parsed.countryCallingCode as string
  const countries = countriesOf(callingCode)
  const main = countries[0]
  if (main === undefined) return 0
  // Enough shared digits for the widest group.
  const needed = digits.length - WIDTHS[0]
  let stripped: number
  let reach: number
  if (plus) {
    const plan = factsOf(main)
    stripped = callingCode.length + (starts(plan.nationalPrefix, digits.slice(callingCode.length)) ? prefixReach(plan.nationalPrefix ?? undefined) : 0)
    reach = reads(plan.nationalPrefix, digits, callingCode.length, needed)
  } else {
    if (region === null || getCountryCallingCode(region) !== callingCode) return 0
    const plan = factsOf(region)
    // A number dialled with the international prefix (0049…) is left to the text cache.
    if (starts(plan.internationalPrefix, digits)) return 0
    const withCode = digits.startsWith(callingCode) ? callingCode.length : 0
    const prefixed = starts(plan.nationalPrefix, digits) || (withCode > 0 && starts(plan.nationalPrefix, digits.slice(withCode)))
    stripped = withCode + (prefixed ? prefixReach(plan.nationalPrefix ?? undefined) : 0)
    reach = Math.max(reads(plan.internationalPrefix, digits, 0, needed) + 1, callingCode.length, reads(plan.nationalPrefix, digits, 0, needed), reads(plan.nationalPrefix, digits, withCode, needed))
  }
  // A prefix pattern outside the subset may read any number of digits: nothing is shared.
  if (!Number.isFinite(stripped) || !Number.isFinite(reach)) return 0
  for (const country of countries) {
    const leading = factsOf(country).leadingDigits
    for (let offset = 0; offset <= stripped; offset++) reach = Math.max(reach, reads(leading, digits, offset, needed))
  }
  for (const width of WIDTHS) {
    if (digits.length - width < reach || national.length <= width || !national.endsWith(digits.slice(-width))) continue
    if (leavesFree(countries, digits, stripped, width)) return width
  }
  return 0
}

/** Whether no pattern looks at the last `width` digits of any national number the parse may try. */
function leavesFree(countries: readonly string[], digits: string, stripped: number, width: number): boolean {
  for (let length = Math.max(0, digits.length - stripped); length <= digits.length; length++) {
    // A candidate national number: `digits` less a stripped prefix. Only its shared digits may be looked at.
    const candidate = digits.slice(digits.length - length)
    for (const country of countries) if (freeDigits(factsOf(country), length, candidate, width) < width) return false
  }
  return true
}

/** The most leading digits a pattern walk is told about: the walks are memoised by them. */
const LEAD_DIGITS = 4

/**
 * Free last digits of `candidate` under a country's patterns, enough to say whether `width` are: the
 * walk knows no leading digit first, then one more at a time while that helps (ruling out patterns of
 * other prefixes). Each walk is memoised by length and the digits it knew, so few are ever walked.
 */
function freeDigits(facts: PlanFacts, length: number, candidate: string, width: number): number {
  let free = 0
  for (let known = 0; known <= Math.min(LEAD_DIGITS, length - width); known++) {
    const lead = candidate.slice(0, known)
    const key = `${length}:${lead}`
    let found = facts.free.get(key)
    if (found === undefined) {
      found = trailingFreeDigits(facts.patterns, length, lead)
      if (facts.free.size < 20_000) facts.free.set(key, found)
    }
    free = found
    if (free >= width) break
  }
  return free
}

/**
 * The widest group whose numbers libphonenumber formats alike: the parse and the country are shared
 * (sharedWidth), and every format's leading digits and pattern leave the last `width` digits open.
 */
export function formatWidth(digits: string, parsed: PhoneNumber): number {
  let width = sharedWidth(digits, true, parsed, null)
  if (width === 0) return 0
  const callingCode = parsed.countryCallingCode as string
  const country = (parsed.country as CountryCode | undefined) ?? countriesOf(callingCode)[0]
  if (country === undefined) return 0
  const national = digits.slice(callingCode.length)
  for (const format of factsOf(country).formats) {
    while (width > 0 && (reads(format.leading, national, 0, national.length - width) > national.length - width || formatFreeDigits(format.pattern, national, width) < width)) width = WIDTHS.find((w) => w < width) ?? 0
    if (width === 0) return 0
  }
  return width
}

const formatFree = new Map<string, number>()

/** Free last digits of `national` under one format pattern, knowing its first digits (memoised). */
function formatFreeDigits(pattern: string, national: string, width: number): number {
  const key = `${pattern}\n${national.length}:${national.slice(0, Math.min(LEAD_DIGITS, national.length - width))}`
  let free = formatFree.get(key)
  if (free === undefined) {
    free = trailingFreeDigits([pattern], national.length, national.slice(0, Math.min(LEAD_DIGITS, national.length - width)))
    if (formatFree.size < 20_000) formatFree.set(key, free)
  }
  return free
}
