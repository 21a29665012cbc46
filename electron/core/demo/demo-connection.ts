import type { CoreOptions } from '../app/create-core'
import { startWorker, workerEntry } from '../host/worker-thread'
import { createMemoryStore } from '../secrets/memory-store'
import { secretAccounts } from '../secrets/secret-store'
import type { Endpoint } from '../telegram/endpoint'
import type { Announcement } from '../../emulator/announce'
import { DEMO_CREDENTIALS, type DemoWorldOptions } from './options'

/** The demo's Telegram, running in this process, and how the core reaches it. */
export interface DemoConnection {
  /**
   * The core's options for it: the emulator's address and signed-in session, credentials that need no input, an
   * empty environment (nothing a user's environment says can redirect or join the demo) and secrets in memory only.
   */
  coreOptions: Pick<CoreOptions, 'secrets' | 'endpoint' | 'builtinCredentials' | 'env' | 'allowEnvSeams'>
  announcement: Announcement
  close(): Promise<void>
}

/** A running demo world, wherever it runs. */
export interface DemoWorldHandle {
  endpoint: Endpoint
  /** The demo account's signed-in session (the emulator's; no secret of anyone's). */
  session: string
  announcement: Announcement
  close(): Promise<void>
}

/** What the demo worker (demo-worker.ts) and the core say to each other. */
export type FromDemoWorker =
  | { type: 'ready'; endpoint: Endpoint; session: string; announcement: Announcement }
  | { type: 'failed'; message: string }
  | { type: 'closed' }
export type ToDemoWorker = { type: 'close' }

/** How long the emulator may take to close its connections before its thread is ended. */
const CLOSE_TIMEOUT_MS = 5000

/** The demo world in a worker thread of this process: its photos and handshakes never hold up the core's event loop. */
export async function startDemoInWorker(world: DemoWorldOptions): Promise<DemoWorldHandle> {
  const entry = workerEntry(import.meta.url, 'demo-worker')
  if (entry === null) throw new Error('demo-worker.js is missing next to the core: run npm run build')
  const worker = startWorker(entry, { workerData: world })
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  const ready = await new Promise<Extract<FromDemoWorker, { type: 'ready' }>>((resolve, reject) => {
    worker.once('message', (message: FromDemoWorker) =>
      message.type === 'ready' ? resolve(message) : reject(new Error(message.type === 'failed' ? message.message : 'the demo worker closed')),
    )
    worker.once('error', reject)
    void exited.then(() => reject(new Error("the demo's emulator stopped before it was ready")))
  }).catch(async (error: unknown) => {
    await worker.terminate()
    throw error
  })
  return {
    endpoint: ready.endpoint,
    session: ready.session,
    announcement: ready.announcement,
    async close() {
      worker.postMessage({ type: 'close' } satisfies ToDemoWorker)
      const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS)
      await exited
      clearTimeout(timer)
    },
  }
}

/** The demo world on this thread (the emulator's chunk loaded only now). */
export async function startDemoInProcess(world: DemoWorldOptions): Promise<DemoWorldHandle> {
  const { startDemoWorld } = await import('../../emulator/demo-world')
  const demo = await startDemoWorld(world)
  return { endpoint: demo.emulator.endpoint, session: demo.emulator.account.session, announcement: demo.announcement(), close: () => demo.close() }
}

/**
 * Starts the demo world and names it to the core. In a worker thread; where one cannot start (a packaging whose
 * worker threads cannot load the app's files), on this thread, as the import preview does.
 */
export async function startDemoConnection(world: DemoWorldOptions): Promise<DemoConnection> {
  const demo = await startDemoInWorker(world).catch(() => startDemoInProcess(world))
  return {
    coreOptions: {
      secrets: createMemoryStore({ [secretAccounts.session]: demo.session }),
      endpoint: demo.endpoint,
      builtinCredentials: DEMO_CREDENTIALS,
      env: {},
      allowEnvSeams: false,
    },
    announcement: demo.announcement,
    close: () => demo.close(),
  }
}
