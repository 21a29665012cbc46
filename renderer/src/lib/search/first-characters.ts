/**
 * For each character, the contacts with a word starting with it (and, for a digit, with it anywhere in
 * their phone), in list order. Built in idle time after the list is sorted: the first letter typed into
 * an empty box is then a lookup, and every later query starts from the list of its rarest token's first
 * character instead of the whole list.
 */

import type { SearchKeys } from './list-search'
import { reranked } from './rerank'

export class FirstCharacters<T> {
  private readonly lists = new Map<string, T[]>()
  private added = 0
  private complete = false
  /** The list these lists are of (a re-ranked one: the new order). */
  base: readonly T[]

  constructor(base: readonly T[]) {
    this.base = base
  }

  /** Adds the next items of `base`, up to `count` of them; true when every item is in. */
  addNext(count: number, keyOf: (item: T) => SearchKeys): boolean {
    const end = Math.min(this.base.length, this.added + count)
    const seen = new Set<string>()
    for (let i = this.added; i < end; i++) {
      const item = this.base[i]!
      for (const c of charactersOf(keyOf(item), seen)) {
        let list = this.lists.get(c)
        if (!list) this.lists.set(c, (list = []))
        list.push(item)
      }
    }
    this.added = end
    this.complete = end === this.base.length
    return this.complete
  }

  /**
   * The same lists for `base`, the old base with `moved` put elsewhere (a status re-sort): only the lists holding a
   * moved item are re-ranked (see reranked), instead of building everything again. False when the lists are not
   * complete yet (build them for the new base instead).
   */
  rerank(base: readonly T[], moved: ReadonlySet<T>, rank: (item: T) => number, keyOf: (item: T) => SearchKeys): boolean {
    if (!this.complete || base.length !== this.base.length) return false
    const touched = new Set<string>()
    const seen = new Set<string>()
    for (const item of moved) for (const c of charactersOf(keyOf(item), seen)) touched.add(c)
    for (const c of touched) {
      const list = this.lists.get(c)
      if (list) this.lists.set(c, reranked(list, moved, rank))
    }
    this.base = base
    return true
  }

  get ready(): boolean {
    return this.complete
  }

  /** The first `n` items of every list (once built): the first screen of each first letter or digit typed. */
  *heads(n: number): Iterable<T> {
    if (!this.complete) return
    for (const list of this.lists.values()) yield* list.slice(0, n)
  }

  /** Every item with `c` at a word start (or a digit `c` in its phone), in base order; null until built. */
  of(c: string): readonly T[] | null {
    if (!this.complete) return null
    return this.lists.get(c) ?? []
  }
}

/** The characters an item is listed under: each word's first, and every digit of the phone. `seen` is scratch. */
function charactersOf({ key, digits }: SearchKeys, seen: Set<string>): Set<string> {
  seen.clear()
  for (let p = key.indexOf(' '); p !== -1 && p + 1 < key.length; p = key.indexOf(' ', p + 1)) seen.add(key.charAt(p + 1))
  for (let d = 0; d < digits.length; d++) seen.add(digits.charAt(d))
  return seen
}
