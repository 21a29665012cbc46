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
    if (!this.due) return
    await yieldToLoop()
    this.started = performance.now()
  }
}

/** Bytes copied between two looks at the clock when joining: about a millisecond of memcpy. */
const JOIN_PIECE = 1 << 20

/**
 * `parts` copied into one new buffer that owns its memory (not pooled: it can be transferred), in slices: one copy of a
 * 15 MB answer (Buffer.concat, or a Uint8Array copy before a transfer) was a single 30-100 ms step of the core.
 */
export async function joinInSlices(parts: readonly Uint8Array[], slices = new TimeSlices()): Promise<Buffer<ArrayBuffer>> {
  let size = 0
  for (const part of parts) size += part.length
  const out = Buffer.allocUnsafeSlow(size)
  let at = 0
  for (const part of parts) {
    for (let from = 0; from < part.length; from += JOIN_PIECE) {
      const piece = part.subarray(from, from + JOIN_PIECE)
      out.set(piece, at)
      at += piece.length
      await slices.turn()
    }
  }
  return out
}
