/**
 * A list in an old order, put in the new one when only some of its items moved (a status re-sort moves the few
 * contacts whose status changed): the others keep their order, so the moved ones are taken out and merged back in
 * by their new rank. O(length + moved × log length), against sorting or building the list again.
 */
export function reranked<T>(list: readonly T[], moved: ReadonlySet<T>, rank: (item: T) => number): T[] {
  const kept: T[] = []
  const back: T[] = []
  for (const item of list) (moved.has(item) ? back : kept).push(item)
  if (back.length === 0) return kept
  back.sort((a, b) => rank(a) - rank(b))
  const out: T[] = new Array<T>(list.length)
  let k = 0
  let o = 0
  for (const item of back) {
    // Where it goes among the kept items, which are in the new order: after every one ranked before it.
    const r = rank(item)
    let lo = k
    let hi = kept.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (rank(kept[mid]!) < r) lo = mid + 1
      else hi = mid
    }
    while (k < lo) out[o++] = kept[k++]!
    out[o++] = item
  }
  while (k < kept.length) out[o++] = kept[k++]!
  return out
}
