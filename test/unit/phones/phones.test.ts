import { describe, expect, it } from 'vitest'
import { createPhoneNormalizer, regionOfPhone, toE164, toRegion } from '../../../electron/core/phones'

describe('phones', () => {
  it('normalises international numbers whatever the formatting', () => {
    for (const raw of ['+49 30 1234567', '+49 (30) 1234-567', '+49-30-1234567', 'tel:+49-30-1234567', '0049 30 1234567']) {
      expect(toE164(raw, 'DE'), raw).toBe('+49301234567')
    }
  })

  it('uses the default region only for national numbers', () => {
    expect(toE164('030 1234567', 'DE')).toBe('+49301234567')
    expect(toE164('(415) 555-2671', 'US')).toBe('+14155552671')
    expect(toE164('030 1234567', null)).toBeNull()
    expect(toE164('+1 415 555 2671', 'DE')).toBe('+14155552671')
  })

  it('flags numbers that are not valid with the full metadata', () => {
    expect(toE164('12', 'US')).toBeNull()
    expect(toE164('not a number', 'US')).toBeNull()
    expect(toE164('+1 111 555 1212', null)).toBeNull()
    expect(toE164('9'.repeat(500), 'US')).toBeNull()
  })

  it('accepts known regions only', () => {
    expect(toRegion(' de ')).toBe('DE')
    expect(toRegion('XX')).toBeNull()
    expect(toRegion('DEU')).toBeNull()
    expect(toRegion(null)).toBeNull()
  })

  it('finds the region of an account number', () => {
    expect(regionOfPhone('+4915112345678')).toBe('DE')
    expect(regionOfPhone('14155552671')).toBe('US')
    expect(regionOfPhone(null)).toBeNull()
  })

  it('memoises per raw text and gives the same answers as toE164', () => {
    const normalize = createPhoneNormalizer('FR')
    for (const raw of ['06 12 34 56 78', '06 12 34 56 78', '+33 1 42 68 53 00', 'x']) expect(normalize(raw)).toBe(toE164(raw, 'FR'))
  })
})
