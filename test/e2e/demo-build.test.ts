import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, repoRoot } from './harness/build'
import { resultsDir } from './harness'

/**
 * The emulator ships with the app for "Try the demo", as a main-side chunk loaded only when a demo starts (by the
 * demo's worker thread, with a dynamic import): never in the renderer or the preload, never on the way of a normal
 * start. Its code is recognised by its string literals (they survive bundling and minifying), each of which must turn
 * up in the built demo chunk, so the check cannot pass by finding nothing.
 */
const emulatorDir = join(repoRoot, 'electron/emulator')
const outDir = join(repoRoot, 'out')

const sourcesUnder = (dir: string, ends: string[]): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => ends.some((end) => name.endsWith(end)))
    .map((name) => join(dir, name))

const builtFiles = (dir: string): string[] => sourcesUnder(dir, ['.js', '.cjs', '.html']).sort()

/** Literals of the emulator's own (plain text, long enough to mean something) that no other source of the app has. */
function emulatorMarkers(): string[] {
  const elsewhere = [...sourcesUnder(join(repoRoot, 'electron'), ['.ts']).filter((file) => !file.startsWith(emulatorDir)), ...sourcesUnder(join(repoRoot, 'renderer/src'), ['.ts', '.vue'])]
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n')
  const markers = new Set<string>()
  for (const file of sourcesUnder(emulatorDir, ['.ts'])) {
    const code = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*(import|export)\b.*\bfrom\b/.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line))
      .join('\n')
    for (const match of code.matchAll(/'([A-Za-z0-9 _.,:()-]{18,})'/g)) if (!elsewhere.includes(match[1]!)) markers.add(match[1]!)
  }
  return [...markers]
}

/** Files an entry loads by static import, transitively (relative specifiers only: packages are external). */
function staticallyLoaded(entry: string): Set<string> {
  const seen = new Set<string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    const code = readFileSync(file, 'utf8')
    for (const match of code.matchAll(/^(?:import|export)\s[^;]*?from\s*["'](\.{1,2}\/[^"']+)["']|^import\s*["'](\.{1,2}\/[^"']+)["']/gm)) {
      visit(join(dirname(file), match[1] ?? match[2]!))
    }
  }
  visit(entry)
  return seen
}

describe('the emulator in the built app', () => {
  let markers: string[]
  beforeAll(() => {
    ensureBuilt()
    markers = emulatorMarkers()
  })

  it("is a main-side chunk of its own, which every one of the emulator's markers is found in", () => {
    expect(markers.length).toBeGreaterThan(20)
    const main = builtFiles(join(outDir, 'main'))
    const holding = main.filter((file) => {
      const code = readFileSync(file, 'utf8')
      return markers.some((marker) => code.includes(marker))
    })
    expect(holding.map((file) => relative(outDir, file))).toEqual([expect.stringMatching(/^main\/chunks\/demo-world-[\w-]+\.js$/)])
    const chunk = readFileSync(holding[0]!, 'utf8')
    expect(markers.filter((marker) => !chunk.includes(marker))).toEqual([])
  })

  it('is in no file of the renderer or the preload', () => {
    const page = [...builtFiles(join(outDir, 'renderer')), ...builtFiles(join(outDir, 'preload'))]
    expect(page.length).toBeGreaterThan(1)
    const found = page.flatMap((file) => {
      const code = readFileSync(file, 'utf8')
      return markers.filter((marker) => code.includes(marker)).map((marker) => `${relative(outDir, file)}: ${marker}`)
    })
    expect(found).toEqual([])
  })

  it('is loaded only when a demo starts: by a dynamic import in the demo worker (or the core host, where no worker starts), on no static path of any entry', () => {
    const chunk = builtFiles(join(outDir, 'main', 'chunks')).find((file) => basename(file).startsWith('demo-world-'))!
    const worker = join(outDir, 'main', 'demo-worker.js')
    for (const entry of ['index.js', 'core-host.js', 'cli.js', 'preview-worker.js', 'demo-worker.js']) {
      expect(staticallyLoaded(join(outDir, 'main', entry)).has(chunk), entry).toBe(false)
    }
    expect(readFileSync(worker, 'utf8')).toContain(`import("./${relative(dirname(worker), chunk)}")`)
    // The worker itself is started by the core host when a demo starts, by its file name.
    expect([...staticallyLoaded(worker)]).toEqual([worker])
    const host = [...staticallyLoaded(join(outDir, 'main', 'core-host.js'))]
    expect(host.filter((file) => readFileSync(file, 'utf8').includes('"demo-worker"')).length).toBe(1)
    const fallback = host.filter((file) => readFileSync(file, 'utf8').includes(`import("./${relative(dirname(file), chunk)}")`))
    expect(fallback.map((file) => relative(outDir, file))).toEqual(['main/core-host.js'])

    // What it adds to the packaged app (electron-builder packs out/** as it is): written for the closing note.
    const sizes = [chunk, worker].map((file) => {
      const bytes = readFileSync(file)
      return { file: relative(repoRoot, file), bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length }
    })
    mkdirSync(resultsDir, { recursive: true })
    writeFileSync(join(resultsDir, 'demo-chunk-size.json'), `${JSON.stringify(sizes)}\n`)
  })
})
