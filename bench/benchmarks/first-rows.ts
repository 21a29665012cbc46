/**
 * first-rows: from the list's data arriving in the page to the first rows painted, at 10,000 and 100,000 contacts,
 * from the core's cache, in Chromium through the bridge. Budget (issue 16): the first screen within 100 ms of the
 * data starting to arrive; the rest streams in without long tasks. Also how long the rest took to arrive and the
 * page's long tasks (over 50 ms) meanwhile. The floor is a 60-contact account through the same pipeline: what a
 * first-screen-first protocol can reach.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { startEmulator } from '../../test/emulator/index'
import { launchChromium, loadList, newInstrumentedPage, restFigures, waitRefreshed } from '../lib/browser'
import { openCore, round, writeListCache } from '../lib/core'
import { fmt, median } from '../lib/measure'
import type { BenchContext, BenchResult } from '../lib/types'

export const name = 'first-rows'

const BUDGET_MS = 100

interface SizeFigures {
  contacts: number
  loads: number
  /** Medians over the loads, ms. */
  dataToFirstPaintMs: number | null
  dataToFirstPaintMaxMs: number | null
  restMs: number | null
  longestTaskMs: number
  longTasksOver50: number
  firstMessageKB: number | null
  vsBudget: number | null
}

async function measureSize(ctx: BenchContext, count: number, loads: number, browser: Awaited<ReturnType<typeof launchChromium>>): Promise<SizeFigures> {
  const emulator = await startEmulator({ seed: 3, users: count + 10, contacts: count })
  const dataDir = await mkdtemp(join(ctx.tmpDir, 'first-rows-'))
  try {
    const address = { endpoint: emulator.endpoint, session: emulator.account.session }
    await writeListCache(address, dataDir, count)
    const app = await openCore(address, { dataDir, rendererDir: join(ctx.root, 'out/renderer') })
    const runs: { paint: number; rest: number | null; tasks: number[]; kb: number }[] = []
    try {
      // One warm-up load (Chromium's first context, the core's first list), then the measured ones.
      for (let i = 0; i <= loads; i++) {
        const { context, page, errors } = await newInstrumentedPage(browser)
        try {
          const load = await loadList(page, app.core.bridge!.url, 180_000)
          await waitRefreshed(page, 240_000)
          const rest = await restFigures(page)
          if (errors.length > 0) throw new Error(`page errors: ${errors.slice(0, 3).join(' | ')}`)
          if (i > 0) runs.push({ paint: load.paintedAt - load.dataAt, rest: rest.restMs, tasks: rest.longTasksMs, kb: load.chars / 1000 })
          ctx.log(`${name}: ${count}: load ${i}${i === 0 ? ' (warm-up)' : ''}: data to first paint ${fmt(load.paintedAt - load.dataAt)} ms (${load.source}), rest ${fmt(rest.restMs)} ms, long tasks ${rest.longTasksMs.join(', ') || 'none'}`)
        } finally {
          await context.close()
        }
      }
    } finally {
      await app.dispose()
    }
    const paint = median(runs.map((r) => r.paint))
    const rests = runs.map((r) => r.rest).filter((r): r is number => r !== null)
    const tasks = runs.flatMap((r) => r.tasks)
    return {
      contacts: count,
      loads: runs.length,
      dataToFirstPaintMs: round(paint),
      dataToFirstPaintMaxMs: round(Math.max(...runs.map((r) => r.paint))),
      restMs: rests.length ? round(median(rests), 0) : null,
      longestTaskMs: tasks.length ? Math.max(...tasks) : 0,
      longTasksOver50: round(tasks.length / Math.max(1, runs.length), 1) ?? 0,
      firstMessageKB: round(median(runs.map((r) => r.kb))),
      vsBudget: round(paint / BUDGET_MS, 2),
    }
  } finally {
    await emulator.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const sizes = ctx.quick ? [60, 10_000] : [60, 10_000, 100_000]
  const loads = ctx.quick ? 1 : 3
  const browser = await launchChromium()
  const results: SizeFigures[] = []
  try {
    for (const count of sizes) results.push(await measureSize(ctx, count, loads, browser))
  } finally {
    await browser.close().catch(() => undefined)
  }
  const floor = results[0]!
  return {
    figures: { budgetMs: BUDGET_MS, floor60: floor, sizes: results.slice(1) },
    tables: [
      {
        title: `${name}: the list from the core's cache, data to the first rows painted (median of ${loads} page loads; ms)`,
        columns: ['contacts', 'data to first paint', 'max', 'vs 100 ms', 'first message KB', 'rest arrived after', 'long tasks/load', 'longest task'],
        rows: results.map((r) => [r.contacts === 60 ? '60 (floor)' : r.contacts, r.dataToFirstPaintMs, r.dataToFirstPaintMaxMs, r.vsBudget, r.firstMessageKB, r.restMs, r.longTasksOver50, r.longestTaskMs]),
      },
    ],
    notes: results
      .slice(1)
      .map(
        (r) =>
          `${r.contacts}: first rows ${fmt(r.dataToFirstPaintMs, 1)} ms after the data started (floor ${fmt(floor.dataToFirstPaintMs, 1)} ms; budget ${BUDGET_MS} ms: ${r.dataToFirstPaintMs !== null && r.dataToFirstPaintMs <= BUDGET_MS ? 'met' : 'MISSED'}); longest page task while the rest streamed ${r.longestTaskMs} ms`,
      ),
  }
}
