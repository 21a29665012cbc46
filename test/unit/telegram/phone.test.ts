import { describe, expect, it } from 'vitest'
import { AppError } from '../../../electron/core/contract'
import { normalisePhone, phoneDigits, phoneFromTelegram } from '../../../electron/core/telegram/phone'

describe('normalisePhone', () => {
  it.each([
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['44 (20) 7946-0958', '+442079460958'],
    ['+1 (415) 555-2671', '+14155552671'],
    ['+49 30 901820', '+4930901820'],
  ])('%s -> %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected)
  })

  it.each(['', 'abc', '+1', '+12'])('refuses %j with INVALID_INPUT naming the field', (input) => {
    try {
      normalisePhone(input, 'phone')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).envelope).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: 'phone' }] })
    }
  })

  it('converts between E.164 and the digits Telegram stores', () => {
    expect(phoneDigits('+442079460958')).toBe('442079460958')
    expect(phoneFromTelegram('442079460958')).toBe('+442079460958')
    expect(phoneFromTelegram('')).toBeNull()
    expect(phoneFromTelegram(undefined)).toBeNull()
  })
})
