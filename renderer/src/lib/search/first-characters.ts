/**
 * For each character, the contacts with a word starting with it (and, for a digit, with it anywhere in
 * their phone), in list order. Built in idle time after the list is sorted: the first letter typed into
 * an empty box is then a lookup, and every later query starts from the list of its rarest token's first
 * character instead of the whole list.
 */

import type { SearchKeys } from './list-search'

export class FirstCharacters<T> {
  private readonly lists = new Map<string, T[]>()
  private added = 0
  private complete = false

  constructor(readonly base: readonly T[]) {}

  /** Adds the next items of `base`, up to `count` of them; true when every item is in. */
  addNext(count: number, keyOf: (item: T) => SearchKeys): boolean {
    const end = Math.min(this.base.length, this.added + count)
    const seen = new Set<string>()
    for (let i = this.added; i < end; i++) {
      const item = this.base[i]!
      const { key, digits } = keyOf(item)
      seen.clear()
      for (let p = key.indexOf(' '); p !== -1 && p + 1 < key.length; p = key.indexOf(' ', p + 1)) seen.add(key.charAt(p + 1))
      for (let d = 0; d < digits.length; d++) seen.add(digits.charAt(d))
      for (const c of seen) {
        let list = this.lists.get(c)
        if (!list) this.lists.set(c, (list = []))
        list.push(item)
      }
    }
    this.added = end
    this.complete = end === this.base.length
    return this.complete
  }

  get ready(): boolean {
    return this.complete
  }

  /** Every item with `c` at a word start (or a digit `c` in its phone), in base order; null until built. */
  of(c: string): readonly T[] | null {
    if (!this.complete) return null
    return this.lists.get(c) ?? []
  }
}
