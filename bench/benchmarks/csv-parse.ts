/** csv-parse: our whole CSV path (decode, parse, map columns) against bare papaparse on the same file. */

import { statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateGoogleCsv } from '../lib/generate'
import { fmt, median, runWorker } from '../lib/measure'
import type { BenchContext, BenchResult } from '../lib/types'

export const name = 'csv-parse'

interface WorkerAnswer {
  times: number[]
  cards: number
  phones: number
  error: string | null
  rssBaseMB: number
  peakRssMB: number
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const count = ctx.quick ? 10_000 : 100_000
  const file = join(ctx.tmpDir, `google-${count}.csv`)
  const generated = generateGoogleCsv(count)
  writeFileSync(file, generated.text)
  const mb = statSync(file).size / 1e6
  const worker = join(ctx.root, 'bench/workers/parse-worker.ts')
  const rows: (string | number | null)[][] = []
  const parsers: Record<string, unknown> = {}
  for (const parser of ['papaparse', 'ours-csv', 'ours+e164']) {
    const runs = ctx.quick ? 3 : parser === 'ours+e164' ? 2 : 7
    const answer = await runWorker<WorkerAnswer>(worker, [parser, file, '1', String(runs), '30000'], 300_000)
    if (!('times' in answer)) {
      parsers[parser] = { error: answer.error }
      rows.push([parser, null, null, null, null, null, answer.error])
      continue
    }
    const ms = median(answer.times)
    const figures = {
      medianMs: Math.round(ms * 10) / 10,
      mbPerSec: Math.round((mb / (ms / 1000)) * 10) / 10,
      runs: answer.times.length,
      rows: answer.cards,
      phones: parser === 'papaparse' ? null : answer.phones,
      peakRssMB: answer.peakRssMB,
      rssOverBaseMB: answer.peakRssMB - answer.rssBaseMB,
      error: answer.error,
    }
    parsers[parser] = figures
    rows.push([parser, figures.medianMs, figures.mbPerSec, figures.rows, figures.phones, figures.peakRssMB, answer.error])
    ctx.log(`${name}: ${parser} ${fmt(ms)} ms`)
  }
  const papa = (parsers['papaparse'] as { medianMs?: number } | undefined)?.medianMs
  const ours = (parsers['ours-csv'] as { medianMs?: number } | undefined)?.medianMs
  const mappingCost = papa !== undefined && ours !== undefined ? Math.round((ours / papa) * 100) / 100 : null
  return {
    figures: { rows: count, megabytes: Math.round(mb * 10) / 10, phonesExpected: generated.phones, parsers, oursOverPapaparse: mappingCost },
    tables: [
      {
        title: `${name}: ${count} Google Contacts rows, ${fmt(mb, 1)} MB, ${generated.phones} phones expected`,
        columns: ['path', 'median ms', 'MB/s', 'rows', 'phones', 'peak RSS MB', 'error'],
        rows,
      },
    ],
    notes: [`our whole CSV path costs ${mappingCost ?? '-'}x bare papaparse (decode + parse only)`],
  }
}
