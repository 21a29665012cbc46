/**
 * What libphonenumber's patterns leave open at the end of a number. Its number patterns end, almost
 * always, in a run of "any digit" (`…\d{6}`): whether a number is valid, and what its E.164 form is,
 * then does not depend on its last digits. trailingFreeDigits() finds, per number length, how many
 * last digits no pattern of a numbering plan constrains; the normaliser's cache (normalize.ts) shares
 * one answer among numbers that differ only there, which is exact, not a guess.
 *
 * The patterns use a small regular-expression subset (digits, `\d`, classes, groups, alternation,
 * `?` and `{n,m}`); a pattern outside it gets no free digits, so nothing is ever shared on its account.
 */

/** A digit of a number: any (`\d`), or one of a set (bit d set for digit d). */
type Atom = { kind: 'free' } | { kind: 'fixed'; digits: number } | Alternation
interface Alternation {
  kind: 'alt'
  alternatives: Item[][]
}
interface Item {
  atom: Atom
  min: number
  max: number
}

/** The longest numbers libphonenumber handles (national significant number), in digits. */
export const MAX_DIGITS = 17

class Unsupported extends Error {}

const ALL_DIGITS = 0x3ff

/** `[2-57-9]` as a digit set. */
function digitSet(body: string, source: string): number {
  let set = 0
  for (let i = 0; i < body.length; i++) {
    const from = body.charCodeAt(i) - 48
    if (from < 0 || from > 9) throw new Unsupported(source)
    let to = from
    if (body[i + 1] === '-') {
      to = body.charCodeAt(i + 2) - 48
      if (!(to >= from && to <= 9)) throw new Unsupported(source)
      i += 2
    }
    for (let d = from; d <= to; d++) set |= 1 << d
  }
  return set
}

/** Parses the pattern subset; throws Unsupported for anything else. */
function parsePattern(source: string): Alternation {
  let i = 0
  const alternation = (): Alternation => {
    const alternatives: Item[][] = [[]]
    while (i < source.length && source[i] !== ')') {
      const c = source[i] as string
      if (c === '|') {
        i++
        alternatives.push([])
        continue
      }
      let atom: Atom
      if (c === '(') {
        i += source.startsWith('(?:', i) ? 3 : 1
        atom = alternation()
        if (source[i] !== ')') throw new Unsupported(source)
        i++
      } else if (c === '\\') {
        if (source[i + 1] !== 'd') throw new Unsupported(source)
        i += 2
        atom = { kind: 'free' }
      } else if (c === '[') {
        const end = source.indexOf(']', i)
        if (end === -1) throw new Unsupported(source)
        const digits = digitSet(source.slice(i + 1, end), source)
        i = end + 1
        atom = digits === ALL_DIGITS ? { kind: 'free' } : { kind: 'fixed', digits }
      } else if (c >= '0' && c <= '9') {
        i++
        atom = { kind: 'fixed', digits: 1 << (c.charCodeAt(0) - 48) }
      } else throw new Unsupported(source)
      let min = 1
      let max = 1
      const q = source[i]
      if (q === '?') {
        min = 0
        i++
      } else if (q === '{') {
        const end = source.indexOf('}', i)
        const m = /^(\d+)(?:,(\d*))?$/.exec(source.slice(i + 1, end))
        if (end === -1 || m === null) throw new Unsupported(source)
        min = Number(m[1])
        max = m[2] === undefined ? min : m[2] === '' ? Number.POSITIVE_INFINITY : Number(m[2])
        i = end + 1
      } else if (q === '*' || q === '+') throw new Unsupported(source)
      ;(alternatives[alternatives.length - 1] as Item[]).push({ atom, min, max })
    }
    return { kind: 'alt', alternatives }
  }
  const tree = alternation()
  if (i !== source.length) throw new Unsupported(source)
  return tree
}

/** Position (digits matched so far) -> the fewest free digits at the end of any path to it. */
type Tails = Map<number, number>

/** Paths through one pattern whose first digits are `lead` (char codes of '0'..'9'). */
class Walk {
  /** The most digits any path read. */
  furthest = 0

  constructor(private readonly lead: string) {}

