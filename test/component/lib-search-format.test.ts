import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compileQuery, ListSearch, matches, narrows, normalise, searchKey, SearchIndex } from '../../renderer/src/lib/search'
import { avatarColourIndex, formatDuration, initials, lastSeenKey, statusText } from '../../renderer/src/lib/format'
import { humanEnvelope } from '../../renderer/src/lib/errors'

describe('search keys', () => {
  const key = searchKey(['Zoë-Anne', "O'Brien", 'zoe_ob'])
  const find = (q: string, digits = '') => matches(compileQuery(q), key, digits)

  it('folds accents, case and the letters NFD leaves alone', () => {
    expect(normalise('ZOË Ørsted Straße Łódź')).toBe('zoe orsted strasse lodz')
    expect(key).toBe(' zoe anne o brien zoe ob')
  })

  it('matches every token at a word start, in any order', () => {
    expect(find('zoe')).toBe(true)
    expect(find('ann zo')).toBe(true)
    expect(find('brien')).toBe(true)
    expect(find('oe')).toBe(false)
    expect(find('zoe smith')).toBe(false)
  })

  it('matches digit tokens anywhere in the phone digits, joining "+7 916 123" groups', () => {
    expect(find('916123', '79161234567')).toBe(true)
    expect(find('+7 916 123', '79161234567')).toBe(true)
    expect(find('555', '79161234567')).toBe(false)
  })

  it('narrows only when the new query can only drop results', () => {
    expect(narrows(compileQuery('jo'), compileQuery('jos'))).toBe(true)
    expect(narrows(compileQuery('jos'), compileQuery('jo'))).toBe(false)
    expect(narrows(compileQuery('jo'), compileQuery('ja'))).toBe(false)
    expect(narrows(compileQuery(''), compileQuery('a'))).toBe(false)
  })
})

const word = fc.stringMatching(/^[a-zàéöøß_ 0-9'-]{0,8}$/)
const person = fc.record({ first: word, last: word, user: fc.option(word, { nil: null }), digits: fc.stringMatching(/^[0-9]{0,12}$/) })
const queryText = fc.stringMatching(/^[a-zéø0-9 +]{0,6}$/)
type Person = { first: string; last: string; user: string | null; digits: string }
const keyOf = (p: Person) => ({ key: searchKey([p.first, p.last, p.user]), digits: p.digits })

describe('search index', () => {
  it('finds exactly what the per-contact match finds, in order', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), queryText, (people, q) => {
        const keys = people.map((p) => keyOf(p).key)
        const digits = people.map((p) => p.digits)
        const query = compileQuery(q)
        const found = new SearchIndex(keys, digits).items(query)
        const expected = keys.flatMap((k, i) => (!query.empty && matches(query, k, digits[i]!) ? [i] : []))
        expect(Array.from(found)).toEqual(expected)
      }),
      { numRuns: 400 },
    )
  })

  it('reports digit tokens found mid-word in a name as no match, but in the phone as a match', () => {
    const index = new SearchIndex([' agent007', ' bond'], ['', '44007'])
    expect(Array.from(index.items(compileQuery('007')))).toEqual([1])
    expect(Array.from(index.items(compileQuery('age')))).toEqual([0])
  })
})

describe('list search while typing', () => {
  /**
   * Typing and erasing (Backspace, cached lookups, narrowing from earlier results, fresh scans) over a
   * list shown in an order other than the index's, with some indexed items not shown: every step must
   * give exactly the shown items that match, in the shown order.
   */
  it('gives what filtering the shown list gives, for any sequence of edits', () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('type' as const), text: queryText }),
      fc.record({ kind: fc.constant('erase' as const), count: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('set' as const), text: queryText }),
    )
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 40 }), fc.array(fc.boolean(), { maxLength: 40 }), fc.array(edit, { maxLength: 25 }), (people, order, hidden, edits) => {
        const index = new SearchIndex(
          people.map((p) => keyOf(p).key),
          people.map((p) => p.digits),
        )
        // The shown list: the indexed people, some hidden, shuffled by `order`.
        const shownItems = people.map((_, i) => i).filter((i) => !hidden[i])
        const base = [...shownItems].sort((a, b) => (order[a] ?? 0) - (order[b] ?? 0) || a - b)
        const rankOf = new Int32Array(people.length).fill(-1)
        base.forEach((item, rank) => (rankOf[item] = rank))
        const search = new ListSearch(base, index, rankOf, (i: number) => keyOf(people[i]!))
        let text = ''
        for (const e of edits) {
          if (e.kind === 'type') text += e.text
          else if (e.kind === 'erase') text = text.slice(0, Math.max(0, text.length - e.count))
          else text = e.text
          const query = compileQuery(text)
          const expected = base.filter((i) => query.empty || matches(query, keyOf(people[i]!).key, people[i]!.digits))
          expect(search.find(query)).toEqual(expected)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('answers a query seen before with the same result, and drops the oldest beyond its bound', () => {
    const names = Array.from({ length: 50 }, (_, i) => ` name${i}`)
    const index = new SearchIndex(names, names.map(() => ''))
    const base = names.map((_, i) => i)
    const search = new ListSearch(base, index, Int32Array.from(base), (i: number) => ({ key: names[i]!, digits: '' }))
    const first = search.find(compileQuery('name1'))
    expect(first).toEqual([1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19])
    expect(search.find(compileQuery('name1'))).toBe(first)
    for (let i = 0; i < 40; i++) search.find(compileQuery(`name${i}0`))
    const again = search.find(compileQuery('name1'))
    expect(again).toEqual(first)
    expect(again).not.toBe(first)
  })
})

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
  it('initials, colours and durations', () => {
    expect(initials('Zoë Ørsted')).toBe('ZØ')
    expect(initials('@durov')).toBe('D')
    expect(initials('  ')).toBe('?')
    expect(avatarColourIndex('18446744073709551615')).toBe(Number(18446744073709551615n % 7n))
    expect(formatDuration(42)).toBe('0:42')
    expect(formatDuration(3723)).toBe('1:02:03')
  })

  it('maps every error envelope to a sentence', () => {
    expect(humanEnvelope({ code: 'FLOOD_WAIT', message: 'x', seconds: 42 })).toBe('Telegram asks you to wait 42 seconds before trying again.')
    expect(humanEnvelope({ code: 'TELEGRAM', message: 'x', rpcError: 'PHONE_CODE_EXPIRED' })).toContain('expired')
    expect(humanEnvelope({ code: 'TELEGRAM', message: 'Something odd', rpcError: 'WEIRD_ERROR' })).toBe('Telegram refused this (WEIRD_ERROR). Something odd')
    expect(humanEnvelope({ code: 'INVALID_INPUT', message: 'bad', issues: [{ path: 'phone', message: 'too short' }] })).toBe('Some input was not accepted (phone: too short).')
  })
})
