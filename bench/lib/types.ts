/** What a benchmark module exports (bench/benchmarks/*.ts): `name` and `run`. */

export interface BenchContext {
  /** `--quick`: smaller sizes and fewer runs, for a fast look. */
  quick: boolean
  /** A scratch folder for generated inputs, kept between runs. */
  tmpDir: string
  /** The repository root. */
  root: string
  log(message: string): void
}

export interface BenchTable {
  title: string
  columns: string[]
  rows: (string | number | null)[][]
}

export interface BenchResult {
  /** Everything measured, as JSON: goes to bench/results.json under the benchmark's name. */
  figures: Record<string, unknown>
  /** What to print. */
  tables: BenchTable[]
  /** Targets met or missed, one line each. */
  notes?: string[]
}

export interface BenchModule {
  name: string
  run(ctx: BenchContext): Promise<BenchResult>
}
