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

/** An estimate running from now, and `answer`: `times` answers of `rows` numbers, each `ms` after the last. */
function running(window?: number) {
  const c = clock()
  const e = new ProgressEstimate(window)
  e.run(c.now())
  const answer = (rows: number, ms: number, times = 1) => {
    for (let i = 0; i < times; i++) {
      c.advance(ms)
      e.answered(rows, c.now())
    }
  }
  return { c, e, answer }
}

describe('import rate and time left', () => {
  it('never gives a rate from a single answer, however quick', () => {
    const { c, e, answer } = running()
    answer(500, 74)
    expect(e.read(c.now(), 2468, null)).toEqual({ ratePerMinute: null, estimatedEndAt: null })
    // An answer that took nothing (all asked for again later) is no second measurement either.
    answer(0, 80)
    expect(e.read(c.now(), 2468, null)).toEqual({ ratePerMinute: null, estimatedEndAt: null })
    answer(500, 100)
    expect(e.read(c.now(), 1968, null).ratePerMinute).not.toBeNull()
  })

  it("counts Telegram's waits in the rate: the issue's 404,494 per minute becomes the real pace", () => {
    const { c, e, answer } = running()
    // 500 answered in 74 ms, then a 60 s flood wait, then 500 more in 74 ms.
    answer(500, 74)
    const waitUntil = c.now() + 60_000
    c.advance(30_000)
    // While waiting: no rate; the time left is the wait plus the rest, and nothing can be said yet about the rest.
    expect(e.read(c.now(), 2468, waitUntil)).toEqual({ ratePerMinute: null, estimatedEndAt: null })
    answer(500, 30_000 + 74)
    const { ratePerMinute, estimatedEndAt } = e.read(c.now(), 1968, null)
    // 1,000 numbers over 60.148 s of sending and waiting.
    expect(ratePerMinute).toBeCloseTo((1000 / 60_148) * 60_000, 3)
    expect(Math.round(ratePerMinute!)).toBe(998)
    expect(estimatedEndAt).toBe(c.now() + Math.round((1968 / 1000) * 60_148))
  })

  it('while waiting, the time left is the countdown plus the rest at the rate measured until the wait', () => {
    const { c, e, answer } = running()
    answer(500, 1000, 3)
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
    const { c, e, answer } = running()
    answer(100, 1000)
    answer(100, 1000)
    e.halt(c.now())
    expect(e.read(c.now(), 800, null)).toEqual({ ratePerMinute: null, estimatedEndAt: null })
    c.advance(3_600_000)
    e.run(c.now())
    // 200 over 2 s of running: the hour in between is not part of it.
    expect(e.read(c.now(), 800, null).ratePerMinute).toBeCloseTo(6000)
    answer(200, 2000)
    expect(e.read(c.now(), 600, null).ratePerMinute).toBeCloseTo(6000)
  })

  it('is smoothed over the last answers: one slow request moves it, but does not decide it', () => {
    const { c, e, answer } = running(5)
    answer(500, 1000, 6)
    expect(e.read(c.now(), 10_000, null).ratePerMinute).toBeCloseTo(30_000)
    answer(500, 6000)
    // The last five answers: 2,500 over 4 × 1 s + 6 s.
    expect(e.read(c.now(), 9500, null).ratePerMinute).toBeCloseTo(15_000)
    // Five quick answers later the slow one has left the window.
    answer(500, 1000, 5)
    expect(e.read(c.now(), 7000, null).ratePerMinute).toBeCloseTo(30_000)
  })

  it('gives no end time once nothing is left', () => {
    const { c, e, answer } = running()
    answer(10, 1000)
    answer(10, 1000)
    expect(e.read(c.now(), 0, null).estimatedEndAt).toBeNull()
  })
})
