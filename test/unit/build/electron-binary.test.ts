import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { electronBinary } from '../../../build/electron-binary'

/** `npm start` where the Electron binary cannot be had says so in one line (issue 11 item 24). */
const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** An electron package folder whose install.js behaves as given. */
async function fakeElectronPackage(install: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tgc-electron-'))
  dirs.push(dir)
  await writeFile(join(dir, 'install.js'), install)
  return dir
}

describe('electronBinary', () => {
  it('finds an unpacked binary without downloading', async () => {
    const dir = await fakeElectronPackage('process.exit(9)')
    await mkdir(join(dir, 'dist'))
    await writeFile(join(dir, 'dist', 'electron'), '')
    await writeFile(join(dir, 'path.txt'), 'electron')
    expect(await electronBinary(dir)).toEqual({ ok: true, path: join(dir, 'dist', 'electron') })
  })

  it('runs the download, then uses what it unpacked', async () => {
    const dir = await fakeElectronPackage(
      "const fs = require('fs'); const p = require('path'); fs.mkdirSync(p.join(__dirname, 'dist')); fs.writeFileSync(p.join(__dirname, 'dist', 'electron'), ''); fs.writeFileSync(p.join(__dirname, 'path.txt'), 'electron')",
    )
    expect(await electronBinary(dir)).toEqual({ ok: true, path: join(dir, 'dist', 'electron') })
  })

  it('turns a failed download into one reason, not a stack trace', async () => {
    const dir = await fakeElectronPackage("console.error('TypeError: fetch failed\\n    at node:internal/deps/undici:1:1\\n    at async downloadArtifact'); process.exit(1)")
    const result = await electronBinary(dir)
    expect(result.ok).toBe(false)
    expect(result).toMatchObject({ reason: expect.stringMatching(/^fetch failed; it comes from /) })
    expect(JSON.stringify(result)).not.toMatch(/\bat |node_modules/)
  })
})

const root = join(import.meta.dirname, '../../..')
const electronInstalled = existsSync(join(root, 'node_modules/electron/path.txt'))

describe('npm start without the binary', () => {
  it.skipIf(electronInstalled)('prints one line that points to the browser demo and exits 1', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'build/start-app.ts')], {
      cwd: root,
      encoding: 'utf8',
      // An unreachable mirror makes the download fail at once, online or not.
      env: { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: join(tmpdir(), 'tgc-no-electron-cache') },
      timeout: 60_000,
    })
    expect(run.status).toBe(1)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toContain('npm run demo -- --web')
  })
})
