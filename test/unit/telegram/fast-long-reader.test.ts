import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { BinaryReader } from 'telegram/extensions/BinaryReader.js'
import { readLongFast } from '../../../electron/core/telegram/fast-long-reader'

describe('readLongFast', () => {
  it('reads the same signed and unsigned values as GramJS, and advances 8 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 12, maxLength: 12 }), fc.boolean(), (bytes, signed) => {
        const buffer = Buffer.from(bytes)
        const fast = new BinaryReader(buffer)
        const slow = new BinaryReader(buffer)
        expect(readLongFast.call(fast, signed).toString()).toBe(slow.readLargeInt(64, signed).toString())
        expect(fast.readInt()).toBe(slow.readInt())
      }),
    )
  })

  it('handles the edges of the range', () => {
    const edges = ['0000000000000000', 'ffffffffffffffff', '0000000000000080', 'ffffffffffffff7f', '0100000000000000']
    for (const hex of edges) {
      for (const signed of [true, false]) {
        const buffer = Buffer.from(hex, 'hex')
        expect(readLongFast.call(new BinaryReader(buffer), signed).toString()).toBe(new BinaryReader(buffer).readLargeInt(64, signed).toString())
      }
    }
    expect(readLongFast.call(new BinaryReader(Buffer.from('ffffffffffffffff', 'hex')), true).toString()).toBe('-1')
    expect(readLongFast.call(new BinaryReader(Buffer.from('ffffffffffffffff', 'hex')), false).toString()).toBe('18446744073709551615')
  })
})
