/**
 * One export in a process of its own, so the peak RSS is the app side's alone (the emulator stays in
 * the bench process): `export-worker.ts ADDRESS_JSON OUT_DIR`. Prints one JSON line: the export's
 * wall time, when each phase began, the process's RSS before it and its peak (VmHWM).
 */

import { readFileSync } from 'node:fs'
import { openCore, type EmulatorAddress } from '../lib/core'

function vmHwmMB(): number {
  // VmHWM is Linux's resident high-water mark; elsewhere resourceUsage's maxRSS is the same figure.
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'))
  return line ? Number(line.replace(/\D/g, '')) / 1024 : process.resourceUsage().maxRSS / 1024
}

const [address = '', out = ''] = process.argv.slice(2)
const app = await openCore(JSON.parse(address) as EmulatorAddress)
const phases: Record<string, number> = {}
let started = 0
app.core.events.subscribe((e) => {
  if (e.event === 'export.progress' && phases[e.payload.phase] === undefined) phases[e.payload.phase] = Math.round(performance.now() - started)
})
const rssBeforeMB = process.memoryUsage().rss / 2 ** 20
started = performance.now()
const result = await app.call('export.run', { formats: ['json', 'csv', 'vcf'], includeNotOnTelegram: true, directory: out })
const ms = performance.now() - started
const peakRssMB = vmHwmMB()
await app.dispose()
console.log(JSON.stringify({ ms, count: result.count, files: result.files, phases, rssBeforeMB: Math.round(rssBeforeMB), peakRssMB: Math.round(peakRssMB) }))
