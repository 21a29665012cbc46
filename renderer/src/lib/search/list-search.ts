/**
 * Searching one list (in display order) as the user types, within a frame: each keystroke looks only
 * until the first screen of matches is found, and the rest of the matches are collected in short slices
 * after that frame is painted. Every query's search is kept (resumable), so Backspace is a lookup, and
 * typing more looks only at what the shorter query matched (plus what it had not looked at yet).
 */

import type { FirstCharacters } from './first-characters'
import { reranked } from './rerank'
import { isSingleCharacter, leadingCharacter, matches, narrows, type CompiledQuery } from './query'

export interface SearchKeys {
  /** " ivan petrov ivanp": every word of every spelling of the name and the username, each after a space. */
  readonly key: string
  readonly digits: string
}

/** How long one call may look: until `rows` matches and `softMs`, never past `hardMs`. */
export interface SearchBudget {
  readonly rows: number
  readonly softMs: number
  readonly hardMs: number
}

interface Segment<T> {
  readonly items: readonly T[]
  from: number
  readonly to: number
}

/** Candidates looked at between two looks at the clock. */
const CHECK_EVERY = 128

/** One query's matches, found so far in list order, and the candidates it has not looked at yet. */
export class SearchRun<T> {
  private readonly matched: T[]
  private readonly fixed: readonly T[] | null

  private constructor(
    readonly query: CompiledQuery,
    private readonly segments: Segment<T>[],
    fixed: readonly T[] | null,
  ) {
    this.matched = []
    this.fixed = fixed
  }

  /** A search over `candidates` (a superset of the matches, in list order). */
  static over<T>(query: CompiledQuery, candidates: Segment<T>[]): SearchRun<T> {
    return new SearchRun(query, candidates.filter((s) => s.from < s.to), null)
  }

  /** A search whose result is known: `items` are exactly the matches. */
  static known<T>(query: CompiledQuery, items: readonly T[]): SearchRun<T> {
    return new SearchRun(query, [], items)
  }

  get found(): readonly T[] {
    return this.fixed ?? this.matched
  }

  get done(): boolean {
    return this.segments.length === 0
  }

  /** Matches found plus candidates left: at most this many matches in the end. */
  get bound(): number {
    let n = this.found.length
    for (const s of this.segments) n += s.to - s.from
    return n
  }

  /** This run for a list where `moved` items went elsewhere (see reranked); null while unfinished (its places are the old list's). */
  reranked(moved: ReadonlySet<T>, rank: (item: T) => number): SearchRun<T> | null {
    return this.done ? SearchRun.known(this.query, reranked(this.found, moved, rank)) : null
  }

  /** What a narrower query has to look at: what matched so far, then what is left to look at. */
  candidates(): Segment<T>[] {
    return [{ items: this.found, from: 0, to: this.found.length }, ...this.segments.map((s) => ({ ...s }))]
  }

  /** Looks at candidates until `rows` matches and the soft deadline, or the hard deadline. */
  scan(keyOf: (item: T) => SearchKeys, rows: number, softUntil: number, hardUntil: number): void {
    const query = this.query
    const out = this.matched
    while (this.segments.length > 0) {
      const seg = this.segments[0]!
      const items = seg.items
      while (seg.from < seg.to) {
        const end = Math.min(seg.to, seg.from + CHECK_EVERY)
        for (let i = seg.from; i < end; i++) {
          const item = items[i]!
          const k = keyOf(item)
          if (matches(query, k.key, k.digits)) out.push(item)
        }
        seg.from = end
        const now = performance.now()
        if (now >= hardUntil || (now >= softUntil && out.length >= rows)) {
          if (seg.from >= seg.to) this.segments.shift()
          return
        }
      }
      this.segments.shift()
    }
  }
}

/** Searches kept: at most this many queries and this many matches in all. */
const CACHE_QUERIES = 32
const CACHE_ENTRIES = 400_000

export class ListSearch<T> {
  /** Searches by query id, least recently used first. */
  private readonly cache = new Map<string, SearchRun<T>>()
  private current: SearchRun<T> | null = null
  private list: readonly T[]

  /**
   * @param keyOf an item's search key and phone digits.
   * @param firsts the items by first character, for `base` (used once complete; re-ranked along with this search).
   */
  constructor(
    base: readonly T[],
    private readonly keyOf: (item: T) => SearchKeys,
    private readonly firsts: FirstCharacters<T> | null = null,
  ) {
    this.list = base
  }

  get base(): readonly T[] {
    return this.list
  }

  /**
   * Goes on over `base`, the old list with `moved` put elsewhere (a status re-sort): finished searches are kept,
   * re-ranked, so Backspace stays a lookup; unfinished ones are dropped. False when the first-character lists
   * could not follow (start a new search then).
   */
  rerank(base: readonly T[], moved: ReadonlySet<T>, rank: (item: T) => number): boolean {
    if (base.length !== this.list.length) return false
    if (this.firsts && !this.firsts.rerank(base, moved, rank, this.keyOf)) return false
    const runs = [...this.cache]
    this.cache.clear()
    let current: SearchRun<T> | null = null
    for (const [id, run] of runs) {
      const next = run.reranked(moved, rank)
      if (!next) continue
      this.cache.set(id, next)
      if (run === this.current) current = next
    }
    this.current = current
    this.list = base
    return true
  }

  /** The search for `query`, advanced within `budget`: its first screen, and all of it if that is cheap. */
  find(query: CompiledQuery, budget: SearchBudget): SearchRun<T> {
    if (query.empty) return SearchRun.known(query, this.base)
    let run = this.cache.get(query.id)
    if (run) {
      this.cache.delete(query.id)
      this.cache.set(query.id, run)
    } else {
      run = this.start(query)
      this.remember(query.id, run)
    }
    this.current = run
    if (!run.done) {
      const now = performance.now()
      run.scan(this.keyOf, budget.rows, now + budget.softMs, now + budget.hardMs)
    }
    return run
  }

  /** Goes on with the search last asked for, for about `ms`; null when there is nothing left to do. */
  advance(ms: number): SearchRun<T> | null {
    const run = this.current
    if (!run || run.done) return null
    const until = performance.now() + ms
    run.scan(this.keyOf, 0, until, until)
    return run
  }

  private start(query: CompiledQuery): SearchRun<T> {
    const firsts = this.firsts
    const c = firsts?.ready ? leadingCharacter(query) : null
    const list = c === null ? null : firsts!.of(c)
    if (list && isSingleCharacter(query)) return SearchRun.known(query, list)
    // Look at the fewest candidates that surely hold every match.
    let best: { size: number; segments: () => Segment<T>[] } = { size: this.base.length, segments: () => [{ items: this.base, from: 0, to: this.base.length }] }
    if (list && list.length < best.size) best = { size: list.length, segments: () => [{ items: list, from: 0, to: list.length }] }
    for (const wider of this.cache.values()) {
      if (wider.bound < best.size && narrows(wider.query, query)) best = { size: wider.bound, segments: () => wider.candidates() }
    }
    return SearchRun.over(query, best.segments())
  }

  private remember(id: string, run: SearchRun<T>): void {
    this.cache.set(id, run)
    let entries = 0
    for (const r of this.cache.values()) entries += r.found.length
    for (const [oldId, old] of this.cache) {
      if (this.cache.size <= CACHE_QUERIES && entries <= CACHE_ENTRIES) break
      if (old === run) break
      this.cache.delete(oldId)
      entries -= old.found.length
    }
  }
}
