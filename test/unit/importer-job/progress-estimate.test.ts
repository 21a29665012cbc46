import { describe, expect, it } from 'vitest'
import { ProgressEstimate } from '../../../electron/core/importer/job/progress-estimate'

/** A fake clock: the estimate is pure, the test moves the time. */
function clock(start = 1_700_000_000_000) {
  let t = start
  return {
    now: () => t,
    advance: (ms: number) => (t += ms),
  }
}

describe('import rate and time left', () => {
  it('never gives a rate from a single answer, however quick', () => {
    const c = clock()
    const e = new ProgressEstimate()
    e.run(c.now())
    c.advance(74)
    e.answered(500, c.now())
    expect(e.read(c.now(), 2468, null)).toEqual({ ratePerMinute: null, estimatedEndAt: null })
    // An answer that took nothing (all asked for again later) is no second measurement either.
    c.advance(80)
    e.answered(0, c.now())
    expect(e.read(c.now(), 2468, null)).toEqual({ ratePerMinute: null, estimatedEndAt: null })
    c.advance(100)
    e.answered(500, c.now())
    expect(e.read(c.now(), 1968, null).ratePerMinute).not.toBeNull()
  })

  it("counts Telegram's waits in the rate: the issue's 404,494 per minute becomes the real pace", () => {
    const c = clock()
    const e = new ProgressEstimate()
    e.run(c.now())
    // 500 answered in 74 ms, then a 60 s flood wait, then 500 more in 74 ms.
    c.advance(74)
    e.answered(500, c.now())
    const waitUntil = c.now() + 60_000
    c.advance(30_000)
    // While waiting: no rate; the time left is the wait plus the rest, and nothing can be said yet about the rest.
    expect(e.read(c.now(), 2468, waitUntil)).toEqual({ ratePerMinute: null, estimatedEndAt: null })
    c.advance(30_000 + 74)
    e.answered(500, c.now())
    const { ratePerMinute, estimatedEndAt } = e.read(c.now(), 1968, null)
    // 1,000 numbers over 60.148 s of sending and waiting.
    expect(ratePerMinute).toBeCloseTo((1000 / 60_148) * 60_000, 3)
    expect(Math.round(ratePerMinute!)).toBe(998)
    expect(estimatedEndAt).toBe(c.now() + Math.round((1968 / 1000) * 60_148))
  })

  it('while waiting, the time left is the countdown plus the rest at the rate measured until the wait', () => {
    const c = clock()
    const e = new ProgressEstimate()
    e.run(c.now())
    for (let i = 0; i < 3; i++) {
      c.advance(1000)
      e.answered(500, c.now())
    }
    // 1,500 in 3 s = 30,000 per minute.
    expect(e.read(c.now(), 3000, null).ratePerMinute).toBeCloseTo(30_000)
    const waitUntil = c.now() + 10 * 60_000
    c.advance(4 * 60_000)
    const during = e.read(c.now(), 3000, waitUntil)
    expect(during.ratePerMinute).toBeNull()
    // The known wait (until waitUntil) plus 3,000 at 500 a second.
    expect(during.estimatedEndAt).toBe(waitUntil + 6000)
  })

  it('paused: no rate, and the paused time does not count afterwards', () => {
    const c = clock()
    const e = new ProgressEstimate()
    e.run(c.now())
    c.advance(1000)
    e.answered(100, c.now())
    c.advance(1000)
    e.answered(100, c.now())
    e.halt(c.now())
    expect(e.read(c.now(), 800, null)).toEqual({ ratePerMinute: null, estimatedEndAt: null })
    c.advance(3_600_000)
    e.run(c.now())
    // 200 over 2 s of running: the hour in between is not part of it.
    expect(e.read(c.now(), 800, null).ratePerMinute).toBeCloseTo(6000)
    c.advance(2000)
    e.answered(200, c.now())
    expect(e.read(c.now(), 600, null).ratePerMinute).toBeCloseTo(6000)
  })

  it('is smoothed over the last answers: one slow request moves it, but does not decide it', () => {
    const c = clock()
    const e = new ProgressEstimate(5)
    e.run(c.now())
    for (let i = 0; i < 6; i++) {
      c.advance(1000)
      e.answered(500, c.now())
    }
    expect(e.read(c.now(), 10_000, null).ratePerMinute).toBeCloseTo(30_000)
    c.advance(6000)
    e.answered(500, c.now())
    // The last five answers: 2,500 over 4 × 1 s + 6 s.
    expect(e.read(c.now(), 9500, null).ratePerMinute).toBeCloseTo(15_000)
    // Five quick answers later the slow one has left the window.
    for (let i = 0; i < 5; i++) {
      c.advance(1000)
      e.answered(500, c.now())
    }
    expect(e.read(c.now(), 7000, null).ratePerMinute).toBeCloseTo(30_000)
  })

  it('gives no end time once nothing is left', () => {
    const c = clock()
    const e = new ProgressEstimate()
    e.run(c.now())
    c.advance(1000)
    e.answered(10, c.now())
    c.advance(1000)
    e.answered(10, c.now())
    expect(e.read(c.now(), 0, null).estimatedEndAt).toBeNull()
  })
})
