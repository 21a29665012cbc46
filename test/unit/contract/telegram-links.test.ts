import { describe, expect, it } from 'vitest'
import { chatLinks, isTelegramUsername, publicLink } from '../../../electron/core/contract/telegram-links'

describe('Telegram chat links', () => {
  it('open the chat by username when there is one: tg://resolve?domain=, with t.me as the fallback', () => {
    expect(chatLinks({ username: 'durov', phone: '+491511234567' })).toEqual({ app: 'tg://resolve?domain=durov', web: 'https://t.me/durov' })
    expect(chatLinks({ username: '@Zoe_OB', phone: null })).toEqual({ app: 'tg://resolve?domain=Zoe_OB', web: 'https://t.me/Zoe_OB' })
  })

  it('open the chat by phone digits without a username: tg://resolve?phone=, t.me/+digits as the fallback', () => {
    expect(chatLinks({ username: null, phone: '+491511234567' })).toEqual({ app: 'tg://resolve?phone=491511234567', web: 'https://t.me/+491511234567' })
  })

  it('fall back to the phone when the username is not a Telegram username', () => {
    expect(chatLinks({ username: 'a b', phone: '+14155550123' })?.app).toBe('tg://resolve?phone=14155550123')
    expect(chatLinks({ username: 'x?domain=evil', phone: null })).toBeNull()
  })

  it('have nothing to open without a username or a usable number', () => {
    expect(chatLinks({ username: null, phone: null })).toBeNull()
    expect(chatLinks({ username: null, phone: '+12' })).toBeNull()
  })

  it('build the public t.me link only for usernames', () => {
    expect(publicLink('durov')).toBe('https://t.me/durov')
    expect(publicLink('1durov')).toBeNull()
    expect(publicLink('abc')).toBeNull()
    expect(isTelegramUsername('abcd')).toBe(true)
    expect(isTelegramUsername(`a${'b'.repeat(32)}`)).toBe(false)
  })
})
