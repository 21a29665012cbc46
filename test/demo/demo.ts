/**
 * Demo mode: the app signed in to the emulator's seeded world, no Telegram account needed.
 *   npm run demo                          Electron when its binary is installed, else the browser bridge
 *   npm run demo -- --web [--port P]      the UI through the browser bridge; prints its URL
 *   npm run --silent demo -- --web --port P --json
 *                                         prints exactly one JSON line {url, emulator} once the page is ready
 * Runs until SIGINT/SIGTERM. Secrets stay in memory (never the user's keychain); data goes to temp folders. In the
 * browser the core runs in a child process of this one (electron/core/host), as it runs in Electron's utility process,
 * and opens the demo exactly as the installed app's "Try the demo" does: the emulator's world inside the core's
 * process. "Back to sign-in" leads to a sign-in to Telegram (secrets in memory), "Try the demo" back to the demo.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createBrowserPlatform } from '../../electron/core/bridge'
import { DEMO_CREDENTIALS, DEMO_WORLD, MAX_DEMO_CONTACTS, type DemoWorldOptions } from '../../electron/core/demo/options'
import { forkCore, type CoreProcess } from '../../electron/core/host/fork-core'
import { startDemoWorld } from '../../electron/emulator/demo-world'
import { integerOption, optionsOrExit } from '../emulator/command-line'
import { testServerKey } from '../emulator'

const ROOT = resolve(import.meta.dirname, '../..')
const RENDERER_DIR = join(ROOT, 'out/renderer')

const HELP = `usage: npm run demo -- [--web] [--port P] [--json] [--seed S] [--contacts N]
  --web          serve the UI through the browser bridge (default when Electron is not installed)
  --port P       bridge port on 127.0.0.1 (default: a free one)
  --json         print one JSON line {url, emulator} when ready, nothing else on stdout
  --seed S       world seed (default ${DEMO_WORLD.seed})
  --contacts N   contacts of the demo account (default ${DEMO_WORLD.contacts})`

interface DemoOptions {
  web: boolean
  port: number
  json: boolean
  world: DemoWorldOptions
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
    world: {
      seed: int('seed', values.seed, DEMO_WORLD.seed, 0, 2 ** 32 - 1),
      contacts: int('contacts', values.contacts, DEMO_WORLD.contacts, 1, MAX_DEMO_CONTACTS),
    },
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

async function main(): Promise<void> {
  const options = optionsOrExit('demo', HELP, parseOptions)
  if (options === null) return
  const electron = options.web ? null : electronBinary()
  if (!options.web && !electron) say('the Electron binary is not installed here: serving the app in the browser instead')

  await ensureRendererBuilt()
  const dataDir = await mkdtemp(join(tmpdir(), 'tg-contacts-demo-'))
  let core: CoreProcess | null = null
  let closeWorld: (() => Promise<void>) | null = null
  let stopping = false
  const stop = async (code = 0): Promise<never> => {
    if (!stopping) {
      stopping = true
      await core?.dispose().catch(() => undefined)
      await closeWorld?.().catch(() => undefined)
      await rm(dataDir, { recursive: true, force: true })
    }
    process.exit(code)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())

  if (electron) {
    // The unpacked app honours the env seams: the emulator runs here, the app's main process runs the core against it,
    // and TG_CONTACTS_DEMO tells it to keep secrets in memory instead of the user's keychain.
    const world = await startDemoWorld(options.world, { serverKey: testServerKey(), onWarning: (message) => say(`emulator: ${message}`) })
    closeWorld = () => world.close()
    const child = spawn(electron, [ROOT], {
      cwd: ROOT,
      stdio: ['ignore', process.stderr, process.stderr],
      env: {
        ...process.env,
        TG_API_ID: String(DEMO_CREDENTIALS.apiId),
        TG_API_HASH: DEMO_CREDENTIALS.apiHash,
        TG_CONTACTS_ENDPOINT: JSON.stringify(world.emulator.endpoint),
        TG_CONTACTS_SESSION: world.emulator.account.session,
        TG_CONTACTS_DEMO: '1',
        TG_CONTACTS_DATA_DIR: dataDir,
      },
    })
    child.on('exit', (code) => void stop(code ?? 0))
    if (options.json) process.stdout.write(`${JSON.stringify({ url: null, emulator: world.announcement() })}\n`)
    else say(`Electron started, signed in as ${world.emulator.account.phone}`)
    return
  }

  // The core in a process of its own, as in the app; it serves the page (the bridge) and asks this process for
  // the platform's part (a browser shell has none to speak of). It is restarted if it dies. It starts in the demo,
  // the same as "Try the demo" in the app; after "Back to sign-in" it is a core with secrets in memory and its data in
  // this run's temp folder.
  core = await forkCore({
    config: {
      dataDir,
      shell: 'browser',
      secrets: { kind: 'memory' },
      allowEnvSeams: false,
      demo: false,
      checkOutputs: false,
      env: {},
      bridge: { rendererDir: RENDERER_DIR, ...(options.port ? { port: options.port } : {}) },
    },
    demo: { world: options.world, startIn: 'demo', onFailed: (to, error) => say(`could not switch to the ${to === 'demo' ? 'demo' : 'sign-in'}: ${error.message}`) },
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
  const announced = core.supervisor.demoWorld
  if (bridge === null) throw new Error('the demo core serves no page')
  if (announced === null) throw new Error('the demo core announced no world')
  const page = await fetch(bridge.url)
  if (!page.ok) throw new Error(`the bridge answered ${page.status} for the page`)
  await page.arrayBuffer()
  if (options.json) process.stdout.write(`${JSON.stringify({ url: bridge.url, emulator: announced })}\n`)
  else {
    say(`open ${bridge.url}`)
    say(`signed in as ${announced.account.phone}; login code ${announced.account.code}, 2FA password "${announced.account.password ?? ''}" for a second sign-in`)
    say('Ctrl+C stops the demo')
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${(error as Error).message}\n`)
  process.exit(1)
})
