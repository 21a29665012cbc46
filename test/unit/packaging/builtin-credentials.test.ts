import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * Release builds carry their own API credentials (issue 15 item 3): in the main-side bundles only. The renderer (and the
 * preload) never contain the hash, whatever the renderer imports.
 */
const root = join(import.meta.dirname, '../../..')
const HASH = 'c0ffee00c0ffee00c0ffee00c0ffee00'
const outDirs: string[] = []
afterAll(async () => {
  for (const dir of outDirs) await rm(dir, { recursive: true, force: true })
})

function build(outDir: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir, '--logLevel', 'error'], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  })
}

async function filesContaining(dir: string, text: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const hits: string[] = []
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    if ((await readFile(path, 'latin1')).includes(text)) hits.push(path.slice(dir.length + 1))
  }
  return hits
}

describe('built-in API credentials', { timeout: 180_000 }, () => {
  it('are compiled into the main-side bundles only, never the renderer or preload', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'tgc-build-'))
    outDirs.push(outDir)
    const result = build(outDir, { TG_CONTACTS_BUILTIN_API_ID: '611335', TG_CONTACTS_BUILTIN_API_HASH: HASH })
    expect(result.status, result.stderr).toBe(0)
    const hits = await filesContaining(outDir, HASH)
    expect(hits.length).toBeGreaterThan(0)
    expect(hits.every((path) => path.startsWith('main/'))).toBe(true)
    expect(await filesContaining(join(outDir, 'renderer'), HASH.slice(0, 16))).toEqual([])
  })

  it('a malformed pair fails the build instead of shipping an app that cannot sign in', () => {
    const result = build(join(tmpdir(), 'tgc-build-never'), { TG_CONTACTS_BUILTIN_API_ID: '611335', TG_CONTACTS_BUILTIN_API_HASH: 'short' })
    expect(result.status).not.toBe(0)
    expect(result.stderr + result.stdout).toContain('TG_CONTACTS_BUILTIN_API_HASH')
  })
})
