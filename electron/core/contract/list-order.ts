import type { Contact, UserStatus } from './dto'

/**
 * The contact list's order, shared by the core (which sends the first screen already in it) and the renderer
 * (which keeps the whole list in it).
 */

/** The orders the core can send a first screen in (the renderer's other sorts start from 'name'). */
export type ListSort = 'lastSeen' | 'name'

/**
 * Sort key for "by last seen", descending, like Telegram Desktop's online sort: people online now first,
 * then by the time they were last online, then recently / within a week / within a month / hidden.
 */
export function lastSeenKey(status: UserStatus, nowMs: number): number {
  switch (status.kind) {
    case 'online':
      return status.expires * 1000 > nowMs ? Number.MAX_SAFE_INTEGER : status.expires
    case 'offline':
      return status.wasOnline
    case 'recently':
      return -1
    case 'lastWeek':
      return -2
    case 'lastMonth':
      return -3
    case 'hidden':
      return -4
  }
}

/** The name as the list shows it (and sorts it, folded). */
export function contactName(c: Pick<Contact, 'firstName' | 'lastName' | 'username' | 'phone'>): string {
  const name = `${c.firstName} ${c.lastName}`.trim()
  if (name) return name
  if (c.username) return `@${c.username}`
  return c.phone ?? 'Unnamed'
}

type Ranked = { k: number; n: string; c: Contact }

/**
 * The first `count` contacts in list order, in one pass without sorting everything: what the first screen needs.
 * Names compare in plain lower case (the renderer's full sort folds accents, which moves ties only). Fed one contact
 * at a time, so that the core can rank 100,000 of them in time slices (in one go it was a 30-60 ms step).
 */
export class ListHead {
  private readonly best: Ranked[] = []

  constructor(
    private readonly sort: ListSort,
    private readonly nowMs: number,
    private readonly count: number,
  ) {}

  add(c: Contact): void {
    const best = this.best
    const k = this.sort === 'lastSeen' ? lastSeenKey(c.status, this.nowMs) : 0
    const worst = best[best.length - 1]
    const full = best.length === this.count && worst !== undefined
    if (full && this.sort === 'lastSeen' && k < worst.k) return
    const r: Ranked = { k, n: contactName(c).toLowerCase(), c }
    if (full && !this.before(r, worst)) return
    let lo = 0
    let hi = best.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.before(best[mid]!, r)) lo = mid + 1
      else hi = mid
    }
    best.splice(lo, 0, r)
    if (best.length > this.count) best.pop()
  }

  result(): Contact[] {
    return this.best.map((r) => r.c)
  }

  private before(a: Ranked, b: Ranked): boolean {
    return this.sort === 'lastSeen' && a.k !== b.k ? a.k > b.k : a.n < b.n
  }
}

/** The first `count` contacts in list order (see ListHead), at once. */
export function firstInListOrder(contacts: Iterable<Contact>, sort: ListSort, nowMs: number, count: number): Contact[] {
  const head = new ListHead(sort, nowMs, count)
  for (const c of contacts) head.add(c)
  return head.result()
}
