import { describe, expect, it } from 'vitest'
import { usernameFromQuery } from '../../../electron/core/contract/telegram-links'

describe('usernameFromQuery', () => {
  it.each([
    ['@durov', 'durov'],
    ['durov', 'durov'],
    ['  @Some_Name1  ', 'Some_Name1'],
    ['t.me/durov', 'durov'],
    ['https://t.me/durov', 'durov'],
    ['http://t.me/durov/', 'durov'],
    ['https://t.me/durov?start=1', 'durov'],
    ['https://telegram.me/durov', 'durov'],
    ['https://t.me/s/durov', 'durov'],
    ['https://durov.t.me', 'durov'],
    ['tg://resolve?domain=durov', 'durov'],
    ['tg://resolve?foo=1&domain=durov', 'durov'],
  ])('%s -> %s', (input, expected) => {
    expect(usernameFromQuery(input)).toBe(expected)
  })

  it.each(['', '@', '1abc', 'two words', 'https://example.com/durov', 'https://t.me/+AbCdEf', 'https://t.me/joinchat/abc/def', 'a'.repeat(33)])(
    'rejects %s',
    (input) => {
      expect(usernameFromQuery(input)).toBeNull()
    },
  )
})
