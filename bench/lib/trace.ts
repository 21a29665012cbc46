/**
 * Each keystroke's main-thread work from a Chromium trace (CDP Tracing, devtools.timeline): the page
 * marks each key's keydown and the painted frame that shows it (performance.mark, "blink.user_timing"),
 * and the work is the time the renderer's main thread spent in tasks from the first mark to the end of the
 * frame that shows the key: the first task after the keydown that paints (the task that dispatched the
 * keydown counted from its start). Waiting for the next frame is not work; background tasks after the paint
 * are not part of the key, also when they run before the page's end mark (a task the app queues from
 * requestAnimationFrame for after the frame may run before the message that makes that mark). Style, layout and paint are summed from their events.
 * Durations are thread (CPU) time where Chromium records it, so other processes on a busy machine do not
 * inflate them; latency (measured in the page) is wall time and does include them.
 */

import type { CDPSession, Page } from 'playwright-core'

export interface TraceEvent {
  name: string
  cat: string
  ph: string
  ts: number
  dur?: number
  /** Thread (CPU) time of the event: what it cost without the time the OS ran other processes. */
  tdur?: number
  pid: number
  tid: number
}

export interface KeyTrace {
  /** Main-thread busy time between keydown and painted, ms. */
  workMs: number
  /** Of it: style recalculation, layout, and paint (PrePaint, Paint, Layerize, Commit), ms. */
  styleMs: number
  layoutMs: number
  paintMs: number
  /** Garbage collection inside the key's window, ms. */
  gcMs: number
}

const CATEGORIES = ['devtools.timeline', 'blink.user_timing', 'toplevel']
const STYLE = new Set(['UpdateLayoutTree', 'RecalculateStyles'])
const LAYOUT = new Set(['Layout'])
const PAINT = new Set(['PrePaint', 'Paint', 'Layerize', 'Commit', 'UpdateLayer', 'CompositeLayers'])
const GC = new Set(['MinorGC', 'MajorGC', 'V8.GCScavenger', 'V8.GCIncrementalMarking', 'V8.GCFinalizeMC', 'V8.GC_MC_BACKGROUND_MARKING'])
const TASK = new Set(['RunTask', 'ThreadControllerImpl::RunTask'])

export class KeyTracer {
  private events: TraceEvent[] = []
  private constructor(private readonly cdp: CDPSession) {}

  static async start(page: Page): Promise<KeyTracer> {
    const cdp = await page.context().newCDPSession(page)
    const tracer = new KeyTracer(cdp)
    cdp.on('Tracing.dataCollected', (e) => {
      for (const event of e.value) tracer.events.push(event as unknown as TraceEvent)
    })
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordContinuously' }, transferMode: 'ReportEvents' })
    return tracer
  }

  /** Ends the trace and gives each key's figures, for marks `key-N-start` / `key-N-end`, N = 0..count-1. */
  async stop(count: number): Promise<KeyTrace[]> {
    const done = new Promise<void>((resolve) => this.cdp.once('Tracing.tracingComplete', () => resolve()))
    await this.cdp.send('Tracing.end')
    await done
    await this.cdp.detach()
    return keyFigures(this.events, count)
  }
}

/**
 * The time of the events named `names` overlapping [start, end), ms: each outermost one once, not again for the same
 * kind of event nested in it (a frame's Paint holds a Paint per paint layer, 10-20 of them at the list's rows).
 */
export function outermostMs(events: readonly TraceEvent[], names: ReadonlySet<string>, start: number, end: number): number {
  let total = 0
  let coveredUntil = -Infinity
  for (const e of [...events].filter((e) => names.has(e.name)).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!)) {
    if (e.ts + e.dur! <= start || e.ts >= end) continue
    if (e.ts + e.dur! <= coveredUntil) continue
    coveredUntil = e.ts + e.dur!
    total += e.tdur ?? e.dur!
  }
  return total / 1000
}

function keyFigures(events: TraceEvent[], count: number): KeyTrace[] {
  const marks = new Map<string, TraceEvent>()
  for (const e of events) if (e.cat.includes('blink.user_timing') && e.name.startsWith('key-')) marks.set(e.name, e)
  const first = marks.get('key-0-start')
  if (!first) throw new Error('the trace holds no keystroke marks')
  // The page's main thread: where its marks were made.
  const main = events.filter((e) => e.pid === first.pid && e.tid === first.tid && e.ph === 'X' && e.dur !== undefined)
  const tasks = main.filter((e) => TASK.has(e.name)).sort((a, b) => a.ts - b.ts)
  const paints = main.filter((e) => e.name === 'Paint').sort((a, b) => a.ts - b.ts)
  const named = new Map([STYLE, LAYOUT, PAINT, GC].map((names) => [names, main.filter((e) => names.has(e.name))]))
  const out: KeyTrace[] = []
  for (let i = 0; i < count; i++) {
    const start = marks.get(`key-${i}-start`)?.ts
    const marked = marks.get(`key-${i}-end`)?.ts
    if (start === undefined || marked === undefined) throw new Error(`the trace lacks the marks of key ${i}`)
    // The frame that shows the key: the keydown, keypress and input are dispatched in one task, which paints nothing,
    // so the first paint after the keydown is that frame's.
    const paint = paints.find((p) => p.ts > start && p.ts < marked)
    const frame = paint ? tasks.find((t) => t.ts <= paint.ts && t.ts + t.dur! >= paint.ts + paint.dur!) : undefined
    const end = frame ? Math.min(marked, frame.ts + frame.dur!) : marked
    let work = 0
    for (const t of tasks) {
      const tEnd = t.ts + t.dur!
      if (tEnd <= start || t.ts >= end) continue
      // Whole tasks (the one holding the start mark dispatched the keydown), in thread time where the
      // trace has it: on a shared machine, wall time also counts other processes' turns on the core.
      const wall = Math.min(tEnd, end) - t.ts
      work += t.tdur === undefined ? wall : Math.min(wall, t.tdur)
    }
    const sum = (names: Set<string>) => outermostMs(named.get(names)!, names, start, end)
    out.push({ workMs: work / 1000, styleMs: sum(STYLE), layoutMs: sum(LAYOUT), paintMs: sum(PAINT), gcMs: sum(GC) })
  }
  return out
}
