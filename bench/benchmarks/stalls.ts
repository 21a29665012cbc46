/**
 * stalls: the worst event-loop stall of the core and of the process that owns the window (the main process; here,
 * the bench process, parent of the core) during each operation, at 10,000 and 100,000 contacts. The emulator runs in
 * a process of its own (bench/workers/emulator-host.ts), so its encoding never counts. See bench/lib/stall.ts for
 * how a stall is measured, and bench/lib/measured-core.ts for where the core runs.
 */

import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { STALL_BUDGET_MS, type StallFigures } from '../lib/stall'
import { round } from '../lib/core'
import { startEmulatorProcess } from '../lib/emulator-process'
import { DELETE_PREVIEW_PAGE_ROWS } from '../../electron/core/contract'
import { generateVCards } from '../lib/generate'
import { CORE_RUNS_IN, openMeasuredCore, type MeasuredCore } from '../lib/measured-core'
import { fmt, median } from '../lib/measure'
import type { BenchContext, BenchResult } from '../lib/types'

export const name = 'stalls'

/** After an operation's answer, work it left behind (a cache write, events) still counts for this long. */
const SETTLE_MS = 300

interface OperationFigures {
  operation: string
  contacts: number
  runs: number
  /** Medians over the runs, and the worst run's worst stall. */
  core: {
    worstMs: number
    worstOfRunsMs: number
    worstCpuMs: number
    /** Of each run's longest stall, medians: its CPU time, its wait for a CPU (null: not measured), its GC pauses. */
    worstStall: { cpuMs: number; runQueueMs: number | null; gcMs: number }
    cpuMs: number
    over50: number
    blockedOver50Ms: number
  }
  main: { worstMs: number; worstOfRunsMs: number; worstCpuMs: number; over16: number }
  wallMs: number
  budget: { mainMs: number; coreMs: number }
  coreVsBudget: number | null
  mainVsBudget: number | null
}

interface Measured {
  core: StallFigures
  main: StallFigures
  wallMs: number
}

/** Runs `operation` with both watches on, then lets it settle. */
async function measure(core: MeasuredCore, operation: () => Promise<unknown>): Promise<Measured> {
  const watch = await core.watchStalls()
  const t = performance.now()
  await operation()
  const wallMs = performance.now() - t
  await new Promise((r) => setTimeout(r, SETTLE_MS))
  return { ...(await watch.stop()), wallMs }
}

function summarise(operation: string, contacts: number, runs: Measured[]): OperationFigures {
  const core = runs.map((r) => r.core)
  const main = runs.map((r) => r.main)
  const worstCore = median(core.map((s) => s.worstMs))
  const worstMain = median(main.map((s) => s.worstMs))
  const runQueue = core.flatMap((s) => (s.worstStall.runQueueMs === null ? [] : [s.worstStall.runQueueMs]))
  return {
    operation,
    contacts,
    runs: runs.length,
    core: {
      worstMs: round(worstCore) ?? 0,
      worstOfRunsMs: round(Math.max(...core.map((s) => s.worstMs))) ?? 0,
      worstCpuMs: round(median(core.map((s) => s.worstCpuMs))) ?? 0,
      worstStall: {
        cpuMs: round(median(core.map((s) => s.worstStall.cpuMs))) ?? 0,
        runQueueMs: runQueue.length === core.length ? round(median(runQueue)) : null,
        gcMs: round(median(core.map((s) => s.worstStall.gcMs))) ?? 0,
      },
      cpuMs: round(median(core.map((s) => s.cpuMs)), 0) ?? 0,
      over50: median(core.map((s) => s.over50)),
      blockedOver50Ms: round(median(core.map((s) => s.blockedOver50Ms))) ?? 0,
    },
    main: {
      worstMs: round(worstMain) ?? 0,
      worstOfRunsMs: round(Math.max(...main.map((s) => s.worstMs))) ?? 0,
      worstCpuMs: round(median(main.map((s) => s.worstCpuMs))) ?? 0,
      over16: median(main.map((s) => s.over16)),
    },
    wallMs: round(median(runs.map((r) => r.wallMs)), 0) ?? 0,
    budget: { mainMs: STALL_BUDGET_MS.main, coreMs: STALL_BUDGET_MS.core },
    coreVsBudget: round(worstCore / STALL_BUDGET_MS.core, 2),
    mainVsBudget: round(worstMain / STALL_BUDGET_MS.main, 2),
  }
}

