import { describe, expect, it } from 'vitest'
import { avatarColourIndex, formatDuration, formatTimeLeft, initials, isolateName, lastSeenKey, nameList, plural, pluralNoun, statusText } from '../../renderer/src/lib/format'
import { INVALID_REQUEST_MESSAGE } from '@contract'
import { humanEnvelope } from '../../renderer/src/lib/errors'

describe('status text and order', () => {
  const now = new Date('2026-03-20T15:00:00').getTime()
  const s = (d: Date) => Math.floor(d.getTime() / 1000)

  it('speaks like Telegram Desktop', () => {
    expect(statusText({ kind: 'online', expires: s(new Date(now + 60_000)) }, now)).toBe('online')
    expect(statusText({ kind: 'offline', wasOnline: s(new Date(now - 20_000)) }, now)).toBe('last seen just now')
    expect(statusText({ kind: 'offline', wasOnline: s(new Date(now - 5 * 60_000)) }, now)).toBe('last seen 5 minutes ago')
    expect(statusText({ kind: 'offline', wasOnline: s(new Date('2026-03-20T09:05:00')) }, now)).toBe('last seen today at 09:05')
    expect(statusText({ kind: 'offline', wasOnline: s(new Date('2026-03-19T22:10:00')) }, now)).toBe('last seen yesterday at 22:10')
    expect(statusText({ kind: 'offline', wasOnline: s(new Date('2026-03-12T10:00:00')) }, now)).toBe('last seen 12.03.26')
    expect(statusText({ kind: 'recently' }, now)).toBe('last seen recently')
    expect(statusText({ kind: 'lastWeek' }, now)).toBe('last seen within a week')
    expect(statusText({ kind: 'lastMonth' }, now)).toBe('last seen within a month')
    expect(statusText({ kind: 'hidden' }, now)).toBe('last seen a long time ago')
    // An online status whose expiry passed reads as last seen at the expiry.
    expect(statusText({ kind: 'online', expires: s(new Date(now - 10 * 60_000)) }, now)).toBe('last seen 10 minutes ago')
  })

  it('orders online, then most recent, then recently / week / month / hidden', () => {
    const keys = [
      lastSeenKey({ kind: 'online', expires: s(new Date(now + 1000)) }, now),
      lastSeenKey({ kind: 'offline', wasOnline: s(new Date(now - 1000)) }, now),
      lastSeenKey({ kind: 'offline', wasOnline: s(new Date(now - 99_000)) }, now),
      lastSeenKey({ kind: 'recently' }, now),
      lastSeenKey({ kind: 'lastWeek' }, now),
      lastSeenKey({ kind: 'lastMonth' }, now),
      lastSeenKey({ kind: 'hidden' }, now),
    ]
    expect([...keys].sort((a, b) => b - a)).toEqual(keys)
  })
})

