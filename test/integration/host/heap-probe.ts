/**
 * Loaded into a forked core with --import (core-host.test.ts): answers `{heapProbe: id}` on the IPC channel with the
 * size of its V8 new space after young objects that outlive several scavenges, which grow it as far as it may grow.
 */
import { getHeapSpaceStatistics } from 'node:v8'

process.on('message', (message: unknown) => {
  const id = (message as { heapProbe?: unknown } | null)?.heapProbe
  if (typeof id !== 'number') return
  let kept: { i: number; s: string }[] = []
  for (let i = 0; i < 3_000_000; i++) {
    kept.push({ i, s: `x${i}` })
    if (kept.length === 200_000) kept = []
  }
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')
  process.send?.({ heapProbe: id, newSpaceBytes: newSpace?.space_size ?? null, kept: kept.length })
})
