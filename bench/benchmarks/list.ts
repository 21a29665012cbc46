/**
 * list: the built renderer in Chromium, through the bridge, showing an emulator account with 100,000
 * contacts served from the core's cache (written by a first core, as a previous run of the app would):
 * data to first paint, search keystrokes, scroll frames and the JS heap. See bench/lib/browser.ts for
 * exactly what each probe measures.
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { startEmulator } from '../../test/emulator/index'
import { ensureRenderer, heapMetrics, launchChromium, loadList, newInstrumentedPage, scrollFrames, typeKeys, waitRefreshed, type LoadFigures } from '../lib/browser'
import { openCore, percentile, round, writeListCache } from '../lib/core'
import { fmt, median } from '../lib/measure'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { World } from '../../test/emulator/index'
import type { Page } from 'playwright-core'
import type { BenchContext, BenchResult, BenchTable } from '../lib/types'

export const name = 'list'

const FRAME_MS = 16
/** Scroll: this many frames, this many px each (a fast flick: ~6 rows a frame, 24,000 px/s). */
const SCROLL_FRAMES = 120
const SCROLL_STEP = 400

/** What a keystroke does to the search, as the budgets name them. */
type KeyKind = 'first letter' | 'first digit' | 'narrowing' | 'more digits' | 'Backspace' | 'Backspace to empty'
const KINDS: readonly KeyKind[] = ['first letter', 'narrowing', 'Backspace', 'Backspace to empty', 'first digit', 'more digits']

/**
 * Each word typed, then erased with Backspace: names (accent-insensitive: "muller" finds Müller), phone
 * digits, a transliterated name ("olga" finds Ольга), one typed on the wrong layout ("jkmuf"), and a
 * number written the national way of the account's country. Erasing widens the query, the hard case
 * for incremental filtering.
 */
function keystrokes(national: string): Array<{ key: string; kind: KeyKind }> {
  const keys: Array<{ key: string; kind: KeyKind }> = []
  for (const word of ['maria', 'muller', '4917655', 'jonas b', 'olga', 'jkmuf', national]) {
    for (const [i, ch] of [...word].entries()) {
      const digit = /\d/.test(ch)
      const kind: KeyKind = i === 0 ? (digit ? 'first digit' : 'first letter') : digit ? 'more digits' : 'narrowing'
      keys.push({ key: ch === ' ' ? 'Space' : ch, kind })
    }
    for (let i = word.length; i > 0; i--) keys.push({ key: 'Backspace', kind: i === 1 ? 'Backspace to empty' : 'Backspace' })
  }
  return keys
}

