import { TimeSlices } from '../app/time-slices'

const MASK = (1n << 64n) - 1n
/** Telegram hashes at most this many ids of a list. */
const MAX_IDS = 100_000

/** One step of Telegram's vector hash over the unsigned 64-bit accumulator. */
function step(acc: bigint, n: bigint): bigint {
  acc ^= acc >> 21n
  acc = (acc ^ (acc << 35n)) & MASK
  acc ^= acc >> 4n
  return (acc + (n & MASK)) & MASK
}

/**
 * Telegram's vector hash (TDLib get_vector_hash, core.telegram.org/api/offsets#hash-generation): over unsigned 64-bit
 * arithmetic, acc ^= acc >> 21; acc ^= acc << 35; acc ^= acc >> 4; acc += n; the result read as a signed int64.
 */
export function vectorHash(numbers: readonly bigint[]): bigint {
  let acc = 0n
  for (const n of numbers) acc = step(acc, n)
  return BigInt.asIntN(64, acc)
}

/**
 * The contacts.getContacts hash: saved_count first, then the contacts' user ids in ascending order (self included
 * when we are our own contact), at most 100,000 ids, as TDLib computes it. In time slices: at 100,000 contacts the
 * BigInt arithmetic alone is some 50-100 ms (user ids are positive int64s, so a BigInt64Array sorts them natively).
 */
export async function contactsHash(savedCount: number, userIds: readonly string[]): Promise<bigint> {
  const slices = new TimeSlices()
  const ids = new BigInt64Array(userIds.length)
  for (let i = 0; i < userIds.length; i++) {
    ids[i] = BigInt(userIds[i]!)
    await slices.turn()
  }
  ids.sort()
  let acc = step(0n, BigInt(savedCount))
  for (const id of ids.subarray(0, MAX_IDS)) {
    acc = step(acc, id)
    await slices.turn()
  }
  return BigInt.asIntN(64, acc)
}
