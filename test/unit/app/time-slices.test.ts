import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { joinInSlices, TimeSlices } from '../../../electron/core/app/time-slices'
import { turnsDuring } from '../support/loop-turns'

describe('joining big buffers in slices', () => {
  it('gives exactly the parts one after another, in a buffer of its own that can be transferred', async () => {
    const parts = [randomBytes(3), Buffer.alloc(0), randomBytes((1 << 20) + 5), randomBytes(70_000).subarray(10, 60_000)]
    const joined = await joinInSlices(parts)
    expect(joined.equals(Buffer.concat(parts))).toBe(true)
    // Its own memory: a view into a pooled or larger buffer could not be handed to a worker whole.
    expect(joined.byteOffset).toBe(0)
    expect(joined.buffer.byteLength).toBe(joined.length)
    const copy = structuredClone(joined.buffer, { transfer: [joined.buffer] })
    expect(Buffer.from(copy).equals(Buffer.concat(parts))).toBe(true)
  })

  it('lets the event loop run between pieces once a slice is used up', async () => {
    const parts = [randomBytes(4 << 20)]
    // A slice used up at once: every piece is followed by a turn.
    const { value, turns } = await turnsDuring(joinInSlices(parts, new TimeSlices(0)))
    expect(value.equals(parts[0]!)).toBe(true)
    expect(turns).toBeGreaterThanOrEqual(3)
  })
})
