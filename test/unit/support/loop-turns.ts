/**
 * Counts the event loop's turns (setImmediate callbacks) until `work` settles: 0 when it ran in one synchronous
 * stretch, more when it let the loop run (what the core must do with big work).
 */
export async function turnsDuring<T>(work: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0
  let done = false
  const tick = (): void => {
    if (done) return
    turns++
    setImmediate(tick)
  }
  setImmediate(tick)
  try {
    return { value: await work, turns }
  } finally {
    done = true
  }
}
