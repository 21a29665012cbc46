import { readFileSync, readdirSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_API_CREDENTIALS, repoRoot, startApp, type AppHarness } from './harness'

describe('the built app', () => {
  it('emits a preload that is one CommonJS file requiring nothing but electron', () => {
    const preload = readFileSync(join(repoRoot, 'out/preload/index.cjs'), 'utf8')
    const required = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1])
    expect(required).toEqual(['electron'])
    expect(preload).not.toMatch(/^\s*import\s/m)
    // No validation library in the sandboxed preload: main validates every input.
    expect(preload).not.toMatch(/ZodError|\$ZodType|_zod/)
  })

  it('emits a main bundle that imports only Node built-ins, electron and runtime dependencies', () => {
    // The packaged app ships `dependencies` only: a devDependency imported at run time would crash it on start.
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    const allowed = new Set([...Object.keys(pkg.dependencies), 'electron', ...builtinModules])
    const mainDir = join(repoRoot, 'out/main')
    const files = readdirSync(mainDir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'))
    expect(files).toContain('index.js')
    const imported = new Set<string>()
    for (const file of files) {
      const code = readFileSync(join(mainDir, file), 'utf8')
      // Static imports, and import()/require() calls that are code (not text inside a string, such as a worker's eval source).
      for (const match of code.matchAll(/(?:^import\s[^;]*?from\s*|(?<![`'"])\bimport\(\s*|(?<![`'"])\brequire\(\s*)["']([^"'.][^"']*)["']/gm)) {
        const specifier = (match[1] ?? '').replace(/^node:/, '')
        imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? ''))
      }
    }
    expect(imported.size).toBeGreaterThan(3)
    expect([...imported].filter((name) => !allowed.has(name))).toEqual([])
  })
})

describe('the app shell in Chromium, through the bridge', () => {
  let app: AppHarness

  beforeAll(async () => {
    // API credentials from the environment, no session: the signed-out state asks for a phone number.
    app = await startApp({ env: TEST_API_CREDENTIALS })
  })
  afterAll(async () => app?.close())

  it('renders the signed-out state from the real core', async () => {
    const { page } = app
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await expect(page.getByLabel('Phone number').isVisible()).resolves.toBe(true)
    await expect(page.getByRole('button', { name: 'Send code' }).isVisible()).resolves.toBe(true)
    expect(await page.title()).toBe('TG Contacts')
  })

  it('keeps the bridge token out of the address bar once the page has it', () => {
    expect(app.page.url()).not.toContain('token')
  })

  it('tells a page opened without the token that it needs the link with the token', async () => {
    const context = await app.browser.newContext()
    const page = await context.newPage()
    await page.goto(`http://127.0.0.1:${app.bridge.port}/`)
    await expect(page.getByRole('alert').textContent()).resolves.toContain('access token')
    await context.close()
  })

  // (eval cannot be probed from here: code Playwright evaluates runs exempt from the page's CSP.)
  it('enforces the CSP in the browser: no inline script, no connection elsewhere', async () => {
    const context = await app.browser.newContext()
    const page = await context.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text())
    })
    await page.goto(app.bridge.url)
    await page.locator('#app > *').first().waitFor()
    const outcome = await page.evaluate(`(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.appendChild(script);
      let fetched = false;
      try { await fetch('http://127.0.0.1:9/'); fetched = true } catch {}
      return { inline: window.__inlineRan === true, fetched };
    })()`)
    expect(outcome).toEqual({ inline: false, fetched: false })
    expect(violations.some((text) => text.includes('script-src'))).toBe(true)
    expect(violations.some((text) => text.includes('connect-src'))).toBe(true)
    await context.close()
  })

  it('runs under the strict CSP without a violation or an uncaught error', () => {
    expect(app.pageErrors).toEqual([])
    expect(app.coreErrors).toEqual([])
  })

  it('saves a screenshot of the shell', async () => {
    const path = await app.screenshot('shell')
    const png = readFileSync(path)
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(1200)
  })
})

describe('the app shell follows a dark OS theme', () => {
  let app: AppHarness
  beforeAll(async () => {
    app = await startApp({ colorScheme: 'dark', env: TEST_API_CREDENTIALS })
  })
  afterAll(async () => app?.close())

  it('paints a dark background and saves a screenshot', async () => {
    await app.page.getByRole('heading', { name: 'Sign in' }).waitFor()
    const background = await app.page.evaluate('getComputedStyle(document.body).backgroundColor')
    const [r = 255, g = 255, b = 255] = String(background).match(/\d+/g)?.map(Number) ?? []
    expect(0.2126 * r + 0.7152 * g + 0.0722 * b).toBeLessThan(96)
    await app.screenshot('shell-dark')
  })
})

describe('the app shell signed in to the emulator', () => {
  let app: AppHarness
  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 7, contacts: 30 }, signedIn: true })
  })
  afterAll(async () => app?.close())

  it('shows the account, the navigation and the contact list', async () => {
    const { page, emulator } = app
    const nav = page.getByRole('navigation').first()
    await nav.waitFor()
    for (const section of ['Contacts', 'Import', 'Export']) {
      await expect(nav.getByText(section, { exact: true }).isVisible()).resolves.toBe(true)
    }
    const account = emulator?.world.user(emulator.account.id)
    await page.getByText(`${account?.firstName} ${account?.lastName}`.trim(), { exact: true }).first().waitFor()
    await page.getByText('30 contacts', { exact: false }).first().waitFor()
    await app.screenshot('shell-signed-in')
    expect(app.pageErrors).toEqual([])
    expect(app.coreErrors).toEqual([])
  })
})