/** First load (no cache), refresh, restart from the cache: the list operations at one size. */
async function listOperations(ctx: BenchContext, count: number, runs: number): Promise<OperationFigures[]> {
  const emulator = await startEmulatorProcess(ctx.root, { seed: 3, users: count + 10, contacts: count })
  const first: Measured[] = []
  const refresh: Measured[] = []
  const restart: Measured[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const core = await openMeasuredCore(ctx, emulator.address)
      try {
        first.push(await measure(core, () => core.loadList()))
        refresh.push(await measure(core, () => core.refreshList()))
      } finally {
        await core.dispose()
      }
      const again = await openMeasuredCore(ctx, emulator.address, { dataDir: core.dataDir })
      try {
        restart.push(await measure(again, () => again.loadList()))
      } finally {
        await again.dispose()
        await rm(core.dataDir, { recursive: true, force: true })
      }
      ctx.log(`${name}: ${count}: first load ${fmt(first.at(-1)?.core.worstMs)} ms, refresh ${fmt(refresh.at(-1)?.core.worstMs)} ms, restart ${fmt(restart.at(-1)?.core.worstMs)} ms (core worst stalls)`)
    }
  } finally {
    await emulator.close()
  }
  return [summarise('first load (no cache)', count, first), summarise('refresh', count, refresh), summarise('restart from cache', count, restart)]
}

async function exportOperation(ctx: BenchContext, count: number, runs: number): Promise<OperationFigures> {
  const emulator = await startEmulatorProcess(ctx.root, { seed: 51, users: 60, contacts: 20, saved: count })
  const measured: Measured[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const core = await openMeasuredCore(ctx, emulator.address)
      const out = join(core.dataDir, 'export')
      try {
        measured.push(await measure(core, () => core.call('export.run', { formats: ['json', 'csv', 'vcf'], includeNotOnTelegram: true, directory: out })))
      } finally {
        await core.dispose()
        await rm(core.dataDir, { recursive: true, force: true })
      }
      ctx.log(`${name}: export ${count}: core worst stall ${fmt(measured.at(-1)?.core.worstMs)} ms`)
    }
  } finally {
    await emulator.close()
  }
  return summarise('export (json + csv + vcf)', count, measured)
}

/**
 * An import of `count` people on Telegram cancelled half way, then the list refresh that follows (the account now
 * has tens of thousands more contacts). Measured: the refresh.
 */
async function cancelledImportOperation(ctx: BenchContext, count: number): Promise<OperationFigures> {
  const emulator = await startEmulatorProcess(ctx.root, { seed: 11, users: count + 40, contacts: 20, importable: count })
  try {
    const core = await openMeasuredCore(ctx, emulator.address)
    try {
      await core.loadList()
      const contacts = emulator.importable.map((phone, i) => ({ firstName: `Imported ${i}`, lastName: '', phone }))
      await core.call('import.start', { contacts })
      const end = Date.now() + 600_000
      for (;;) {
        const job = (await core.call('import.status', {}))?.job
        if (!job || job.done >= count / 2 || job.state !== 'running' || Date.now() > end) break
        await new Promise((r) => setTimeout(r, 100))
      }
      await core.call('import.cancel', {})
      const measured = await measure(core, () => core.refreshList())
      ctx.log(`${name}: list refresh after a cancelled ${count} import: core worst stall ${fmt(measured.core.worstMs)} ms`)
      return summarise(`list refresh after a cancelled import (of ${count})`, count / 2, [measured])
    } finally {
      await core.dispose()
      await rm(core.dataDir, { recursive: true, force: true })
    }
  } finally {
    await emulator.close()
  }
}

/** cleanup.previewDeleteByPhones with its largest input, 4 MB of numbers, against a 10,000-contact list. */
async function deletePreviewOperation(ctx: BenchContext, runs: number): Promise<OperationFigures> {
  const emulator = await startEmulatorProcess(ctx.root, { seed: 5, users: 10_010, contacts: 10_000 })
  const lines: string[] = []
  let size = 0
  for (let i = 0; size < 4 * 1024 * 1024 - 32; i++) {
    const line = `+49 176 ${String(10_000_000 + i * 7).slice(0, 8)}`
    lines.push(line)
    size += line.length + 1
  }
  const text = lines.join('\n')
  const measured: Measured[] = []
  try {
    const core = await openMeasuredCore(ctx, emulator.address)
    try {
      await core.loadList()
      // As the renderer previews: the first rows, then the rest page by page (the first answer's rows do not come
      // back to this thread; when a preview id came, they were a full page).
      const preview = async (): Promise<void> => {
        const first = await core.call('cleanup.previewDeleteByPhones', { text })
        const id = first?.preview
        if (!id) return
        for (let offset = DELETE_PREVIEW_PAGE_ROWS, done = false; !done; offset += DELETE_PREVIEW_PAGE_ROWS) {
          done = (await core.call('cleanup.previewPage', { preview: id, offset, limit: DELETE_PREVIEW_PAGE_ROWS }))?.done ?? true
        }
      }
      for (let i = 0; i < runs; i++) measured.push(await measure(core, preview))
      ctx.log(`${name}: delete-by-phones preview of ${lines.length} numbers: core worst stall ${fmt(measured.at(-1)?.core.worstMs)} ms`)
    } finally {
      await core.dispose()
      await rm(core.dataDir, { recursive: true, force: true })
    }
  } finally {
    await emulator.close()
  }
  return summarise(`delete-by-phones preview (4 MB, ${lines.length} numbers)`, 10_000, measured)
}

