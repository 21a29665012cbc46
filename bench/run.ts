/**
 * `npm run bench [-- --quick] [-- --only NAME[,NAME]]`: runs every benchmark in bench/benchmarks/
 * (each module exports `name` and `run`), prints its tables and writes bench/results.json.
 * With --only, the other benchmarks' last figures in results.json are kept.
 */

import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureRenderer } from './lib/browser'
import type { BenchModule, BenchResult, BenchTable } from './lib/types'

const root = join(import.meta.dirname, '..')
const resultsFile = join(import.meta.dirname, 'results.json')

function option(name: string): string | null {
  const args = process.argv.slice(2)
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  if (i === -1) return null
  const arg = args[i] as string
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[i + 1] ?? '')
}

function chromiumVersion(): string | null {
  if (!existsSync('/usr/bin/chromium')) return null
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return null
  }
}

function printTable(table: BenchTable): void {
  const cells = [table.columns, ...table.rows.map((r) => r.map((c) => (c === null ? '-' : String(c))))]
  const widths = table.columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  console.log(`\n${table.title}`)
  for (const [n, row] of cells.entries()) {
    console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  '))
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  }
}

async function loadBenchmarks(): Promise<BenchModule[]> {
  const dir = join(import.meta.dirname, 'benchmarks')
  const modules: BenchModule[] = []
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as Partial<BenchModule>
    if (typeof mod.name !== 'string' || typeof mod.run !== 'function') throw new Error(`bench/benchmarks/${file} must export name and run`)
    modules.push({ name: mod.name, run: mod.run })
  }
  return modules
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick')
  const only = option('only')?.split(',').filter((s) => s !== '') ?? null
  const tmpDir = join(tmpdir(), 'tg-contacts-bench')
  mkdirSync(tmpDir, { recursive: true })
  const all = await loadBenchmarks()
  const selected = only === null ? all : all.filter((b) => only.includes(b.name))
  if (only !== null && selected.length !== only.length) {
    console.error(`unknown benchmark in --only; known: ${all.map((b) => b.name).join(', ')}`)
    process.exitCode = 2
    return
  }
  // The core runs as the built host (out/main/core-host.js), as in the app.
  ensureRenderer(root, (m) => console.log(m))
  const previous = only !== null && existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { benchmarks?: Record<string, unknown> }) : null
  const benchmarks: Record<string, unknown> = { ...(previous?.benchmarks ?? {}) }
  const started = Date.now()
  for (const bench of selected) {
    console.log(`\n== ${bench.name}${quick ? ' (quick)' : ''}`)
    const t = Date.now()
    let result: BenchResult
    try {
      result = await bench.run({ quick, tmpDir, root, log: (m) => console.log(m) })
    } catch (err) {
      console.error(`${bench.name} failed: ${err instanceof Error ? err.stack : String(err)}`)
      benchmarks[bench.name] = { error: err instanceof Error ? err.message : String(err), date: new Date().toISOString() }
      process.exitCode = 1
      continue
    }
    for (const table of result.tables) printTable(table)
    for (const note of result.notes ?? []) console.log(`* ${note}`)
    benchmarks[bench.name] = { ...result.figures, notes: result.notes ?? [], quick, seconds: Math.round((Date.now() - t) / 100) / 10, date: new Date().toISOString() }
  }
  const cpu = cpus()
  const results = {
    machine: { cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10, platform: `${process.platform} ${process.arch}` },
    node: process.version,
    chromium: chromiumVersion(),
    date: new Date().toISOString(),
    quick,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    benchmarks,
  }
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`\nwrote ${resultsFile} (${results.seconds} s)`)
}

await main()
