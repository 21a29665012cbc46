import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createBrowserPlatform, type BrowserPlatform } from '../../../electron/core/bridge'
import { forkCore, type CoreProcess } from '../../../electron/core/host/fork-core'
import type { BridgeAddress } from '../../../electron/core/host/protocol'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index'
import { launchChromium } from './browser'
import { ensureBuilt, rendererDir, repoRoot } from './build'
import { settle } from './settle'

/** Any valid-looking API credentials: the emulator accepts every api_id / api_hash. */
export const TEST_API_CREDENTIALS = { TG_API_ID: '12345', TG_API_HASH: '0123456789abcdef0123456789abcdef' } as const

export interface StartOptions {
  /**
   * Start the Telegram emulator (true, or its options) and point the core at it through the env seams,
   * with test API credentials. Absent: no Telegram at all.
   */
  emulator?: boolean | EmulatorOptions
  /** With the emulator: start with the emulator account's signed-in session (TG_CONTACTS_SESSION). */
  signedIn?: boolean
  /**
   * What createCore reads as its environment (TG_API_ID, TG_API_HASH, TG_CONTACTS_ENDPOINT,
   * TG_CONTACTS_SESSION ...). Never the real process.env, so a developer's settings cannot leak in.
   */
  env?: Record<string, string>
  /** Keychain entries present at start (account -> secret). */
  secrets?: Record<string, string>
  colorScheme?: 'light' | 'dark'
  viewport?: { width: number; height: number }
  /** Open the page right away (default true). */
  open?: boolean
}

export interface AppHarness {
  /**
   * The core, in a child process of its own as in the app (`core.router.dispatch` calls it; `core.supervisor.kill()`
   * crashes it; `core.demo` says whether "Try the demo" has replaced it).
   */
  readonly core: CoreProcess
  /** The emulator the core talks to, when started with `emulator`. */
  readonly emulator: Emulator | null
  /** Where the core's browser bridge serves the page. */
  readonly bridge: BridgeAddress
  /** What the core asked of the platform (links opened, folders shown, notifications): it runs in this process. */
  readonly platform: BrowserPlatform
  readonly dataDir: string
  readonly browser: Browser
  readonly context: BrowserContext
  readonly page: Page
  /** Uncaught page errors and console errors (CSP violations included) seen so far. */
  readonly pageErrors: string[]
  /** Non-AppError failures inside the core (bugs), with the method that hit them (name, message and stack). */
  readonly coreErrors: { method: string; error: { name: string; message: string; stack: string | null } }[]
  /** Loads the app in the page (the bridge URL with its token) and waits for the Vue root to mount. */
  open(): Promise<void>
  /** Saves a PNG of the page to test-results/NAME.png and returns its path. */
  screenshot(name: string): Promise<string>
  close(): Promise<void>
}

export const resultsDir = join(repoRoot, 'test-results')

/**
 * Everything an e2e test needs: the real core in a child process, as the app runs it (memory keychain, temp data
 * dir, its platform requests answered here by a browser Platform), its bridge serving the built renderer, and
 * Debian's Chromium on a page of it.
 */
export async function startApp(options: StartOptions = {}): Promise<AppHarness> {
  ensureBuilt()
  const emulator = options.emulator ? await startEmulator(options.emulator === true ? {} : options.emulator) : null
  const env: Record<string, string> = emulator
    ? {
        ...TEST_API_CREDENTIALS,
        TG_CONTACTS_ENDPOINT: JSON.stringify(emulator.endpoint),
        ...(options.signedIn ? { TG_CONTACTS_SESSION: emulator.account.session } : {}),
        ...options.env,
      }
    : { ...options.env }
  const dataDir = await mkdtemp(join(tmpdir(), 'tgc-e2e-'))
  const platform = createBrowserPlatform()
  const coreErrors: AppHarness['coreErrors'][number][] = []
  const core = await forkCore({
    config: {
      dataDir,
      shell: 'browser',
      secrets: { kind: 'memory', entries: options.secrets ?? {} },
      allowEnvSeams: true,
      demo: false,
      env,
      checkOutputs: true,
      bridge: { rendererDir },
      forwardEvents: true,
    },
    // "Try the demo" works as in the app: the seeded world of npm run demo, inside the core's process.
    demo: {},
    platform,
    onUnexpected: ({ method, ...error }) => coreErrors.push({ method, error }),
  })
  const bridge = core.bridge
  if (bridge === null) throw new Error('the core host started no bridge')
  const browser = await launchChromium()
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1200, height: 780 },
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: 1,
  })
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  page.on('console', (message) => {
    // Failed loads are reported below with their URL; the console line carries none.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text())
  })
  page.on('response', (response) => {
    // Chromium asks for /favicon.ico on its own; the renderer has none and needs none.
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') {
      pageErrors.push(`HTTP ${response.status()} for ${response.url()}`)
    }
  })
  page.on('requestfailed', (request) => pageErrors.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? ''})`))

  const harness: AppHarness = {
    core,
    emulator,
    bridge,
    platform,
    dataDir,
    browser,
    context,
    page,
    pageErrors,
    coreErrors,
    async open() {
      await page.goto(bridge.url)
      await page.locator('#app > *').first().waitFor()
    },
    async screenshot(name) {
      await mkdir(resultsDir, { recursive: true })
      const path = join(resultsDir, `${name}.png`)
      // A shot right after a theme switch would catch colours half-way through their fade.
      await settle(page)
      await page.screenshot({ path, fullPage: false })
      return path
    },
    async close() {
      await browser.close().catch(() => undefined)
      await core.dispose()
      await emulator?.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
  if (options.open ?? true) await harness.open()
  return harness
}