describe('small formatters', () => {
  it('puts one count before one noun, singular only for 1', () => {
    expect(plural(1, 'duplicate')).toBe('1 duplicate')
    expect(plural(0, 'problem')).toBe('0 problems')
    expect(plural(2, 'person', 'people')).toBe('2 people')
    expect(plural(12_345, 'contact')).toBe('12,345 contacts')
    expect(pluralNoun(1, 'saved phone contact')).toBe('saved phone contact')
  })

  it('lists at most three names, then how many more', () => {
    expect(nameList(['Alice'])).toBe('Alice')
    expect(nameList(['Alice', 'Bob'])).toBe('Alice and Bob')
    expect(nameList(['Alice', 'Bob', 'Carl'])).toBe('Alice, Bob and Carl')
    expect(nameList(['Alice', 'Bob', 'Carl', 'Dana'])).toBe('Alice, Bob and 2 more')
  })

  it('sets names written right to left apart in a sentence (first-strong isolates), and leaves the others alone', () => {
    expect(isolateName('Alice Krüger')).toBe('Alice Krüger')
    expect(isolateName('Иван 王')).toBe('Иван 王')
    expect(isolateName('Aabidi حسن')).toBe('\u2068Aabidi حسن\u2069')
    expect(isolateName('יעל')).toBe('\u2068יעל\u2069')
    expect(nameList(['Aabidi حسن', 'فاطمة Aabidi', 'Zed'])).toBe('\u2068Aabidi حسن\u2069, \u2068فاطمة Aabidi\u2069 and Zed')
  })

  it('initials, colours and durations', () => {
    expect(initials('Zoë Ørsted')).toBe('ZØ')
    expect(initials('@durov')).toBe('D')
    expect(initials('  ')).toBe('?')
    expect(avatarColourIndex('18446744073709551615')).toBe(Number(18446744073709551615n % 7n))
    expect(formatDuration(42)).toBe('0:42')
    expect(formatDuration(3723)).toBe('1:02:03')
  })

  it('says a time left as a person would', () => {
    expect(formatTimeLeft(59_000)).toBe('less than a minute')
    expect(formatTimeLeft(61_000)).toBe('about 2 min')
    expect(formatTimeLeft(59 * 60_000)).toBe('about 59 min')
    expect(formatTimeLeft(60 * 60_000)).toBe('about 1 h')
    expect(formatTimeLeft(95 * 60_000)).toBe('about 1 h 35 min')
    expect(formatTimeLeft(14.4 * 3600_000)).toBe('about 14 h')
  })

  it('maps every error envelope to a sentence', () => {
    expect(humanEnvelope({ code: 'FLOOD_WAIT', message: 'x', seconds: 42 })).toBe('Telegram asks you to wait 42 seconds before trying again.')
    expect(humanEnvelope({ code: 'TELEGRAM', message: 'x', rpcError: 'PHONE_CODE_EXPIRED' })).toContain('expired')
    expect(humanEnvelope({ code: 'TELEGRAM', message: 'Something odd', rpcError: 'WEIRD_ERROR' })).toBe('Telegram refused this (WEIRD_ERROR). Something odd')
  })

  it('says every INVALID_INPUT as a sentence for a person, never a field path (issue 11 item 7)', () => {
    // The core's own sentence, as people.resolve says it for what cannot be a username.
    const resolve = { code: 'INVALID_INPUT' as const, message: 'Type a Telegram username (like @name) or a t.me link.', issues: [{ path: 'query', message: 'a username or a t.me link' }] }
    expect(humanEnvelope(resolve)).toBe('Type a Telegram username (like @name) or a t.me link.')
    // The router's answer for a payload its schema refused: a sentence per field a person fills in.
    const refused = (path: string) => humanEnvelope({ code: 'INVALID_INPUT', message: INVALID_REQUEST_MESSAGE, issues: [{ path, message: 'Too small: expected string to have >=1 characters' }] })
    expect(refused('firstName')).toBe('Enter a first name of up to 64 characters.')
    expect(refused('phone')).toBe('Type a phone number, with its country code if it is from another country.')
    expect(refused('apiId')).toBe('api_id is a number, such as 1234567. Copy it from my.telegram.org.')
    for (const path of ['firstName', 'lastName', 'phone', 'query', 'apiId', 'apiHash', 'code', 'password', 'directory', 'formats', 'files', 'text', 'contacts', 'ids', 'phones.3', 'whatever']) {
      expect(refused(path)).not.toMatch(/Some input|Too small|expected/)
      expect(refused(path)).not.toContain(`${path}:`)
    }
  })

  it("says the core's own sentence for INTERNAL once, not 'Something went wrong inside the app: Something went wrong…' (issue 11 item 8)", () => {
    // What the router answers for any unexpected failure (router/to-error-envelope.ts).
    const internal = { code: 'INTERNAL' as const, message: 'Something went wrong inside the app. Please try again.' }
    expect(humanEnvelope(internal)).toBe('Something went wrong inside the app. Please try again.')
    expect(humanEnvelope({ code: 'FORBIDDEN', message: 'Only Telegram links (t.me, telegram.org, tg:) open from the app.' })).toBe(
      'Only Telegram links (t.me, telegram.org, tg:) open from the app.',
    )
  })
})
