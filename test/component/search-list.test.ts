import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compileQuery, FirstCharacters, ListSearch, matches, searchKeysOf, type SearchKeys } from '../../renderer/src/lib/search'

const word = fc.stringMatching(/^[a-zàéöøß_ 0-9'-]{0,8}$/)
const person = fc.record({ firstName: word, lastName: word, username: fc.option(fc.stringMatching(/^[a-z0-9_]{0,8}$/), { nil: null }), phone: fc.option(fc.stringMatching(/^[0-9]{0,12}$/), { nil: null }) })
const queryText = fc.stringMatching(/^[a-zéø0-9 +]{0,6}$/)
type Person = { firstName: string; lastName: string; username: string | null; phone: string | null }

/** Budgets from "stop at once" (every search spills into advance) to "finish now". */
const budget = fc.constantFrom({ rows: 0, softMs: -1, hardMs: -1 }, { rows: 1, softMs: 0, hardMs: 0 }, { rows: 1000, softMs: 50, hardMs: 50 })

function searchOf(base: readonly number[], keys: SearchKeys[], withFirsts: boolean): ListSearch<number> {
  const keyOf = (i: number) => keys[i]!
  let firsts: FirstCharacters<number> | null = null
  if (withFirsts) {
    firsts = new FirstCharacters(base)
    while (!firsts.addNext(7, keyOf));
  }
  return new ListSearch(base, keyOf, firsts)
}

describe('list search while typing', () => {
  /**
   * Typing and erasing (Backspace lookups, narrowing from earlier searches that may be unfinished, fresh
   * searches from the first-character lists) over a list shown in some order: the first screen is always
   * the start of the right answer, and going on until done gives exactly the shown items that match.
   */
  it('gives what filtering the shown list gives, for any sequence of edits and any time budget', () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('type' as const), text: queryText }),
      fc.record({ kind: fc.constant('erase' as const), count: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ kind: fc.constant('set' as const), text: queryText }),
    )
    fc.assert(
      fc.property(fc.array(person, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 40 }), fc.boolean(), fc.array(fc.tuple(edit, budget, fc.boolean()), { maxLength: 25 }), (people, order, withFirsts, edits) => {
        const keys = people.map((p: Person) => searchKeysOf(p))
        const base = people.map((_, i) => i).sort((a, b) => (order[a] ?? 0) - (order[b] ?? 0) || a - b)
        const search = searchOf(base, keys, withFirsts)
        let text = ''
        for (const [e, b, finish] of edits) {
          if (e.kind === 'type') text += e.text
          else if (e.kind === 'erase') text = text.slice(0, Math.max(0, text.length - e.count))
          else text = e.text
          const query = compileQuery(text, { country: 'DE' })
          const expected = base.filter((i) => query.empty || matches(query, keys[i]!.key, keys[i]!.digits))
          const run = search.find(query, b)
          expect(expected.slice(0, run.found.length)).toEqual(run.found)
          // Sometimes the user types on before the rest is collected.
          if (finish) {
            while (search.advance(1));
            expect(run.found).toEqual(expected)
            expect(run.done).toBe(true)
          }
        }
      }),
      { numRuns: 300 },
    )
  })

  it('answers the first letter from the first-character lists, and a query seen before with the same search', () => {
    const names = Array.from({ length: 50 }, (_, i) => ({ firstName: `name${i}`, lastName: i % 2 ? 'odd' : 'even', username: null, phone: null }))
    const keys = names.map(searchKeysOf)
    const base = names.map((_, i) => i)
    const search = searchOf(base, keys, true)
    const all = { rows: 1000, softMs: 50, hardMs: 50 }
    const o = search.find(compileQuery('o'), all)
    expect(o.done).toBe(true)
    expect(o.found).toHaveLength(25)
    const first = search.find(compileQuery('name1'), all)
    expect(first.found).toEqual([1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19])
    expect(search.find(compileQuery('Name1 '), all)).toBe(first)
    for (let i = 0; i < 40; i++) search.find(compileQuery(`name${i}0`), all)
    const again = search.find(compileQuery('name1'), all)
    expect(again.found).toEqual(first.found)
    expect(again).not.toBe(first)
  })

  it('stops at the first screen of a large list and collects the rest when asked', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => ({ firstName: `maria${i}`, lastName: '', username: null, phone: null }))
    const keys = names.map(searchKeysOf)
    const search = searchOf(names.map((_, i) => i), keys, false)
    const run = search.find(compileQuery('maria'), { rows: 20, softMs: 0, hardMs: 1000 })
    expect(run.found.length).toBeGreaterThanOrEqual(20)
    expect(run.found.length).toBeLessThan(20_000)
    expect(run.done).toBe(false)
    while (search.advance(2));
    expect(run.found).toHaveLength(20_000)
  })
})
