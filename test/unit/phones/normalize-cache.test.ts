import { getCountries, getExampleNumber } from 'libphonenumber-js/max'
import type { CountryCode } from 'libphonenumber-js/max'
import examples from 'libphonenumber-js/examples.mobile.json'
import { describe, expect, it } from 'vitest'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { createPhoneNormalizer, formatInternational, toE164 } from '../../../electron/core/phones'
import { prefixRead, prefixReach, trailingFreeDigits } from '../../../electron/core/phones/pattern-tails'

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    return s / 2 ** 32
  }
}

describe('pattern tails', () => {
  it('counts the last digits no pattern looks at, per length and leading digits', () => {
    expect(trailingFreeDigits(['1[5-7]\\d{8}'], 10)).toBe(8)
    expect(trailingFreeDigits(['1[5-7]\\d{8}'], 9)).toBe(17)
    // GB's toll-free "8001111": a number of that length and prefix has no free digit at all...
    expect(trailingFreeDigits(['80[08]\\d{7}|800\\d{6}|8001111'], 7)).toBe(0)
    // ...unless its leading digits rule that path out.
    expect(trailingFreeDigits(['7\\d{6}|8001111'], 7, '7')).toBe(6)
    expect(trailingFreeDigits(['(?:2(?:0[1-35-9]|1[02-9])|4(?:15|24))[2-9]\\d{6}'], 10, '415')).toBe(6)
    expect(trailingFreeDigits(['\\d{2,11}x'], 5)).toBe(0)
  })

  it('bounds what a prefix pattern reads', () => {
    expect(prefixReach('0|180020')).toBe(6)
    expect(prefixRead('0|180020', '7700123456')).toBe(1)
    expect(prefixRead('0|180020', '1800201234')).toBe(7)
    expect(prefixReach('([457]\\d{6})$|1')).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('the cached normaliser', () => {
  it('answers exactly as libphonenumber for every country, in every form, for numbers that share leading digits', () => {
    const r = rng(12)
    const regions: (CountryCode | null)[] = ['DE', 'US', 'GB', 'BR', 'JP', 'AR', null]
    let checked = 0
    let parses = 0
    const wrong: string[] = []
    for (const region of regions) {
      const normalize = createPhoneNormalizer(region, { proofBudget: Number.POSITIVE_INFINITY })
      for (const country of getCountries()) {
        const example = getExampleNumber(country, examples)
        if (example === undefined) continue
        const forms = [example.number, example.formatInternational(), example.formatNational(), `00${example.number.slice(1)}`, example.formatNational().replace(/\D/g, '-')]
        for (const form of forms) {
          const total = form.replace(/\D/g, '').length
          for (let k = 0; k < 3; k++) {
            // The same leading digits, new last ones: the numbers a shared answer covers.
            const keep = total - 1 - Math.floor(r() * Math.min(8, total))
            let seen = 0
            const text = form.replace(/\d/g, (d) => (seen++ < keep ? d : String(Math.floor(r() * 10))))
            checked++
            if (normalize(text) !== toE164(text, region)) wrong.push(`${region} ${text}`)
          }
        }
      }
      parses += normalize.parses
    }
    expect(checked).toBeGreaterThan(20_000)
    // Many answers came from a group, not from a parse of their own: the shared path is what is checked.
    expect(checked - parses).toBeGreaterThan(checked / 4)
    expect(wrong).toEqual([])
  }, 120_000)

  it('parses one number per group: 10,000 mobile numbers of one network cost a handful of parses', () => {
    const r = rng(3)
    // No time budget for the proofs: on a loaded machine a descheduled proof spends it, and the count would say so.
    const normalize = createPhoneNormalizer('DE', { proofBudget: Number.POSITIVE_INFINITY })
    for (let i = 0; i < 10_000; i++) {
      const tail = String(Math.floor(r() * 1e8)).padStart(8, '0')
      const text = i % 2 === 0 ? `+49 151 ${tail}` : `0151 ${tail}`
      expect(normalize(text)).toBe(`+49151${tail}`)
    }
    expect(normalize.parses).toBeLessThan(300)
  })

  it('leaves texts outside the plain alphabet to libphonenumber, one parse per text', () => {
    const normalize = createPhoneNormalizer('US')
    for (const text of ['1-800-FLOWERS', '+1 415 555 2671 ext. 12', 'tel:+1-415-555-2671', '+1 415 555 2671#']) {
      expect(normalize(text)).toBe(toE164(text, 'US'))
      expect(normalize(text)).toBe(toE164(text, 'US'))
    }
    expect(normalize.parses).toBe(4)
  })
})

describe('the shared formatter', () => {
  it('formats exactly as libphonenumber for every country, numbers that share leading digits included', () => {
    const r = rng(8)
    const wrong: string[] = []
    let checked = 0
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples)
      if (example === undefined) continue
      const digits = example.number.slice(1)
      for (let k = 0; k < 20; k++) {
        const keep = digits.length - 1 - Math.floor(r() * Math.min(7, digits.length))
        const variant = digits.slice(0, keep) + Array.from({ length: digits.length - keep }, () => String(Math.floor(r() * 10))).join('')
        const formatted = parsePhoneNumberFromString(`+${variant}`)?.formatInternational()
        const want = formatted !== undefined && formatted.replace(/\D/g, '') === variant ? formatted : `+${variant}`
        checked++
        if (formatInternational(variant) !== want) wrong.push(variant)
      }
    }
    expect(checked).toBeGreaterThan(4000)
    expect(wrong).toEqual([])
  }, 60_000)
})
