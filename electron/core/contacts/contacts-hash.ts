const MASK = (1n << 64n) - 1n

/**
 * Telegram's vector hash (TDLib get_vector_hash, core.telegram.org/api/offsets#hash-generation): over unsigned 64-bit
 * arithmetic, acc ^= acc >> 21; acc ^= acc << 35; acc ^= acc >> 4; acc += n; the result read as a signed int64.
 */
export function vectorHash(numbers: readonly bigint[]): bigint {
  let acc = 0n
  for (const n of numbers) {
    acc ^= acc >> 21n
    acc = (acc ^ (acc << 35n)) & MASK
    acc ^= acc >> 4n
    acc = (acc + (n & MASK)) & MASK
  }
  return BigInt.asIntN(64, acc)
}

/**
 * The contacts.getContacts hash: saved_count first, then the contacts' user ids in ascending order (self included
 * when we are our own contact), at most 100,000 ids, as TDLib computes it.
 */
export function contactsHash(savedCount: number, userIds: readonly string[]): bigint {
  const ids = userIds.map((id) => BigInt(id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, 100_000)
  return vectorHash([BigInt(savedCount), ...ids])
}
