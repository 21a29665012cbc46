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

  /**
   * A status re-sort moves a few contacts: the re-ranked first-character lists and searches must be exactly what
   * building them for the new order gives, and unfinished searches are dropped rather than left pointing at old places.
   */
  it('re-ranks the first-character lists and finished searches to what building them for the new order gives', () => {
    const all = { rows: 1000, softMs: 50, hardMs: 50 }
    fc.assert(
      fc.property(
        fc.array(person, { minLength: 1, maxLength: 40 }),
        fc.array(queryText, { maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (people, texts, moves, finishAll) => {
          const keys = people.map((p: Person) => searchKeysOf(p))
          const keyOf = (i: number) => keys[i]!
          const old = people.map((_, i) => i)
          const firsts = new FirstCharacters(old)
          while (!firsts.addNext(7, keyOf));
          const search = new ListSearch(old, keyOf, firsts)
          for (const [n, text] of texts.entries()) {
            search.find(compileQuery(text, { country: 'DE' }), finishAll || n % 2 === 0 ? all : { rows: 0, softMs: -1, hardMs: -1 })
          }
          // Take some out and put each back elsewhere, as moveByStatus does.
          const moved = new Set(moves.map(([from]) => old[from % old.length]!))
          const next = old.filter((i) => !moved.has(i))
          for (const [[, to], i] of moves.map((m, k) => [m, [...moved][k]] as const)) if (i !== undefined) next.splice(to % (next.length + 1), 0, i)
          const rank = new Map(next.map((item, r) => [item, r]))
          expect(search.rerank(next, moved, (i) => rank.get(i)!)).toBe(true)
          expect(search.base).toBe(next)

          const fresh = new FirstCharacters(next)
          while (!fresh.addNext(7, keyOf));
          expect(firsts.base).toBe(next)
          for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789') expect(firsts.of(c)).toEqual(fresh.of(c))
          for (const text of [...texts, ...'aeimo0123']) {
            const query = compileQuery(text, { country: 'DE' })
            const run = search.find(query, all)
            while (search.advance(1));
            expect(run.found).toEqual(next.filter((i) => query.empty || matches(query, keys[i]!.key, keys[i]!.digits)))
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it("gives each first character's first screen once built: what a single-character search shows first", () => {
    const people = ['Maria Alpha', 'Bob Beta', 'Marina Gamma', 'Mia Delta', 'Ana Maria', 'Boris Epsilon'].map((name, i) => {
      const [firstName, lastName] = name.split(' ') as [string, string]
      return { firstName, lastName, username: null, phone: `4915${i}` }
    })
    const keys = people.map((p) => searchKeysOf(p))
    const base = people.map((_, i) => i)
    const firsts = new FirstCharacters(base)
    expect([...firsts.heads(2)]).toEqual([])
    while (!firsts.addNext(2, (i) => keys[i]!));
    const heads = [...firsts.heads(2)]
    const search = new ListSearch(base, (i) => keys[i]!, firsts)
    for (const c of ['m', 'b', 'a', 'g', '4', '5']) {
      const firstScreen = search.find(compileQuery(c), { rows: 1000, softMs: 50, hardMs: 50 }).found.slice(0, 2)
      expect(firstScreen.length).toBeGreaterThan(0)
      for (const i of firstScreen) expect(heads, `${c}: ${people[i]!.firstName}`).toContain(i)
    }
  })
})
