/**
 * Demo mode: the app signed in to the emulator's seeded world, no Telegram account needed.
 *   npm run demo                          Electron when its binary is installed, else the browser bridge
 *   npm run demo -- --web [--port P]      the UI through the browser bridge; prints its URL
 *   npm run --silent demo -- --web --port P --json
 *                                         prints exactly one JSON line {url, emulator} once the page is ready
 * Runs until SIGINT/SIGTERM. Secrets stay in memory (never the user's keychain); data goes to a temp folder. In the
 * browser the core runs in a child process of this one (electron/core/host), as it runs in Electron's utility process.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createBrowserPlatform } from '../../electron/core/bridge'
import { forkCore, type CoreProcess } from '../../electron/core/host/fork-core'
import { startEmulator, type Emulator } from '../emulator'
import { announcement } from '../emulator/announce'
import { integerOption, optionsOrExit } from '../emulator/command-line'

const ROOT = resolve(import.meta.dirname, '../..')
const RENDERER_DIR = join(ROOT, 'out/renderer')
/** The emulator accepts any api_id; these only have to be well-formed. */
const DEMO_API_ID = '2040'
const DEMO_API_HASH = 'b18441a1ff607e10a989891a5462e627'

const HELP = `usage: npm run demo -- [--web] [--port P] [--json] [--seed S] [--contacts N]
  --web          serve the UI through the browser bridge (default when Electron is not installed)
  --port P       bridge port on 127.0.0.1 (default: a free one)
  --json         print one JSON line {url, emulator} when ready, nothing else on stdout
  --seed S       world seed (default 7)
  --contacts N   contacts of the demo account (default 300)`

interface DemoOptions {
  web: boolean
  port: number
  json: boolean
  seed: number
  contacts: number
}

function parseOptions(argv: string[]): DemoOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      web: { type: 'boolean' },
      port: { type: 'string' },
      json: { type: 'boolean' },
      seed: { type: 'string' },
      contacts: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  })
  if (values.help === true) return 'help'
  const int = (name: string, value: string | undefined, fallback: number, min: number, max: number): number =>
    integerOption(name, value, min, max) ?? fallback
  return {
    web: values.web === true,
    port: int('port', values.port, 0, 1, 65_535),
    json: values.json === true,
    seed: int('seed', values.seed, 7, 0, 2 ** 32 - 1),
    contacts: int('contacts', values.contacts, 300, 1, 100_000),
  }
}

/** Messages for people go to stderr, so `--json` leaves exactly one line on stdout. */
const say = (text: string): void => void process.stderr.write(`demo: ${text}\n`)

/** The Electron binary when the electron package managed to download it (it cannot here). */
function electronBinary(): string | null {
  try {
    const packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const pathFile = join(packageDir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] })
    child.on('error', fail)
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited with ${code}`))))
  })
}

async function ensureRendererBuilt(): Promise<void> {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return
  say('building the app (out/renderer is missing) ...')
  await run(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'])
}

/** Every few seconds a few contacts come online or go offline, so the list visibly lives. */
function startStatusTicker(emulator: Emulator): NodeJS.Timeout {
  const ids = [...emulator.world.contactsOf(emulator.world.accountId).keys()]
  let turn = 0
  const timer = setInterval(() => {
    const now = Math.floor(Date.now() / 1000)
    for (let i = 0; i < 3 && ids.length > 0; i++) {
      const id = ids[(turn * 7 + i * 13) % ids.length]!
      emulator.setUserStatus(id, turn % 2 === 0 ? { kind: 'online', expires: now + 120 } : { kind: 'offline', wasOnline: now })
    }
    turn += 1
  }, 4000)
  timer.unref()
  return timer
}

async function main(): Promise<void> {
  const options = optionsOrExit('demo', HELP, parseOptions)
  if (options === null) return
  const electron = options.web ? null : electronBinary()
  if (!options.web && !electron) say('the Electron binary is not installed here: serving the app in the browser instead')

  await ensureRendererBuilt()
  const emulator = await startEmulator({
    seed: options.seed,
    users: options.contacts + 400,
    contacts: options.contacts,
    savedUnregistered: Math.max(10, Math.floor(options.contacts / 8)),
    // Most people have a photo, a third of them on a second DC (as on Telegram, where files live on several).
    photoShare: 0.85,
    secondDcId: 4,
    onWarning: (message) => say(`emulator: ${message}`),
  })
  const ticker = startStatusTicker(emulator)
  const dataDir = await mkdtemp(join(tmpdir(), 'tg-contacts-demo-'))
  const env = {
    TG_API_ID: DEMO_API_ID,
    TG_API_HASH: DEMO_API_HASH,
    TG_CONTACTS_ENDPOINT: JSON.stringify(emulator.endpoint),
    TG_CONTACTS_SESSION: emulator.account.session,
  }

  let core: CoreProcess | null = null
  let stopping = false
  const stop = async (code = 0): Promise<never> => {
    if (!stopping) {
      stopping = true
      clearInterval(ticker)
      await core?.dispose().catch(() => undefined)
      await emulator.close().catch(() => undefined)
      await rm(dataDir, { recursive: true, force: true })
    }
    process.exit(code)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())

  if (electron) {
    // The app's own main process runs the core; it honours the seams because it is not packaged, and
    // TG_CONTACTS_DEMO tells it to keep secrets in memory instead of the user's keychain.
    const child = spawn(electron, [ROOT], {
      cwd: ROOT,
      stdio: ['ignore', process.stderr, process.stderr],
      env: { ...process.env, ...env, TG_CONTACTS_DEMO: '1', TG_CONTACTS_DATA_DIR: dataDir },
    })
    child.on('exit', (code) => void stop(code ?? 0))
    if (options.json) process.stdout.write(`${JSON.stringify({ url: null, emulator: announcement(emulator) })}\n`)
    else say(`Electron started, signed in as ${emulator.account.phone}`)
    return
  }

  // The core in a process of its own, as in the app; it serves the page (the bridge) and asks this process for
  // the platform's part (a browser shell has none to speak of). It is restarted if it dies.
  core = await forkCore({
    config: {
      dataDir,
      shell: 'browser',
      secrets: { kind: 'memory' },
      allowEnvSeams: true,
      demo: true,
      checkOutputs: false,
      env,
      bridge: { rendererDir: RENDERER_DIR, ...(options.port ? { port: options.port } : {}) },
    },
    platform: createBrowserPlatform(),
    onUnexpected: ({ method, message }) => say(`${method} failed unexpectedly: ${message}`),
    onState: (state) => {
      if (state === 'restarting') say("the app's background process stopped; restarting it")
      if (state === 'stopped' && !stopping) void stop(1)
    },
  })
  const status = await core.router.dispatch('auth.status', {})
  if (!status.ok || (status.value as { state: string }).state !== 'signedIn') throw new Error('the demo core did not sign in to the emulator')
  const bridge = core.bridge
  if (bridge === null) throw new Error('the demo core serves no page')
  const page = await fetch(bridge.url)
  if (!page.ok) throw new Error(`the bridge answered ${page.status} for the page`)
  await page.arrayBuffer()
  if (options.json) process.stdout.write(`${JSON.stringify({ url: bridge.url, emulator: announcement(emulator) })}\n`)
  else {
    say(`open ${bridge.url}`)
    say(`signed in as ${emulator.account.phone}; login code ${emulator.account.code}, 2FA password "${emulator.account.password ?? ''}" for a second sign-in`)
    say('Ctrl+C stops the demo')
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${(error as Error).message}\n`)
  process.exit(1)
})
