/**
 * The worst event-loop stall of one process while an operation runs: a timer every few milliseconds notes when it
 * actually fires. A tick that comes D ms after the previous one means the loop could run nothing (no IPC answer, no
 * timer, no I/O callback) for about D − interval ms. `perf_hooks.monitorEventLoopDelay` runs beside it as a
 * cross-check (its histogram samples the same delay from libuv).
 *
 * Budgets (issue 16): the main process never over 16 ms (one frame), the core at most 50 ms per synchronous step.
 */

import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks'

/** Ticks this far apart: fine enough to tell a 16 ms stall, coarse enough to cost nothing. */
export const STALL_TICK_MS = 5

export const STALL_BUDGET_MS = { main: 16, core: 50 } as const

export interface StallFigures {
  /** Longest time the event loop could not run a due timer, ms. */
  worstMs: number
  /**
   * The most CPU time this thread spent between two ticks, ms: the longest synchronous step's own work, which a
   * loaded machine does not stretch (worstMs also counts the time the OS ran other processes).
   */
  worstCpuMs: number
  /** All CPU time this thread spent while the watch ran, ms: the operation's work, whatever the machine's load. */
  cpuMs: number
  /**
   * What the longest stall (worstMs) was made of, ms: this thread's CPU time in it, its time runnable but waiting
   * for a CPU (the OS scheduler on a loaded machine; Linux's schedstat, null elsewhere), and the garbage
   * collections' pauses in it (which can wait for GC helper threads that wait for a CPU too).
   */
  worstStall: { cpuMs: number; runQueueMs: number | null; gcMs: number }
  /** Stalls over 16 ms (a dropped frame, were this the main process) and over 50 ms: how many, and their sum. */
  over16: number
  over50: number
  blockedOver50Ms: number
  /** monitorEventLoopDelay's maximum, ms (cross-check). */
  loopDelayMaxMs: number
  /** How long the watch ran, ms. */
  wallMs: number
}

export interface StallWatch {
  /** The figures since the watch started; the timer stops. */
  stop(): StallFigures
}

const round1 = (n: number): number => Math.round(n * 10) / 10

const cpuMsSince = (start: NodeJS.CpuUsage): number => {
  const used = process.threadCpuUsage(start)
  return (used.user + used.system) / 1000
}

/** This thread's time so far runnable but not running, ms; null where the system does not say (not Linux). */
function runQueueMs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6
  } catch {
    return null
  }
}

/** The pauses of this thread's garbage collections, as performance entries (start, duration in ms). */
function watchGc(): { pausesIn(from: number, to: number): number; stop(): void } {
  const pauses: { start: number; end: number }[] = []
  const add = (entries: readonly PerformanceEntry[]): void => {
    for (const e of entries) pauses.push({ start: e.startTime, end: e.startTime + e.duration })
  }
  const observer = new PerformanceObserver((list) => add(list.getEntries()))
  observer.observe({ entryTypes: ['gc'] })
  return {
    pausesIn(from, to) {
      // Entries come a little after their collection: the last ones are taken here.
      add(observer.takeRecords())
      return pauses.reduce((sum, p) => sum + Math.max(0, Math.min(to, p.end) - Math.max(from, p.start)), 0)
    },
    stop: () => observer.disconnect(),
  }
}

/** Starts watching this process's event loop. */
export function watchStalls(tickMs = STALL_TICK_MS): StallWatch {
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  histogram.enable()
  const started = performance.now()
  let last = started
  const startCpu = process.threadCpuUsage()
  let lastCpu = startCpu
  let lastRunQueue = runQueueMs()
  const gc = watchGc()
  let worstStall = { from: 0, to: 0, cpuMs: 0, runQueueMs: null as number | null }
  let worst = 0
  let worstCpu = 0
  let over16 = 0
  let over50 = 0
  let blocked50 = 0
  const note = (now: number): void => {
    const stall = now - last - tickMs
    const from = last
    last = now
    const cpu = process.threadCpuUsage(lastCpu)
    lastCpu = process.threadCpuUsage()
    const cpuMs = (cpu.user + cpu.system) / 1000
    worstCpu = Math.max(worstCpu, cpuMs)
    const runQueue = runQueueMs()
    const waited = runQueue !== null && lastRunQueue !== null ? runQueue - lastRunQueue : null
    lastRunQueue = runQueue
    if (stall <= 0) return
    if (stall > worst) {
      worst = stall
      worstStall = { from, to: now, cpuMs, runQueueMs: waited }
    }
    if (stall > 16) over16++
    if (stall > 50) {
      over50++
      blocked50 += stall
    }
  }
  const timer = setInterval(() => note(performance.now()), tickMs)
  timer.unref()
  return {
    stop() {
      clearInterval(timer)
      // A stall still running when the operation ended counts too.
      note(performance.now())
      histogram.disable()
      const gcMs = gc.pausesIn(worstStall.from, worstStall.to)
      gc.stop()
      return {
        worstMs: round1(worst),
        worstCpuMs: round1(worstCpu),
        cpuMs: round1(cpuMsSince(startCpu)),
        worstStall: { cpuMs: round1(worstStall.cpuMs), runQueueMs: worstStall.runQueueMs === null ? null : round1(worstStall.runQueueMs), gcMs: round1(gcMs) },
        over16,
        over50,
        blockedOver50Ms: round1(blocked50),
        loopDelayMaxMs: round1(histogram.max / 1e6),
        wallMs: round1(performance.now() - started),
      }
    },
  }
}

/**
 * The stall watch of another process, driven over its IPC channel (see stall-probe.ts, which that process loads
 * with `--import`): start, then stop with the figures.
 */
export interface ProcessLike {
  send(message: unknown): boolean
  on(event: 'message', listener: (message: unknown) => void): unknown
  off(event: 'message', listener: (message: unknown) => void): unknown
}

export const STALL_PROBE_KEY = 'tgcStallProbe'

let probeRequests = 0

function askProbe(child: ProcessLike, op: 'start' | 'stop'): Promise<StallFigures | null> {
  const id = ++probeRequests
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', listener)
      reject(new Error(`the stall probe did not answer ${op} (was the child started with --import bench/lib/stall-probe.ts?)`))
    }, 30_000)
    const listener = (message: unknown): void => {
      const probe = (message as Record<string, unknown> | null)?.[STALL_PROBE_KEY] as { id?: number; figures?: StallFigures | null } | undefined
      if (probe?.id !== id) return
      clearTimeout(timer)
      child.off('message', listener)
      resolve(probe.figures ?? null)
    }
    child.on('message', listener)
    child.send({ [STALL_PROBE_KEY]: { id, op } })
  })
}

/** Starts the probe in `child`; the returned stop() resolves to that process's figures. */
export async function watchChildStalls(child: ProcessLike): Promise<{ stop(): Promise<StallFigures> }> {
  await askProbe(child, 'start')
  return {
    async stop() {
      const figures = await askProbe(child, 'stop')
      if (figures === null) throw new Error('the stall probe was not running')
      return figures
    },
  }
}
