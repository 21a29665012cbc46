/** Timing and child-process helpers shared by the benchmarks. */

import { spawn } from 'node:child_process'

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

export interface RunPlan {
  warmups: number
  runs: number
  /** Stop adding runs once this much time went by (at least one measured run is kept). */
  budgetMs: number
}

export interface RunTimes {
  /** Wall-clock milliseconds of each measured run. */
  wallMs: number[]
  /**
   * The process's CPU milliseconds (user + system, GC threads included) of each run: on a loaded machine the wall
   * clock also counts the time the run waited for a core, CPU time does not.
   */
  cpuMs: number[]
}

/** Runs `fn` warmups + runs times and returns each measured run's wall-clock and CPU milliseconds. */
export async function timeRuns(plan: RunPlan, fn: () => unknown): Promise<RunTimes> {
  for (let i = 0; i < plan.warmups; i++) await fn()
  const wallMs: number[] = []
  const cpuMs: number[] = []
  const started = performance.now()
  for (let i = 0; i < plan.runs; i++) {
    const t = performance.now()
    const cpu = process.cpuUsage()
    await fn()
    const used = process.cpuUsage(cpu)
    wallMs.push(performance.now() - t)
    cpuMs.push((used.user + used.system) / 1000)
    if (performance.now() - started > plan.budgetMs) break
  }
  return { wallMs, cpuMs }
}

/**
 * Runs a TypeScript worker in its own Node process (so its peak RSS is its own) and returns the
 * JSON it prints on its last stdout line; a crash or timeout comes back as `{ error }`.
 */
export function runWorker<T>(script: string, args: string[], timeoutMs: number): Promise<T | { error: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const last = out.trim().split('\n').pop() ?? ''
      try {
        if (code === 0) return resolve(JSON.parse(last) as T)
      } catch {
        // Fall through to the error below.
      }
      const why = signal === 'SIGKILL' ? `timed out after ${Math.round(timeoutMs / 1000)} s` : `exit ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`
      resolve({ error: why.slice(0, 400) })
    })
  })
}

export function fmt(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '-'
  return n.toFixed(digits)
}
