/**
 * Loaded into a measured child process with `node --import tsx --import bench/lib/stall-probe.ts ...`: answers
 * `{tgcStallProbe: {id, op: 'start' | 'stop'}}` on the IPC channel with `{tgcStallProbe: {id, figures}}`, so a
 * benchmark can read the child's own event-loop stalls without any measuring code in the app.
 */

import { STALL_PROBE_KEY, watchStalls, type StallWatch } from './stall'

let watch: StallWatch | null = null

process.on('message', (message: unknown) => {
  const probe = (message as Record<string, unknown> | null)?.[STALL_PROBE_KEY] as { id?: number; op?: string } | undefined
  if (probe === undefined || typeof probe.id !== 'number') return
  let figures = null
  if (probe.op === 'start') {
    watch?.stop()
    watch = watchStalls()
  } else if (probe.op === 'stop' && watch !== null) {
    figures = watch.stop()
    watch = null
  }
  process.send?.({ [STALL_PROBE_KEY]: { id: probe.id, figures } })
})
