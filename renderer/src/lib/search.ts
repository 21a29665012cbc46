/**
 * Local search over the contact list. Each contact gets a normalised key once (NFD, combining marks
 * stripped, lower case, words separated by single spaces, with a leading space) and its phone digits;
 * a keystroke is then a scan of precomputed strings with native `indexOf`, with no allocation per contact.
 */

const COMBINING_MARKS = /\p{M}+/gu
const NON_WORD = /[^\p{L}\p{N}]+/gu

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/
/** Letters that NFD does not decompose but people type without their stroke or ligature. */
const FOLDS: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ı: 'i' }
const FOLDABLE = /[ßøæœłđı]/g

/** Letters folded the way people type them: "Zoë Ørsted" -> "zoe orsted". */
export function normalise(text: string): string {
  // Most names need no folding: skip NFD and the regexes for them (100,000 contacts load faster).
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase()
  const folded = text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase()
  return folded.replace(FOLDABLE, (c) => FOLDS[c] ?? c)
}

/** " ivan petrov ivanp": every word of the name and the username, each preceded by one space. */
export function searchKey(parts: ReadonlyArray<string | null>): string {
  let key = ''
  for (const part of parts) {
    if (!part) continue
    const words = normalise(part).replace(NON_WORD, ' ').trim()
    if (words) key += ` ${words}`
  }
  return key
}

/** searchKey for parts that are already normalised (saves folding a name twice). */
export function searchKeyOfNormalised(parts: ReadonlyArray<string | null>): string {
  let key = ''
  for (const part of parts) {
    if (!part) continue
    const words = part.replace(NON_WORD, ' ').trim()
    if (words) key += ` ${words}`
  }
  return key
}

export interface CompiledQuery {
  /** Each token with a leading space, to match at a word start. */
  readonly wordNeedles: readonly string[]
  /** Tokens that are all digits (matched anywhere in the phone digits, or at a word start). */
  readonly digitTokens: readonly (string | null)[]
  readonly empty: boolean
  readonly source: string
}

export function compileQuery(query: string): CompiledQuery {
  const tokens = normalise(query).replace(NON_WORD, ' ').trim().split(' ').filter(Boolean)
  // "+7 916 123" typed as a phone number: join the digit groups so they match the stored digits.
  const allDigits = tokens.length > 1 && tokens.every((t) => /^\d+$/.test(t))
  const effective = allDigits ? [tokens.join('')] : tokens
  return {
    wordNeedles: effective.map((t) => ` ${t}`),
    digitTokens: effective.map((t) => (/^\d+$/.test(t) ? t : null)),
    empty: effective.length === 0,
    source: query,
  }
}

/** True when every token starts a word of the key, or (digit tokens) occurs in the phone digits. */
export function matches(query: CompiledQuery, key: string, digits: string): boolean {
  const needles = query.wordNeedles
  for (let t = 0; t < needles.length; t++) {
    if (key.indexOf(needles[t]!) !== -1) continue
    const digitsToken = query.digitTokens[t]
    if (digitsToken !== null && digitsToken !== undefined && digits.indexOf(digitsToken) !== -1) continue
    return false
  }
  return true
}

/**
 * Whether results for `next` are a subset of results for `previous` (the user typed more), so the next
 * scan can run over the previous results instead of the whole list.
 */
export function narrows(previous: CompiledQuery, next: CompiledQuery): boolean {
  if (previous.empty) return false
  if (next.wordNeedles.length < previous.wordNeedles.length) return false
  for (let i = 0; i < previous.wordNeedles.length; i++) {
    const p = previous.wordNeedles[i]!
    const n = next.wordNeedles[i]!
    if (!n.startsWith(p)) return false
    // A digit token that became non-digit changes which field it may match.
    if ((previous.digitTokens[i] === null) !== (next.digitTokens[i] === null)) return false
  }
  return true
}

const ITEM = '\u0001'
const DIGITS = '\u0002'

/**
 * All keys and phone digits of a list in one string, so a token is found with a handful of native
 * `indexOf` calls over the whole list instead of one call per contact (about ten times fewer calls at
 * 100,000 contacts). Hand-written because no search library does accent-folded word-prefix plus
 * phone-substring matching at this speed without building a large index.
 */
export class SearchIndex {
  private readonly hay: string
  /** Offset in `hay` where item i's segment starts, plus a final sentinel. */
  private readonly starts: Int32Array
  /** Offset where item i's phone digits start. */
  private readonly digitStarts: Int32Array
  private readonly keys: readonly string[]
  private readonly digits: readonly string[]

  constructor(keys: readonly string[], digits: readonly string[]) {
    const n = keys.length
    this.keys = keys
    this.digits = digits
    this.starts = new Int32Array(n + 1)
    this.digitStarts = new Int32Array(n)
    const parts: string[] = new Array<string>(n)
    let offset = 0
    for (let i = 0; i < n; i++) {
      const key = keys[i]!
      this.starts[i] = offset
      this.digitStarts[i] = offset + 1 + key.length + 1
      parts[i] = ITEM + key + DIGITS + digits[i]!
      offset += parts[i]!.length
    }
    this.starts[n] = offset
    this.hay = parts.join('')
  }

