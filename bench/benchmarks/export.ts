/**
 * export: 100,000 saved contacts exported to JSON, CSV and vCard through the real core, over a takeout
 * session (account.initTakeoutSession, contacts.getSaved, contacts.getContacts) against the emulator.
 * Each run is a fresh core process (as in the app, the core runs in a process of its own), so its peak RSS is the
 * app side's alone.
 */

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { startEmulator } from '../../test/emulator/index'
import { openCore, round } from '../lib/core'
import { fmt, median } from '../lib/measure'
import type { BenchContext, BenchResult } from '../lib/types'

export const name = 'export'

const TARGET_SECONDS = 5
const TARGET_RSS_MB = 400

interface RunAnswer {
  ms: number
  count: number
  files: { format: string; path: string }[]
  phases: Record<string, number>
  rssBeforeMB: number
  peakRssMB: number
}

/** What each file holds, counted from its bytes, so a fast incomplete export shows. */
async function countRecords(dir: string): Promise<{ json: number; csv: number; vcf: number; megabytes: Record<string, number> }> {
  const json = JSON.parse(await readFile(join(dir, 'result.json'), 'utf8')) as { contacts?: { list?: unknown[] } }
  const csv = (await readFile(join(dir, 'contacts.csv'), 'utf8')).trimEnd().split('\r\n').length - 1
  const vcf = (await readFile(join(dir, 'contacts.vcf'), 'utf8')).split('END:VCARD').length - 1
  const megabytes: Record<string, number> = {}
  for (const [format, file] of [['json', 'result.json'], ['csv', 'contacts.csv'], ['vcf', 'contacts.vcf']] as const) {
    megabytes[format] = round((await stat(join(dir, file))).size / 1e6) ?? 0
  }
  return { json: json.contacts?.list?.length ?? 0, csv, vcf, megabytes }
}

/** One export by a fresh core process: wall time, when each phase began, the process's RSS before and its peak. */
async function exportOnce(address: { endpoint: object; session: string }, out: string): Promise<RunAnswer | { error: string }> {
  const app = await openCore(address)
  try {
    const phases: Record<string, number> = {}
    let started = 0
    app.core.events.subscribe((e) => {
      if (e.event === 'export.progress' && phases[e.payload.phase] === undefined) phases[e.payload.phase] = Math.round(performance.now() - started)
    })
    const rssBeforeMB = app.memoryMB().rss
    started = performance.now()
    const result = await app.call('export.run', { formats: ['json', 'csv', 'vcf'], includeNotOnTelegram: true, directory: out })
    const ms = performance.now() - started
    return { ms, count: result.count, files: result.files, phases, rssBeforeMB, peakRssMB: app.memoryMB().peak }
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) }
  } finally {
    await app.dispose()
    await rm(app.dataDir, { recursive: true, force: true })
  }
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const count = ctx.quick ? 10_000 : 100_000
  const runs = ctx.quick ? 1 : 3
  const emulator = await startEmulator({ seed: 51, users: 60, contacts: 20 })
  const saved = emulator.world.account(emulator.world.accountId).saved
  for (let i = 0; saved.size < count; i++) {
    const phone = `4479${String(i).padStart(8, '0')}`
    saved.set(phone, { phone, firstName: `Person ${i}`, lastName: i % 3 ? 'Müller' : '', date: 1_600_000_000 + i })
  }
  const answers: RunAnswer[] = []
  const errors: string[] = []
  let records: Awaited<ReturnType<typeof countRecords>> | null = null
  try {
    // No warm-up: every run is a fresh process, cold as an export in the app is (one per session).
    for (let i = 1; i <= runs; i++) {
      const out = await mkdtemp(join(ctx.tmpDir, 'export-'))
      try {
        const answer = await exportOnce({ endpoint: emulator.endpoint, session: emulator.account.session }, out)
        if ('error' in answer) {
          errors.push(answer.error)
          ctx.log(`${name}: run ${i}: ${answer.error}`)
          continue
        }
        answers.push(answer)
        records ??= await countRecords(out)
        ctx.log(`${name}: run ${i}: ${fmt(answer.ms)} ms, peak RSS ${answer.peakRssMB} MB`)
      } finally {
        await rm(out, { recursive: true, force: true })
      }
    }
  } finally {
    await emulator.close()
  }
  if (answers.length === 0) throw new Error(`every export run failed: ${errors.join(' | ')}`)
  const ms = median(answers.map((a) => a.ms))
  const peak = Math.max(...answers.map((a) => a.peakRssMB))
  const mid = [...answers].sort((a, b) => a.ms - b.ms)[answers.length >> 1] as RunAnswer
  const figures = {
    contacts: count,
    runs: answers.length,
    exported: mid.count,
    recordsInFiles: records,
    medianMs: round(ms, 0),
    msRuns: answers.map((a) => round(a.ms, 0)),
    phasesStartMs: mid.phases,
    rssBeforeMB: mid.rssBeforeMB,
    peakRssMB: peak,
    timeVsTarget: round(ms / 1000 / TARGET_SECONDS, 2),
    rssVsTarget: round(peak / TARGET_RSS_MB, 2),
    errors,
  }
  const scaled = ctx.quick ? ' (quick: 10,000 contacts; the targets are for 100,000)' : ''
  return {
    figures,
    tables: [
      {
        title: `${name}: ${count} saved contacts to json + csv + vcf through a takeout (median of ${answers.length}, child process)`,
        columns: ['exported', 'json', 'csv', 'vcf', 'median ms', 'vs 5 s', 'RSS before MB', 'peak RSS MB', 'vs 400 MB'],
        rows: [[mid.count, records?.json ?? null, records?.csv ?? null, records?.vcf ?? null, round(ms, 0), figures.timeVsTarget, mid.rssBeforeMB, peak, figures.rssVsTarget]],
      },
      {
        title: `${name}: when each phase began (ms from export.run)`,
        columns: ['takeout', 'saved', 'contacts', 'writing', 'done'],
        rows: [[mid.phases['takeout'] ?? null, mid.phases['saved'] ?? null, mid.phases['contacts'] ?? null, mid.phases['writing'] ?? null, mid.phases['done'] ?? null]],
      },
    ],
    notes: [
      `time ${fmt(ms / 1000, 2)} s = ${figures.timeVsTarget}x the ${TARGET_SECONDS} s target: ${ms / 1000 < TARGET_SECONDS ? 'met' : 'MISSED'}${scaled}`,
      `peak RSS ${peak} MB = ${figures.rssVsTarget}x the ${TARGET_RSS_MB} MB target: ${peak < TARGET_RSS_MB ? 'met' : 'MISSED'}${scaled}`,
    ],
  }
}