/** A contact's number as it is written at home in the account's country ("01516 4132995" in Germany). */
function nationalNumberIn(world: World): string {
  const country = parsePhoneNumberFromString(`+${world.requireUser(world.accountId).phone}`)?.country
  for (const entry of world.contactsOf(world.accountId).values()) {
    const parsed = entry.phone ? parsePhoneNumberFromString(`+${entry.phone}`) : undefined
    if (parsed && parsed.country === country) return parsed.formatNational()
  }
  throw new Error(`no contact with a number from the account's country (${country ?? 'unknown'})`)
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const count = ctx.quick ? 10_000 : 100_000
  const loads = ctx.quick ? 1 : 3
  ensureRenderer(ctx.root, ctx.log)
  const emulator = await startEmulator({ seed: 3, users: count + 10, contacts: count })
  const dataDir = await mkdtemp(join(ctx.tmpDir, 'list-'))
  const cleanup: Array<() => Promise<unknown>> = [() => emulator.close(), () => rm(dataDir, { recursive: true, force: true })]
  try {
    // A previous run of the app: the list from Telegram, written to the core's cache.
    const address = { endpoint: emulator.endpoint, session: emulator.account.session }
    const { loadMs: coreFirstLoadMs } = await writeListCache(address, dataDir, count)
    ctx.log(`${name}: the core loaded ${count} contacts from the emulator in ${fmt(coreFirstLoadMs)} ms`)

    const app = await openCore(address, { dataDir, rendererDir: join(ctx.root, 'out/renderer') })
    cleanup.unshift(() => app.dispose())
    const bridge = app.core.bridge!
    const browser = await launchChromium()
    cleanup.unshift(() => browser.close())

    const loadFigures: LoadFigures[] = []
    let refreshMs = 0
    let session = await newInstrumentedPage(browser)
    for (let i = 0; i < loads; i++) {
      if (i > 0) {
        await session.context.close()
        session = await newInstrumentedPage(browser)
      }
      const load = await loadList(session.page, bridge.url, 180_000)
      loadFigures.push(load)
      // The app refreshes from Telegram right after showing the cache; measure on a quiet page.
      const t = performance.now()
      await waitRefreshed(session.page, 240_000)
      refreshMs = performance.now() - t
      ctx.log(`${name}: load ${i + 1}: data at ${fmt(load.dataAt)}, rows in DOM at ${fmt(load.rowsAt)}, painted at ${fmt(load.paintedAt)} ms (${load.source}; long tasks ${load.longTasksMs.join(', ')} ms); refresh ${fmt(refreshMs)} ms`)
    }
    const { page, errors } = session
    const counts = (await page.locator('[data-testid="counts"]').textContent()) ?? ''
    if (!counts.replace(/\D/g, '').startsWith(String(count))) throw new Error(`the page shows "${counts}", not ${count} contacts`)
    const heapLoaded = await heapMetrics(page)

    const search = await measureKeystrokes(page, nationalNumberIn(emulator.world), count)
    await page.waitForTimeout(500)
    const frames = await scrollFrames(page, SCROLL_FRAMES, SCROLL_STEP)
    const heapEnd = await heapMetrics(page)
    if (errors.length > 0) throw new Error(`page errors: ${errors.slice(0, 3).join(' | ')}`)

    const dataToPaint = loadFigures.map((l) => l.paintedAt - l.dataAt)
    const { key, keys } = search
    // What users have: the same keystrokes against a 10,000-contact account, in a setup of its own (this page closed first).
    await session.context.close()
    const at10k = ctx.quick ? null : await keystrokesAt(ctx, 10_000)
    const intervals = frames.map((f) => f.intervalMs).filter((v): v is number => v !== null)
    const work = frames.map((f) => f.workMs).filter((v): v is number => v !== null)
    const scroll = {
      frames: frames.length,
      intervalMs: stat(intervals),
      workMs: stat(work),
      /** Frames that took longer than 1.5 vsync intervals: at least one frame was dropped there. */
      longFrames: intervals.filter((v) => v > 25).length,
    }
    const figures = {
      contacts: count,
      coreFirstLoadFromTelegramMs: round(coreFirstLoadMs, 0),
      pageLoads: loadFigures.map((l) => ({ dataAtMs: round(l.dataAt), rowsAtMs: round(l.rowsAt), paintedAtMs: round(l.paintedAt), messageMB: round(l.chars / 1e6), source: l.source, longTasksMs: l.longTasksMs })),
      dataToFirstPaintMs: round(median(dataToPaint)),
      dataToFirstPaintVsFrame: round(median(dataToPaint) / FRAME_MS, 2),
      refreshAfterCacheMs: round(refreshMs, 0),
      keystrokes: search.figures,
      keystrokes10k: at10k?.figures ?? null,
      keystrokeP95VsTarget: key.latencyMs.p95 === null ? null : round(key.latencyMs.p95 / FRAME_MS, 2),
      keystrokeWorkP95VsTarget: key.workMs.p95 === null ? null : round(key.workMs.p95 / FRAME_MS, 2),
      scroll: { ...scroll, step: SCROLL_STEP },
      heap: {
        loadedUsedMB: round(heapLoaded.usedMB),
        loadedTotalMB: round(heapLoaded.totalMB),
        endUsedMB: round(heapEnd.usedMB),
        endTotalMB: round(heapEnd.totalMB),
        domNodes: heapEnd.nodes,
      },
    }
    const p95 = key.latencyMs.p95 ?? Number.NaN
    const workP95 = key.workMs.p95 ?? Number.NaN
    return {
      figures,
      tables: [
        {
          title: `${name}: ${count} contacts from the core's cache in Chromium (${loads} page loads; ms)`,
          columns: ['what', 'p50 / median', 'p95', 'max', 'vs 16 ms'],
          rows: [
            ['data to first paint', figures.dataToFirstPaintMs, null, round(Math.max(...dataToPaint)), figures.dataToFirstPaintVsFrame],
            [`keystroke to paint (${keys.length} keys)`, key.latencyMs.p50, key.latencyMs.p95, key.latencyMs.max, figures.keystrokeP95VsTarget],
            ['  keystroke work (script + frame)', key.workMs.p50, key.workMs.p95, key.workMs.max, figures.keystrokeWorkP95VsTarget],
            ['  keystroke script (to DOM updated)', key.scriptMs.p50, key.scriptMs.p95, key.scriptMs.max, null],
            ['  keystroke frame (style, layout, paint)', key.frameMs.p50, key.frameMs.p95, key.frameMs.max, null],
            [`scroll frame interval (${scroll.frames} frames)`, scroll.intervalMs.p50, scroll.intervalMs.p95, scroll.intervalMs.max, null],
            ['  scroll frame work', scroll.workMs.p50, scroll.workMs.p95, scroll.workMs.max, null],
          ],
        },
        keystrokeTable(search),
        ...(at10k ? [keystrokeTable(at10k)] : []),
        {
          title: `${name}: JS heap (after GC, CDP Performance.getMetrics)`,
          columns: ['when', 'used MB', 'total MB'],
          rows: [
            ['list loaded', figures.heap.loadedUsedMB, figures.heap.loadedTotalMB],
            ['after search and scroll', figures.heap.endUsedMB, figures.heap.endTotalMB],
          ],
        },
      ],
      notes: [
        ...keystrokeNotes(search),
        ...(at10k ? keystrokeNotes(at10k) : []),
        `keystroke-to-paint p95 ${fmt(p95, 1)} ms = ${figures.keystrokeP95VsTarget}x the ${FRAME_MS} ms target: ${p95 < FRAME_MS ? 'met' : 'MISSED'}${ctx.quick ? ' (quick: 10,000 contacts; the target is for 100,000)' : ''}`,
        `keystroke work p95 ${fmt(workP95, 1)} ms = ${figures.keystrokeWorkP95VsTarget}x a ${FRAME_MS} ms frame: ${workP95 < FRAME_MS ? 'fits' : 'does not fit'} in one frame`,
        `data to first paint ${fmt(figures.dataToFirstPaintMs, 1)} ms (median of ${loads}); ${scroll.longFrames} of ${intervals.length} scroll frames over 25 ms`,
      ],
    }
  } finally {
    for (const step of cleanup) await step().catch(() => undefined)
  }
}