  /**
   * The item whose segment holds offset `pos`, walking forward from `from`: matches come in ascending
   * order, so one scan walks the offsets at most once, cheaper than a binary search per match when a
   * first letter matches a third of the list.
   */
  private itemAt(pos: number, from: number): number {
    const starts = this.starts
    let item = from
    while (starts[item + 1]! <= pos) item++
    return item
  }

  /**
   * The items matching `query`, in ascending order (the order the index was built in). The longest
   * token drives the scan over the whole string; the others are checked per hit.
   */
  items(query: CompiledQuery): Int32Array {
    if (query.empty || this.keys.length === 0) return new Int32Array(0)
    let found = new Int32Array(256)
    let count = 0
    let driver = 0
    for (let t = 1; t < query.wordNeedles.length; t++) if (query.wordNeedles[t]!.length > query.wordNeedles[driver]!.length) driver = t
    const digitToken = query.digitTokens[driver] ?? null
    // A digit token may also start anywhere in the phone digits, so it is searched without the space.
    const needle = digitToken ?? query.wordNeedles[driver]!
    const single = query.wordNeedles.length === 1
    const hay = this.hay
    let item = 0
    let pos = hay.indexOf(needle)
    while (pos !== -1) {
      item = this.itemAt(pos, item)
      const valid = digitToken === null || pos >= this.digitStarts[item]! || hay.charCodeAt(pos - 1) === 32
      if (valid && (single || matches(query, this.keys[item]!, this.digits[item]!))) {
        if (count === found.length) {
          const grown = new Int32Array(found.length * 2)
          grown.set(found)
          found = grown
        }
        found[count++] = item
        pos = hay.indexOf(needle, this.starts[item + 1]!)
      } else {
        pos = hay.indexOf(needle, pos + 1)
      }
    }
    return found.subarray(0, count)
  }
}

/** Results kept for earlier queries: at most this many queries and this many entries in all. */
const CACHE_QUERIES = 32
const CACHE_ENTRIES = 400_000
/** An earlier result is filtered instead of scanning the index when it holds under 1/16 of the list. */
const NARROW_FROM_FRACTION = 16

interface Cached<T> {
  readonly query: CompiledQuery
  readonly result: readonly T[]
}

/**
 * Searches one list (`base`, in display order) as the user types: a query seen before (Backspace) is a
 * lookup, a query that narrows an earlier one filters that earlier result, and any other query is one
 * scan of the index. Results are always in `base` order.
 */
export class ListSearch<T> {
  /** Earlier results by the compiled query, least recently used first. */
  private readonly cache = new Map<string, Cached<T>>()
  private cachedEntries = 0
  private last: Cached<T> | null = null

  /**
   * @param rankOf for each index item, its position in `base`, or -1 when it is not shown.
   * @param keyOf an item's search key and phone digits, as the index holds them.
   */
  constructor(
    readonly base: readonly T[],
    readonly index: SearchIndex,
    private readonly rankOf: Int32Array,
    private readonly keyOf: (item: T) => { key: string; digits: string },
  ) {}

  find(query: CompiledQuery): readonly T[] {
    if (query.empty) return this.base
    // The compiled needles say everything a query matches ("Maria" and "maria " are one query).
    const id = query.wordNeedles.join('')
    const seen = this.cache.get(id)
    if (seen) {
      this.cache.delete(id)
      this.cache.set(id, seen)
      this.last = seen
      return seen.result
    }
    // Re-checking an earlier result costs more per contact than the index scan does per match, so
    // it pays only when that result is a small part of the list.
    const wider = this.widerResult(query)
    const result = wider && wider.length * NARROW_FROM_FRACTION < this.base.length ? this.filter(wider, query) : this.scan(query)
    const entry: Cached<T> = { query, result }
    this.remember(id, entry)
    this.last = entry
    return result
  }

  /** The smallest earlier result that holds every match of `query`, if any. */
  private widerResult(query: CompiledQuery): readonly T[] | null {
    let best: readonly T[] | null = this.last && narrows(this.last.query, query) ? this.last.result : null
    for (const c of this.cache.values()) {
      if ((best === null || c.result.length < best.length) && narrows(c.query, query)) best = c.result
    }
    return best
  }

  private filter(items: readonly T[], query: CompiledQuery): T[] {
    const out: T[] = []
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!
      const k = this.keyOf(item)
      if (matches(query, k.key, k.digits)) out.push(item)
    }
    return out
  }

  private scan(query: CompiledQuery): T[] {
    const found = this.index.items(query)
    const ranks = new Int32Array(found.length)
    let count = 0
    let ordered = true
    for (let i = 0; i < found.length; i++) {
      const rank = this.rankOf[found[i]!]!
      if (rank === -1) continue
      if (count > 0 && rank < ranks[count - 1]!) ordered = false
      ranks[count++] = rank
    }
    const shown = ranks.subarray(0, count)
    // The index is built in display order, so only a list re-sorted since then needs sorting here.
    if (!ordered) shown.sort()
    const out = new Array<T>(count)
    for (let i = 0; i < count; i++) out[i] = this.base[shown[i]!]!
    return out
  }

  private remember(id: string, entry: Cached<T>): void {
    this.cache.set(id, entry)
    this.cachedEntries += entry.result.length
    for (const [oldId, old] of this.cache) {
      if (this.cache.size <= CACHE_QUERIES && this.cachedEntries <= CACHE_ENTRIES) break
      if (old === entry) break
      this.cache.delete(oldId)
      this.cachedEntries -= old.result.length
    }
  }
}
