/**
 * startup: page load to the contact list shown from the core's cache, with 10,000 contacts. A first core
 * loads the list from the emulator and writes its cache file (a previous run of the app); then each
 * measured run starts a new core on that data folder and loads the built renderer in a fresh browser
 * context (empty HTTP cache), timing from navigation start in the page's own clock.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { startEmulator } from '../../test/emulator/index'
import { ensureRenderer, launchChromium, loadList, newInstrumentedPage, waitRefreshed, type LoadFigures } from '../lib/browser'
import { openCore, round, writeListCache } from '../lib/core'
import { fmt, median } from '../lib/measure'
import type { BenchContext, BenchResult } from '../lib/types'

export const name = 'startup'

interface RunFigures extends LoadFigures {
  coreOpenMs: number
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const count = ctx.quick ? 2000 : 10_000
  const runs = ctx.quick ? 2 : 5
  ensureRenderer(ctx.root, ctx.log)
  const emulator = await startEmulator({ seed: 4, users: count + 10, contacts: count })
  const dataDir = await mkdtemp(join(ctx.tmpDir, 'startup-'))
  const browser = await launchChromium()
  try {
    const address = { endpoint: emulator.endpoint, session: emulator.account.session }
    await writeListCache(address, dataDir, count)

    const results: RunFigures[] = []
    // Run 0 is a warm-up (Chromium's first context, the core's modules compiled); not counted.
    for (let i = 0; i <= runs; i++) {
      const t = performance.now()
      const app = await openCore(address, { dataDir, rendererDir: join(ctx.root, 'out/renderer') })
      const coreOpenMs = performance.now() - t
      const bridge = app.core.bridge!
      const { context, page, errors } = await newInstrumentedPage(browser)
      try {
        const load = await loadList(page, bridge.url, 60_000)
        if (load.source !== 'cache') throw new Error(`the first list came from ${load.source ?? 'nowhere'}, not the cache`)
        // Let the refresh the app starts after the cache finish before the core goes away.
        await waitRefreshed(page, 60_000)
        if (errors.length > 0) throw new Error(`page errors: ${errors.slice(0, 3).join(' | ')}`)
        if (i > 0) results.push({ ...load, coreOpenMs })
        ctx.log(`${name}: run ${i}${i === 0 ? ' (warm-up)' : ''}: list data at ${fmt(load.dataAt)} ms, painted at ${fmt(load.paintedAt)} ms`)
      } finally {
        await context.close()
        await app.dispose()
      }
    }
    const m = (pick: (r: RunFigures) => number) => round(median(results.map(pick)))
    const figures = {
      contacts: count,
      runs: results.length,
      navigationToListPaintedMs: m((r) => r.paintedAt),
      navigationToListDataMs: m((r) => r.dataAt),
      navigationToRowsInDomMs: m((r) => r.rowsAt),
      dataToPaintMs: m((r) => r.paintedAt - r.dataAt),
      listMessageMB: round((results[0]?.chars ?? 0) / 1e6),
      coreOpenMs: m((r) => r.coreOpenMs),
      paintedAtRuns: results.map((r) => round(r.paintedAt)),
    }
    return {
      figures,
      tables: [
        {
          title: `${name}: page load to the contact list from the core's cache, ${count} contacts (median of ${results.length}; ms from navigation start)`,
          columns: ['list data arrived', 'rows in DOM', 'list painted', 'data to paint', 'core open'],
          rows: [[figures.navigationToListDataMs, figures.navigationToRowsInDomMs, figures.navigationToListPaintedMs, figures.dataToPaintMs, figures.coreOpenMs]],
        },
      ],
      notes: [`the list is on screen ${fmt(figures.navigationToListPaintedMs)} ms after navigation start (no target set in the issue)`],
    }
  } finally {
    await browser.close().catch(() => undefined)
    await emulator.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}