interface KeystrokeFigures {
  count: number
  budgetMs: number
  keys: Awaited<ReturnType<typeof typeKeys>>
  key: Record<'tracedWorkMs' | 'floorWorkMs' | 'latencyMs' | 'workMs' | 'scriptMs' | 'frameMs', Stat>
  byKind: Array<{ kind: KeyKind; keys: number; floorWorkMs: Stat; latencyMs: Stat; workMs: Stat; renderMs: Stat }>
  /** What results.json keeps. */
  figures: object
}

interface Stat {
  p50: number | null
  p95: number | null
  max: number | null
}

const stat = (values: number[]): Stat => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), max: round(Math.max(...values)) })

/** The keystrokes typed into the app's search box, then into the floor page, on a loaded and quiet page; the search cleared after. */
async function measureKeystrokes(page: Page, national: string, count: number): Promise<KeystrokeFigures> {
  const sequence = keystrokes(national)
  const keys = await typeKeys(
    page,
    sequence.map((k) => k.key),
  )
  await page.keyboard.press('Escape')
  const floor = await typeKeys(
    page,
    sequence.map((k) => k.key),
    'floor',
  )
  await page.keyboard.press('Escape')
  const budgetMs = count >= 100_000 ? 8 : 4
  const byKind = KINDS.map((kind) => {
    const of = keys.filter((_, i) => sequence[i]!.kind === kind)
    const floorOf = floor.filter((_, i) => sequence[i]!.kind === kind)
    return {
      kind,
      keys: of.length,
      floorWorkMs: stat(floorOf.map((k) => k.trace.workMs)),
      latencyMs: stat(of.map((k) => k.latencyMs)),
      workMs: stat(of.map((k) => k.trace.workMs)),
      renderMs: stat(of.map((k) => k.trace.styleMs + k.trace.layoutMs + k.trace.paintMs)),
    }
  })
  const key = {
    tracedWorkMs: stat(keys.map((k) => k.trace.workMs)),
    floorWorkMs: stat(floor.map((k) => k.trace.workMs)),
    latencyMs: stat(keys.map((k) => k.latencyMs)),
    workMs: stat(keys.map((k) => k.workMs)),
    scriptMs: stat(keys.map((k) => k.scriptMs)),
    frameMs: stat(keys.map((k) => k.frameMs)),
  }
  const figures = {
    contacts: count,
    count: keys.length,
    ...key,
    budgetWorkP95Ms: budgetMs,
    byKind,
    perKey: sequence.map((k, i) => ({ key: k.key, kind: k.kind, latencyMs: round(keys[i]?.latencyMs), workMs: round(keys[i]?.trace.workMs), probeWorkMs: round(keys[i]?.workMs), rowsInDom: keys[i]?.shown ?? null })),
  }
  return { count, budgetMs, keys, key, byKind, figures }
}

