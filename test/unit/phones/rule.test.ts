import { describe, expect, it } from 'vitest'
import { formatE164, isOwnNumber, judgePhone, phoneProblem, regionOfPhone, unlikelyQuestion, validE164 } from '../../../electron/core/phones/rule'

describe('the phone rule', () => {
  it('takes a number in an assigned range as valid, national numbers against the default region', () => {
    expect(judgePhone('0151 23456789', 'DE')).toEqual({ verdict: 'valid', e164: '+4915123456789', region: 'DE' })
    expect(judgePhone('+1 415 555 2671', 'DE')).toEqual({ verdict: 'valid', e164: '+14155552671', region: 'US' })
    expect(validE164('tel:+49-30-1234567', null)).toBe('+49301234567')
  })

  it('doubts "12345": a German length in no German range (the small metadata let it through)', () => {
    const verdict = judgePhone('12345', 'DE')
    expect(verdict).toEqual({ verdict: 'unlikely', e164: '+4912345', region: 'DE' })
    expect(unlikelyQuestion(verdict as Extract<typeof verdict, { verdict: 'unlikely' }>)).toBe('+49 12345 does not look like a number from Germany. Add it anyway?')
    expect(validE164('12345', 'DE')).toBeNull()
    const shared = judgePhone('+1 111 555 1212', null)
    expect(shared.verdict).toBe('unlikely')
    expect(unlikelyQuestion(shared as Extract<typeof shared, { verdict: 'unlikely' }>)).toBe('+1 1115551212 does not look like a number with the country code +1. Add it anyway?')
  })

  it('says why a number is impossible', () => {
    const problem = (raw: string, region: 'DE' | null, strict = true) => {
      const verdict = judgePhone(raw, region, { strictCharacters: strict })
      return verdict.verdict === 'impossible' ? phoneProblem(verdict) : verdict.verdict
    }
    expect(problem('', 'DE')).toBe('Enter a phone number.')
    expect(problem('call me', 'DE')).toBe('A phone number has only digits, spaces and + ( ) - characters.')
    expect(problem('030 1234567', null)).toBe('Start with + and the country code, for example +44 20 7946 0958.')
    expect(problem('1', 'DE')).toBe('This is too short for a number from Germany. Check the digits and the country code.')
    expect(problem('+999 123', null)).toBe('This does not look like a phone number. Check the digits and the country code.')
    // Files hold "mobile: +49 …": outside typed input the letters are not a reason to refuse.
    expect(problem('mobile: +49 151 23456789', null, false)).toBe('valid')
  })

  it('recognises the account’s own number in any notation', () => {
    expect(isOwnNumber('+4915123456789', '4915123456789')).toBe(true)
    expect(isOwnNumber('+4915123456789', '+49 151 23456789')).toBe(true)
    expect(isOwnNumber('+4915123456788', '4915123456789')).toBe(false)
    expect(isOwnNumber('+4915123456789', null)).toBe(false)
  })

  it('formats and finds the region of stored numbers', () => {
    expect(formatE164('4915123456789')).toBe('+49 1512 3456789')
    expect(formatE164('+999')).toBe('+999')
    expect(regionOfPhone('14155552671')).toBe('US')
    expect(regionOfPhone(undefined)).toBeNull()
  })
})
