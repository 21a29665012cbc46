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

/**
 * The first `count` contacts in list order, in one pass without sorting everything: what the first screen needs.
 * Names compare in plain lower case (the renderer's full sort folds accents, which moves ties only).
 */
export function firstInListOrder(contacts: Iterable<Contact>, sort: ListSort, nowMs: number, count: number): Contact[] {
  type Ranked = { k: number; n: string; c: Contact }
  const before = (a: Ranked, b: Ranked) => (sort === 'lastSeen' && a.k !== b.k ? a.k > b.k : a.n < b.n)
  const best: Ranked[] = []
  for (const c of contacts) {
    const r: Ranked = { k: sort === 'lastSeen' ? lastSeenKey(c.status, nowMs) : 0, n: '', c }
    const worst = best[best.length - 1]
    if (best.length === count && worst && sort === 'lastSeen' && r.k < worst.k) continue
    r.n = contactName(c).toLowerCase()
    if (best.length === count && worst && !before(r, worst)) continue
    let lo = 0
    let hi = best.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (before(best[mid]!, r)) lo = mid + 1
      else hi = mid
    }
    best.splice(lo, 0, r)
    if (best.length > count) best.pop()
  }
  return best.map((r) => r.c)
}