/** The keystrokes alone against an account with `count` contacts: its own emulator, cache, core and browser, one page load. */
async function keystrokesAt(ctx: BenchContext, count: number): Promise<KeystrokeFigures> {
  const emulator = await startEmulator({ seed: 3, users: count + 10, contacts: count })
  const dataDir = await mkdtemp(join(ctx.tmpDir, 'list-keys-'))
  const cleanup: Array<() => Promise<unknown>> = [() => emulator.close(), () => rm(dataDir, { recursive: true, force: true })]
  try {
    const address = { endpoint: emulator.endpoint, session: emulator.account.session }
    await writeListCache(address, dataDir, count)
    const app = await openCore(address, { dataDir, rendererDir: join(ctx.root, 'out/renderer') })
    cleanup.unshift(() => app.dispose())
    const browser = await launchChromium()
    cleanup.unshift(() => browser.close())
    const { page, errors } = await newInstrumentedPage(browser)
    await loadList(page, app.core.bridge!.url, 180_000)
    await waitRefreshed(page, 240_000)
    const figures = await measureKeystrokes(page, nationalNumberIn(emulator.world), count)
    if (errors.length > 0) throw new Error(`page errors at ${count} contacts: ${errors.slice(0, 3).join(' | ')}`)
    ctx.log(`${name}: keystrokes at ${count} contacts: traced work p95 ${fmt(figures.key.tracedWorkMs.p95 ?? Number.NaN, 1)} ms`)
    return figures
  } finally {
    for (const step of cleanup) await step().catch(() => undefined)
  }
}

function keystrokeTable(k: KeystrokeFigures): BenchTable {
  const vs = (ms: number | null) => (ms === null ? null : round(ms / k.budgetMs, 2))
  return {
    title: `${name}: search keystrokes at ${k.count} contacts, main-thread work from a Chromium trace and latency (keydown to painted), ms; budget: work p95 <= ${k.budgetMs} ms`,
    columns: ['keystroke', 'keys', 'work p50', 'work p95', 'floor p95', 'render p50', 'latency p50', 'latency p95', 'work p95 vs budget'],
    rows: [
      ...k.byKind.map((b) => [b.kind, b.keys, b.workMs.p50, b.workMs.p95, b.floorWorkMs.p95, b.renderMs.p50, b.latencyMs.p50, b.latencyMs.p95, vs(b.workMs.p95)]),
      ['all keys', k.keys.length, k.key.tracedWorkMs.p50, k.key.tracedWorkMs.p95, k.key.floorWorkMs.p95, null, k.key.latencyMs.p50, k.key.latencyMs.p95, vs(k.key.tracedWorkMs.p95)],
    ],
  }
}

function keystrokeNotes(k: KeystrokeFigures): string[] {
  return k.byKind.map((b) => `${k.count} contacts, ${b.kind}: traced work p95 ${fmt(b.workMs.p95 ?? Number.NaN, 1)} ms against a budget of ${k.budgetMs} ms: ${(b.workMs.p95 ?? Infinity) <= k.budgetMs ? 'met' : 'MISSED'}`)
}
