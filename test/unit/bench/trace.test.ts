import { describe, expect, it } from 'vitest'
import { outermostMs, type TraceEvent } from '../../../bench/lib/trace'

const event = (name: string, ts: number, dur: number, tdur?: number): TraceEvent => ({ name, cat: 'devtools.timeline', ph: 'X', ts, dur, ...(tdur === undefined ? {} : { tdur }), pid: 1, tid: 1 })
const PAINT = new Set(['PrePaint', 'Paint'])

describe('outermostMs (a keystroke trace summed by kind of work)', () => {
  it('counts a frame’s Paint once, not again for the Paint of each layer nested in it', () => {
    // One frame: PrePaint 0.5 ms, then a Paint of 0.8 ms holding three layers' Paints (0.2 ms each).
    const events = [event('PrePaint', 1000, 500), event('Paint', 1600, 800), event('Paint', 1650, 200), event('Paint', 1850, 200), event('Paint', 2050, 200)]
    expect(outermostMs(events, PAINT, 0, 10_000)).toBeCloseTo(1.3)
  })

  it('counts separate events each, in thread time where the trace has it, and only those in the window', () => {
    const events = [event('Paint', 1000, 400, 300), event('Paint', 2000, 400), event('Paint', 9000, 400), event('Layout', 1200, 100)]
    expect(outermostMs(events, PAINT, 0, 5000)).toBeCloseTo(0.7)
  })
})
