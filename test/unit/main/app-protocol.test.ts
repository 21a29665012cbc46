import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  contentSecurityPolicy,
  isAppUrl,
  loadBundleFile,
  resolveBundleFile,
  securityHeaders,
} from '../../../electron/core/app/app-protocol'

let root: string

beforeAll(async () => {
  const parent = await mkdtemp(join(tmpdir(), 'tgc-bundle-'))
  root = join(parent, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>')
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(parent, 'secret.txt'), 'outside the bundle')
})
afterAll(async () => rm(join(root, '..'), { recursive: true, force: true }))

describe('resolveBundleFile', () => {
  it('maps paths inside the bundle, and / to the entry page', () => {
    expect(resolveBundleFile(root, '/')).toBe(join(root, 'index.html'))
    expect(resolveBundleFile(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'))
    expect(resolveBundleFile(root, '/assets/')).toBe(join(root, 'assets', 'index.html'))
    expect(resolveBundleFile(root, '/assets/../index.html')).toBe(join(root, 'index.html'))
  })

  it('refuses every way out of the bundle folder', () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/..',
    ]) {
      expect(resolveBundleFile(root, path), path).toBeNull()
    }
  })

  it('loads a file with its content type, and nothing for a missing one', async () => {
    const found = await loadBundleFile(root, '/assets/app.js')
    expect(found?.contentType).toBe('text/javascript; charset=utf-8')
    expect(found?.body.toString()).toBe('console.log(1)')
    expect(await loadBundleFile(root, '/missing.js')).toBeNull()
    expect(await loadBundleFile(root, '/../secret.txt')).toBeNull()
  })
})

describe('the content security policy', () => {
  it('allows only bundled code, styles and fonts, and images from the bundle or data/blob', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    )
    expect(contentSecurityPolicy(['ws://127.0.0.1:4000'])).toContain("connect-src 'self' ws://127.0.0.1:4000;")
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-(inline|eval)/)
  })

  it('ships with nosniff and no-referrer on every response', () => {
    expect(securityHeaders()).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' })
  })
})

describe('isAppUrl', () => {
  it('accepts only app://bundle', () => {
    expect(isAppUrl('app://bundle/index.html#/contacts')).toBe(true)
    expect(isAppUrl('app://bundle2/index.html')).toBe(false)
    expect(isAppUrl('https://bundle/')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
    expect(isAppUrl(null)).toBe(false)
  })
})
