import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { contactsHash, vectorHash } from '../../../electron/core/contacts/contacts-hash'

/** A second, independent implementation over a BigUint64Array (wrapping uint64 arithmetic done by the engine). */
function referenceHash(numbers: readonly bigint[]): bigint {
  const acc = new BigUint64Array(1)
  for (const n of numbers) {
    acc[0] = acc[0]! ^ (acc[0]! >> 21n)
    acc[0] = acc[0]! ^ (acc[0]! << 35n)
    acc[0] = acc[0]! ^ (acc[0]! >> 4n)
    acc[0] = acc[0]! + n
  }
  return new BigInt64Array(acc.buffer)[0]!
}

describe('vectorHash (TDLib get_vector_hash)', () => {
  it('is 0 for no numbers and the number itself for one', () => {
    expect(vectorHash([])).toBe(0n)
    expect(vectorHash([7n])).toBe(7n)
  })

  it('matches a value worked out by hand for [1, 2]', () => {
    // acc=1; ^= 1>>21 (0); ^= 1<<35; ^= acc>>4 (= 2^31); += 2  ->  2^35 + 2^31 + 3
    expect(vectorHash([1n, 2n])).toBe(2n ** 35n + 2n ** 31n + 3n)
  })

  it('agrees with an independent uint64 implementation and returns a signed int64', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), { maxLength: 50 }), (numbers) => {
        const hash = vectorHash(numbers)
        expect(hash).toBe(referenceHash(numbers))
        expect(hash >= -(2n ** 63n) && hash < 2n ** 63n).toBe(true)
      }),
    )
  })
})

describe('contactsHash', () => {
  it('puts saved_count first and sorts the ids numerically', async () => {
    expect(await contactsHash(3, ['20', '100', '9'])).toBe(vectorHash([3n, 9n, 20n, 100n]))
  })

  it('does not depend on the order of the list', async () => {
    expect(await contactsHash(0, ['5', '1', '3'])).toBe(await contactsHash(0, ['3', '5', '1']))
  })

  it('changes with saved_count and with membership', async () => {
    const base = await contactsHash(2, ['1', '2'])
    expect(await contactsHash(3, ['1', '2'])).not.toBe(base)
    expect(await contactsHash(2, ['1', '2', '4'])).not.toBe(base)
  })

  it('handles ids beyond 2^53 without losing digits', async () => {
    const big = '9007199254740993'
    expect(await contactsHash(0, [big])).toBe(vectorHash([0n, 9007199254740993n]))
  })

  it('hashes the lowest 100,000 ids of a longer list', async () => {
    const ids = Array.from({ length: 100_010 }, (_, i) => BigInt(8_000_000_000 - i * 3))
    const expected = vectorHash([7n, ...[...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, 100_000)])
    expect(await contactsHash(7, ids.map(String))).toBe(expected)
  })
})
