/**
 * Loaded into a measured child process with `node --import tsx --import bench/lib/stall-probe.ts ...`: answers
 * `{tgcStallProbe: {id, op: 'start' | 'stop'}}` on the IPC channel with `{tgcStallProbe: {id, figures}}`, so a
 * benchmark can read the child's own event-loop stalls without any measuring code in the app.
 *
 * With `STALL_CPU_PROF_DIR` set, the child also records a CPU profile from start to stop (node:inspector) and writes
 * it there as `stalls-<pid>-<n>.cpuprofile` (open it in Chrome DevTools): the stacks behind a stall.
 */

import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'
import { STALL_PROBE_KEY, watchStalls, type StallWatch } from './stall'

const profileDir = process.env.STALL_CPU_PROF_DIR
let watch: StallWatch | null = null
let profiler: Session | null = null
let profiles = 0

async function startProfile(): Promise<void> {
  profiler = new Session()
  profiler.connect()
  await profiler.post('Profiler.enable')
  await profiler.post('Profiler.setSamplingInterval', { interval: 200 })
  await profiler.post('Profiler.start')
}

async function stopProfile(dir: string): Promise<void> {
  if (profiler === null) return
  const { profile } = await profiler.post('Profiler.stop')
  profiler.disconnect()
  profiler = null
  writeFileSync(join(dir, `stalls-${process.pid}-${++profiles}.cpuprofile`), JSON.stringify(profile))
}

process.on('message', (message: unknown) => {
  const probe = (message as Record<string, unknown> | null)?.[STALL_PROBE_KEY] as { id?: number; op?: string } | undefined
  if (probe === undefined || typeof probe.id !== 'number') return
  const { id, op } = probe
  void (async () => {
    let figures = null
    if (op === 'start') {
      watch?.stop()
      if (profileDir) await startProfile()
      watch = watchStalls()
    } else if (op === 'stop' && watch !== null) {
      figures = watch.stop()
      watch = null
      if (profileDir) await stopProfile(profileDir)
    }
    process.send?.({ [STALL_PROBE_KEY]: { id, figures } })
  })()
})