  private note(tails: Tails, position: number, free: number): void {
    if (position > MAX_DIGITS) return
    if (position > this.furthest) this.furthest = position
    const known = tails.get(position)
    if (known === undefined || free < known) tails.set(position, free)
  }

  /** Whether a digit of this atom may stand at `position`: only the lead's digits are known. */
  private fits(atom: { kind: 'free' } | { kind: 'fixed'; digits: number }, position: number): boolean {
    if (position >= this.lead.length) return true
    return atom.kind === 'free' || (atom.digits & (1 << (this.lead.charCodeAt(position) - 48))) !== 0
  }

  item({ atom, min, max }: Item, before: Tails): Tails {
    const out: Tails = new Map()
    if (atom.kind !== 'alt') {
      for (const [position, free] of before) {
        if (min === 0) this.note(out, position, free)
        for (let n = 1; n <= Math.min(max, MAX_DIGITS - position); n++) {
          if (!this.fits(atom, position + n - 1)) break
          if (n >= min) this.note(out, position + n, atom.kind === 'free' ? free + n : 0)
        }
      }
      return out
    }
    if (min === 0) for (const [position, free] of before) this.note(out, position, free)
    let current = before
    for (let n = 1; n <= Math.min(max, MAX_DIGITS) && current.size > 0; n++) {
      current = this.alternation(atom, current)
      if (n >= min) for (const [position, free] of current) this.note(out, position, free)
    }
    return out
  }

  alternation(node: Alternation, before: Tails): Tails {
    const out: Tails = new Map()
    for (const sequence of node.alternatives) {
      let current = before
      for (const item of sequence) {
        current = this.item(item, current)
        if (current.size === 0) break
      }
      for (const [position, free] of current) this.note(out, position, free)
    }
    return out
  }
}

const parsed = new Map<string, Alternation | null>()

function tree(pattern: string): Alternation | null {
  let found = parsed.get(pattern)
  if (found === undefined) {
    try {
      found = parsePattern(pattern)
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error
      found = null
    }
    parsed.set(pattern, found)
  }
  return found
}

/**
 * How many last digits of a `length`-digit number starting with `lead` no pattern in `patterns`
 * constrains: two such numbers that differ only there are matched by the same patterns. A length no
 * pattern matches gives MAX_DIGITS (nothing to tell apart); a pattern outside the subset gives 0.
 */
export function trailingFreeDigits(patterns: readonly string[], length: number, lead = ''): number {
  const walk = new Walk(lead.slice(0, length))
  let fewest = MAX_DIGITS
  for (const pattern of patterns) {
    const node = tree(pattern)
    if (node === null) return 0
    const free = walk.alternation(node, new Map([[0, 0]])).get(length)
    if (free !== undefined) fewest = Math.min(fewest, free)
  }
  return fewest
}

function maxLength(node: Alternation): number {
  let longest = 0
  for (const sequence of node.alternatives) {
    let length = 0
    for (const { atom, max } of sequence) length += max * (atom.kind === 'alt' ? maxLength(atom) : 1)
    longest = Math.max(longest, length)
  }
  return longest
}

/**
 * How many leading digits of `digits` decide what a prefix pattern (matched at the start, not to the
 * end) does with them: one past the furthest any way through the pattern gets along them. Numbers
 * that share those digits are treated alike by the pattern. Infinity outside the subset.
 */
export function prefixRead(pattern: string, digits: string): number {
  const node = tree(pattern)
  if (node === null) return Number.POSITIVE_INFINITY
  const walk = new Walk(digits)
  walk.alternation(node, new Map([[0, 0]]))
  return Math.min(walk.furthest + 1, digits.length)
}

/**
 * The most digits a prefix pattern (national prefix, international prefix, leading digits) can match
 * from the start of a number; Infinity when unbounded or outside the subset.
 */
const reaches = new Map<string, number>()

export function prefixReach(pattern: string | undefined): number {
  if (pattern === undefined || pattern === '') return 0
  let reach = reaches.get(pattern)
  if (reach === undefined) {
    const node = tree(pattern)
    reach = node === null ? Number.POSITIVE_INFINITY : maxLength(node)
    reaches.set(pattern, reach)
  }
  return reach
}
