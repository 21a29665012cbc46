/**
 * vcard-parse: our vCard reader against the npm parsers and a bare line-splitting pass, on a
 * generated mixed 2.1/3.0/4.0 file and a 3.0-only file every library can read. Each parser runs
 * in its own process so its peak RSS is its own.
 */

import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateVCards } from '../lib/generate'
import { fmt, median, runWorker } from '../lib/measure'
import type { BenchContext, BenchResult, BenchTable } from '../lib/types'

export const name = 'vcard-parse'

const PARSERS = ['lines', 'ours', 'ours+e164', 'ours+preview', 'vcf', 'vcard-parser', 'ical.js'] as const
const NPM = ['vcf', 'vcard-parser', 'ical.js'] as const

interface WorkerAnswer {
  times: number[]
  cpuTimes: number[]
  cards: number
  phones: number
  namesRight: number | null
  error: string | null
  rssBaseMB: number
  peakRssMB: number
}

export interface ParserFigures {
  parser: string
  medianMs: number | null
  /** Median CPU time of the parser's process per run: what the ratios are also given in, as load does not move it. */
  cpuMs: number | null
  mbPerSec: number | null
  runs: number
  cards: number | null
  phones: number | null
  /** Cards whose formatted name came out exactly as generated (QUOTED-PRINTABLE decoded, etc.). */
  namesRight: number | null
  peakRssMB: number | null
  rssOverBaseMB: number | null
  error: string | null
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const count = ctx.quick ? 10_000 : 100_000
  const worker = join(ctx.root, 'bench/workers/parse-worker.ts')
  const figures: Record<string, unknown> = { cards: count }
  const tables: BenchTable[] = []
  const notes: string[] = []
  for (const variant of ['mixed', 'v3'] as const) {
    const file = join(ctx.tmpDir, `vcards-${variant}-${count}.vcf`)
    const generated = generateVCards(count, variant)
    writeFileSync(file, generated.text)
    writeFileSync(`${file}.names.json`, JSON.stringify(generated.names))
    const mb = statSync(file).size / 1e6
    ctx.log(`${name}: ${variant} file, ${count} cards, ${fmt(mb, 1)} MB`)
    // Two rounds, the second in reverse order, so a load change on this shared machine does not
    // favour whichever parser ran first; each round is a fresh process per parser (honest RSS).
    const answers = new Map<string, WorkerAnswer[]>()
    const failures = new Map<string, string>()
    for (const order of [PARSERS, [...PARSERS].reverse()]) {
      for (const parser of order) {
        if (failures.has(parser)) continue
        // The npm parsers and the E.164 path take seconds a run: fewer runs, each bounded.
        const slow = parser !== 'lines' && parser !== 'ours'
        const runs = ctx.quick ? 2 : slow ? 1 : 4
        const answer = await runWorker<WorkerAnswer>(worker, [parser, file, ctx.quick ? '3' : '1', String(runs), '30000'], ctx.quick ? 120_000 : 300_000)
        if (!('times' in answer) || answer.error !== null) {
          failures.set(parser, 'times' in answer ? (answer.error ?? 'failed') : answer.error)
          continue
        }
        answers.set(parser, [...(answers.get(parser) ?? []), answer])
      }
    }
    const rows: ParserFigures[] = []
    for (const parser of PARSERS) {
      const error = failures.get(parser) ?? null
      const got = answers.get(parser) ?? []
      if (error !== null || got.length === 0) {
        rows.push({ parser, medianMs: null, cpuMs: null, mbPerSec: null, runs: 0, cards: null, phones: null, namesRight: null, peakRssMB: null, rssOverBaseMB: null, error })
        ctx.log(`  ${parser}: ${error}`)
        continue
      }
      const times = got.flatMap((a) => a.times)
      const last = got[got.length - 1] as WorkerAnswer
      const ms = median(times)
      const cpu = median(got.flatMap((a) => a.cpuTimes))
      const peak = Math.max(...got.map((a) => a.peakRssMB))
      rows.push({
        parser,
        medianMs: Math.round(ms * 10) / 10,
        cpuMs: Math.round(cpu * 10) / 10,
        mbPerSec: Math.round((mb / (ms / 1000)) * 10) / 10,
        runs: times.length,
        cards: parser === 'lines' ? null : last.cards,
        phones: last.phones,
        namesRight: last.namesRight,
        peakRssMB: peak,
        rssOverBaseMB: Math.max(...got.map((a) => a.peakRssMB - a.rssBaseMB)),
        error: null,
      })
      ctx.log(`  ${parser}: ${fmt(ms)} ms (${times.length} runs)`)
    }
    const ratios = (of: 'medianMs' | 'cpuMs') => {
      const ours = rows.find((r) => r.parser === 'ours')?.[of] ?? null
      const floor = rows.find((r) => r.parser === 'lines')?.[of] ?? null
      const npm = rows.filter((r) => (NPM as readonly string[]).includes(r.parser) && r[of] !== null && r.error === null)
      const fastest = npm.reduce<ParserFigures | null>((best, r) => (best === null || (r[of] as number) < (best[of] as number) ? r : best), null)
      return {
        fastest,
        speedupVsFastestNpm: ours !== null && fastest !== null ? Math.round(((fastest[of] as number) / ours) * 100) / 100 : null,
        overFloor: ours !== null && floor !== null ? Math.round((ours / floor) * 100) / 100 : null,
      }
    }
    const { fastest, speedupVsFastestNpm, overFloor } = ratios('medianMs')
    const byCpu = ratios('cpuMs')
    figures[variant] = {
      file: { megabytes: Math.round(mb * 10) / 10, cards: generated.cards, phones: generated.phones },
      parsers: rows,
      fastestNpm: fastest?.parser ?? null,
      speedupVsFastestNpm,
      oursOverFloor: overFloor,
      cpu: { fastestNpm: byCpu.fastest?.parser ?? null, speedupVsFastestNpm: byCpu.speedupVsFastestNpm, oursOverFloor: byCpu.overFloor },
      targets: { speedupVsFastestNpm: 2, oursOverFloor: 1.5 },
    }
    tables.push({
      title: `${name} ${variant}: ${count} cards, ${fmt(mb, 1)} MB, ${generated.phones} phones expected`,
      columns: ['parser', 'median ms', 'cpu ms', 'MB/s', 'runs', 'cards', 'phones', 'names right', 'peak RSS MB', 'RSS over base MB', 'error'],
      rows: rows.map((r) => [r.parser, r.medianMs, r.cpuMs, r.mbPerSec, r.runs, r.cards, r.phones, r.namesRight, r.peakRssMB, r.rssOverBaseMB, r.error]),
    })
    notes.push(
      `${variant}: ours is ${speedupVsFastestNpm ?? '-'}x faster than the fastest npm parser (${fastest?.parser ?? 'none read it'}; target >= 2x), ` +
        `${overFloor ?? '-'}x the line-splitting floor (target <= 1.5x); in CPU time ${byCpu.speedupVsFastestNpm ?? '-'}x and ${byCpu.overFloor ?? '-'}x`,
    )
  }
  return { figures, tables, notes }
}