/**
 * import.preview of a generated vCard file (the mixed 2.1 / 3.0 / 4.0 file of vcard-parse) against a 10,000-contact
 * list: an ordinary address book of about 230 KB (690 cards), then 10,000 and `big` cards. The window stand-in reads
 * and encodes the file, as the renderer does.
 */
export async function importPreviewOperations(ctx: BenchContext, big: number, runs: number): Promise<OperationFigures[]> {
  const emulator = await startEmulatorProcess(ctx.root, { seed: 5, users: 10_010, contacts: 10_000 })
  const out: OperationFigures[] = []
  try {
    const core = await openMeasuredCore(ctx, emulator.address)
    try {
      await core.loadList()
      for (const cards of [690, 10_000, big]) {
        const file = generateVCards(cards, 'mixed', 9)
        const path = join(ctx.tmpDir, `stalls-preview-${cards}.vcf`)
        await writeFile(path, file.text)
        const kb = Math.round(Buffer.byteLength(file.text) / 1024)
        const measured: Measured[] = []
        for (let i = 0; i < runs; i++) measured.push(await measure(core, () => core.preview([{ name: `contacts-${cards}.vcf`, path }])))
        ctx.log(`${name}: import preview of ${cards} cards (${kb} KB): core worst stall ${fmt(measured.at(-1)?.core.worstMs)} ms`)
        out.push(summarise(`import preview, vCard of ${cards.toLocaleString('en-US')} cards (${kb.toLocaleString('en-US')} KB)`, 10_000, measured))
      }
    } finally {
      await core.dispose()
      await rm(core.dataDir, { recursive: true, force: true })
    }
  } finally {
    await emulator.close()
  }
  return out
}

/** The operation groups, in the order they run; `STALLS_OPS=delete-preview,import-preview` runs only those. */
const GROUPS = ['list', 'list-big', 'export', 'cancelled-import', 'delete-preview', 'import-preview'] as const

function selectedGroups(): ReadonlySet<string> {
  const only = process.env.STALLS_OPS?.split(',').filter((s) => s !== '')
  if (!only) return new Set(GROUPS)
  const unknown = only.filter((g) => !(GROUPS as readonly string[]).includes(g))
  if (unknown.length > 0) throw new Error(`STALLS_OPS: unknown ${unknown.join(', ')}; known: ${GROUPS.join(', ')}`)
  return new Set(only)
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  // STALLS_BIG=10000: the big size's operations (list-big, export, cancelled-import) at that size instead.
  const big = Number(process.env.STALLS_BIG) || (ctx.quick ? 20_000 : 100_000)
  // Five runs of each (medians, and the worst of them): with two or three, one stretch of the machine's own noise moved
  // a 100k figure between 37 and 149 ms from run to run. The cancelled import runs once: it imports 50,000 numbers.
  const runs = ctx.quick ? 1 : 5
  const groups = selectedGroups()
  const operations: OperationFigures[] = []
  if (groups.has('list')) operations.push(...(await listOperations(ctx, 10_000, runs)))
  if (groups.has('list-big')) operations.push(...(await listOperations(ctx, big, runs)))
  if (groups.has('export')) operations.push(await exportOperation(ctx, big, runs))
  if (groups.has('cancelled-import')) operations.push(await cancelledImportOperation(ctx, big))
  if (groups.has('delete-preview')) operations.push(await deletePreviewOperation(ctx, runs))
  if (groups.has('import-preview')) operations.push(...(await importPreviewOperations(ctx, big, runs)))
  const where = CORE_RUNS_IN
  const missed = operations.filter((o) => o.core.worstMs > STALL_BUDGET_MS.core || o.main.worstMs > STALL_BUDGET_MS.main)
  return {
    figures: { coreRunsIn: where, operations },
    tables: [
      {
        title: `${name}: worst event-loop stall per operation (median of runs; the core runs ${where}; ms)`,
        columns: ['operation', 'contacts', 'runs', 'core worst', 'core max', 'core cpu', 'worst: cpu', 'worst: cpu wait', 'worst: gc', 'core >50 ms', 'vs 50 ms', 'main worst', 'main max', 'main cpu', 'vs 16 ms', 'wall', 'core cpu total'],
        rows: operations.map((o) => [o.operation, o.contacts, o.runs, o.core.worstMs, o.core.worstOfRunsMs, o.core.worstCpuMs, o.core.worstStall.cpuMs, o.core.worstStall.runQueueMs ?? '-', o.core.worstStall.gcMs, o.core.over50, o.coreVsBudget, o.main.worstMs, o.main.worstOfRunsMs, o.main.worstCpuMs, o.mainVsBudget, o.wallMs, o.core.cpuMs]),
      },
    ],
    notes: [
      `budgets: main process never over ${STALL_BUDGET_MS.main} ms, core at most ${STALL_BUDGET_MS.core} ms per synchronous step`,
      missed.length === 0 ? 'every operation within both budgets' : `over budget: ${missed.map((o) => `${o.operation} at ${o.contacts}`).join('; ')}`,
    ],
  }
}

