import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const root = join(import.meta.dirname, '../../..')
const readYaml = (path: string): Record<string, unknown> => parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>
const config = readYaml('electron-builder.yml')

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(join(root, path))
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG')
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

describe('electron-builder.yml', () => {
  // Loading app-builder-lib alone takes seconds on a busy 2-core machine, hence the longer timeout.
  it("passes electron-builder's own schema validation", async () => {
    const require = createRequire(import.meta.url)
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>
    }
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  }, 60_000)

  it("describes the app as unofficial and built on the Telegram API (Telegram's API terms), as installers show it", () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { description: string }
    expect(pkg.description).toMatch(/unofficial/i)
    expect(pkg.description).toMatch(/Telegram API/)
    expect(config).not.toHaveProperty('extraMetadata.description')
  })

  it('names the app and packs only the bundled output', () => {
    expect(config).toMatchObject({
      appId: 'org.tgcontacts.app',
      productName: 'TG Contacts',
      directories: { buildResources: 'build', output: 'dist' },
      files: ['out/**', 'package.json'],
    })
    expect(config.asarUnpack).toContain('**/*.node')
    expect(config.asar).not.toBe(false)
  })

  it('sets every Electron fuse the security checklist asks for', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('builds AppImage and a deb that depends on libsecret, a hardened dmg and an nsis installer', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] })
    expect((config.deb as { depends: string[] }).depends).toContain('libsecret-1-0')
    expect(config.mac).toMatchObject({
      target: ['dmg'],
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
    })
    expect(readFileSync(join(root, 'build/entitlements.mac.plist'), 'utf8')).toContain('com.apple.security.cs.allow-jit')
    expect(config.win).toMatchObject({ target: ['nsis'] })
  })

  it('has the icons it points at, at the sizes the platforms need', () => {
    expect(pngSize('build/icon.png')).toEqual({ width: 512, height: 512 })
    expect(pngSize('build/icons/512x512.png')).toEqual({ width: 512, height: 512 })
    expect(pngSize('build/icons/256x256.png')).toEqual({ width: 256, height: 256 })
    expect(config.mac).toMatchObject({ icon: 'build/icon.png' })
    expect(config.linux).toMatchObject({ icon: 'build/icons' })
  })

  it('matches package.json: the bundled main entry, and keytar as a runtime dependency', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      main: string
      dependencies: Record<string, string>
      devDependencies: Record<string, string>
    }
    expect(pkg.main).toBe('./out/main/index.js')
    expect(pkg.dependencies).toHaveProperty('keytar')
    // electron-builder refuses to package when electron is a runtime dependency.
    expect(pkg.dependencies).not.toHaveProperty('electron')
    expect(pkg.devDependencies).toHaveProperty('electron')
  })
})

describe('the release workflow', () => {
  const workflow = readYaml('.github/workflows/release.yml') as {
    on: Record<string, unknown>
    jobs: Record<string, { 'runs-on': string; needs?: string; strategy?: { matrix: { include: { os: string; target: string }[] } }; steps: { run?: string; uses?: string }[] }>
  }
  const runs = (job: string) => (workflow.jobs[job]?.steps ?? []).map((step) => step.run ?? '').join('\n')

  it('runs on version tags', () => {
    expect(workflow.on).toMatchObject({ push: { tags: ['v*'] } })
  })

  it('tests on ubuntu before packaging', () => {
    expect(workflow.jobs.test?.['runs-on']).toBe('ubuntu-latest')
    expect(runs('test')).toContain('.ci/run')
    expect(workflow.jobs.package?.needs).toBe('test')
  })

  it('packages on ubuntu, macos and windows, each for its own OS', () => {
    const include = workflow.jobs.package?.strategy?.matrix.include ?? []
    expect(include.map((entry) => [entry.os, entry.target])).toEqual([
      ['ubuntu-latest', '--linux'],
      ['macos-latest', '--mac'],
      ['windows-latest', '--win'],
    ])
    expect(runs('package')).toContain('npm ci')
    expect(runs('package')).toMatch(/electron-builder \$\{\{ matrix.target \}\} --publish never/)
  })

  it('smoke-tests the packaged app on each OS before publishing it, and builds in the API credentials from secrets', () => {
    const steps = workflow.jobs.package?.steps ?? []
    const smoke = steps.findIndex((step) => step.run?.includes('TG_CONTACTS_SMOKE_EXECUTABLE') && step.run.includes('--project electron'))
    const publish = steps.findIndex((step) => step.uses?.startsWith('softprops/action-gh-release'))
    expect(smoke).toBeGreaterThan(-1)
    expect(smoke).toBeLessThan(publish)
    const build = steps.find((step) => step.run === 'npm run build') as { env?: Record<string, string> } | undefined
    expect(build?.env).toEqual({ TG_CONTACTS_BUILTIN_API_ID: '${{ secrets.TG_API_ID }}', TG_CONTACTS_BUILTIN_API_HASH: '${{ secrets.TG_API_HASH }}' })
  })
})

describe('the ci workflow', () => {
  const workflow = readYaml('.github/workflows/ci.yml') as { jobs: Record<string, { 'runs-on': string; strategy?: { matrix: { os: string[] } }; steps: { run?: string }[] }> }
  const runs = (job: string) => (workflow.jobs[job]?.steps ?? []).map((step) => step.run ?? '').join('\n')

  it('runs every tier on Linux through .ci/run, and the Electron smoke test on macOS and Windows too', () => {
    expect(runs('test')).toContain('bash .ci/run')
    expect(workflow.jobs.electron?.strategy?.matrix.os).toEqual(['macos-latest', 'windows-latest'])
    expect(runs('electron')).toContain('npm run test:electron')
  })

  it('npm test ends with the Electron smoke test tier', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts.test).toMatch(/vitest run --project electron$/)
  })
})
