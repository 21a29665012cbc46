import { setImmediate } from 'node:timers/promises'

/** The core's event loop runs what is due (IPC answers, timers, sockets) before this resolves. */
export const yieldToLoop = (): Promise<void> => setImmediate()

/** How long one synchronous step of the core may run (issue 16: no step over ~50 ms; slices stay well under). */
export const SLICE_MS = 10

/**
 * Long loops in the core, cut into slices: `await slices.turn()` after each item gives the event loop a turn once
 * the slice has run SLICE_MS, so a loop over 100,000 contacts never holds it for longer.
 */
export class TimeSlices {
  private started = performance.now()

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** Whether the current slice is used up. */
  get due(): boolean {
    return performance.now() - this.started >= this.sliceMs
  }

  async turn(): Promise<void> {
    if (this.due) await this.yieldNow()
  }

  /** A turn of the event loop now, and a new slice after it. */
  async yieldNow(): Promise<void> {
    await yieldToLoop()
    this.started = performance.now()
  }
}
