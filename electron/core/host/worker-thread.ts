import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

/** A worker thread's entry: the TypeScript source (tests, tsx) or the file electron-vite built into out/main. */
export interface WorkerEntry {
  file: string
  source: boolean
}

/**
 * Where the worker entry `name` is, seen from the module at `moduleUrl`: beside it when running from source, or the
 * `name`.js entry electron-vite builds into out/main (the calling code may sit in out/main/chunks). Null: not built.
 */
export function workerEntry(moduleUrl: string, name: string): WorkerEntry | null {
  const here = fileURLToPath(moduleUrl)
  if (here.endsWith('.ts')) return { file: join(dirname(here), `${name}.ts`), source: true }
  for (const dir of [dirname(here), join(dirname(here), '..')]) {
    const file = join(dir, `${name}.js`)
    if (existsSync(file)) return { file, source: false }
  }
  return null
}

export function startWorker(entry: WorkerEntry, options: WorkerOptions = {}): Worker {
  if (!entry.source) return new Worker(entry.file, options)
  // From source the worker needs tsx's loader, registered inside the worker before the entry loads.
  const url = JSON.stringify(pathToFileURL(entry.file).href)
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${url}) })`, { ...options, eval: true })
}
