/**
 * The core as the stall benchmark drives it, laid out as in the app: the core in a process of its own (a child of
 * this, the main process), and the window's calls made by a window stand-in in a worker thread over its own
 * connection to the core (bench/workers/window-client.ts), so no answer crosses the main thread. Two stall watches:
 * the core's event loop (the stall probe loaded into the core process) and the main process's (this main thread).
 */

import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { MethodInput, MethodName, MethodOutput, Result } from '../../electron/core/contract'
import { PREVIEW_PAGE_ROWS } from '../../electron/core/importer/job/preview-off-thread'
import { openCore, ROOT, type EmulatorAddress } from './core'
import { watchChildStalls, watchStalls, type StallFigures } from './stall'
import type { BenchContext } from './types'

/** Where the core runs: a child process of the main process, as the app's utility process. */
export const CORE_RUNS_IN = 'in a child process of the main process; the window calls it over its own connection'

export interface MeasuredCore {
  readonly dataDir: string
  /** A window's call; of a large answer only its scalar fields come back to this thread. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | null>
  /** What the renderer calls to show the list. */
  loadList(): Promise<void>
  /** What the renderer calls to refresh it from Telegram. */
  refreshList(): Promise<void>
  /** import.preview of files on disk, read and uploaded by the window stand-in, and all its rows, as the renderer does. */
  preview(files: { name: string; path: string }[]): Promise<void>
  watchStalls(): Promise<{ stop(): Promise<{ core: StallFigures; main: StallFigures }> }>
  dispose(): Promise<void>
}

/** The window stand-in, a TypeScript worker: tsx's loader registered inside it before the entry loads. */
function startWindow(socketUrl: string): Worker {
  const entry = JSON.stringify(pathToFileURL(join(ROOT, 'bench/workers/window-client.ts')).href)
  return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${entry}) })`, {
    eval: true,
    workerData: { url: socketUrl },
  })
}

export async function openMeasuredCore(_ctx: BenchContext, address: EmulatorAddress, options: { dataDir?: string } = {}): Promise<MeasuredCore> {
  // As in the app, the main process hears no core events: the window gets them over its own connection.
  const app = await openCore(address, { ...options, stallProbe: true, forwardEvents: false, rendererDir: join(ROOT, 'out/renderer') })
  const bridge = app.core.bridge
  if (bridge === null) throw new Error('the core serves no bridge')
  const window = startWindow(`ws://127.0.0.1:${bridge.port}/api?token=${encodeURIComponent(bridge.token)}`)
  const pending = new Map<number, (reply: { result: Result<unknown> }) => void>()
  let nextId = 1
  window.on('message', (reply: { id: number; result: Result<unknown> }) => {
    pending.get(reply.id)?.(reply)
    pending.delete(reply.id)
  })
  const post = async (request: { method: MethodName; input?: unknown; files?: { name: string; path: string }[] }): Promise<Result<unknown>> => {
    const id = nextId++
    const { result } = await new Promise<{ result: Result<unknown> }>((resolve) => {
      pending.set(id, resolve)
      window.postMessage({ id, ...request })
    })
    return result
  }
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | null> => {
    const result = await post({ method, input })
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`)
    return result.value as MethodOutput<M> | null
  }
  let revision = 0
  /** As the renderer shows the list: the first screen, then the rest in chunks, one after the other. */
  const loadList = async (): Promise<void> => {
    const opened = await call('contacts.open', { sort: 'lastSeen', firstRows: 60 })
    if (!opened) throw new Error('contacts.open answered nothing')
    revision = opened.revision
    for (let offset = 0; offset < opened.total; offset += 5000) {
      const page = await call('contacts.page', { snapshot: opened.snapshot, offset, limit: 5000 })
      if (page?.done) break
    }
  }
  return {
    dataDir: app.dataDir,
    call,
    loadList,
    // As the renderer refreshes: statuses come as events; a changed list is opened again.
    refreshList: async () => {
      const synced = await call('contacts.sync', { revision })
      if (synced?.changed) await loadList()
    },
    // As the renderer previews: the first rows with the answer, then the rest page by page.
    async preview(files) {
      const result = await post({ method: 'import.preview', files })
      if (!result.ok) throw new Error(`import.preview: ${result.error.code}: ${result.error.message}`)
      const { preview, total } = result.value as MethodOutput<'import.preview'>
      for (let from = PREVIEW_PAGE_ROWS; from < total; from += PREVIEW_PAGE_ROWS) await call('import.previewRows', { preview, from })
    },
    async watchStalls() {
      const child = app.core.process
      if (child === null) throw new Error('the core process is not running')
      const main = watchStalls()
      const core = await watchChildStalls(child)
      return {
        async stop() {
          const coreFigures = await core.stop()
          return { core: coreFigures, main: main.stop() }
        },
      }
    },
    async dispose() {
      await window.terminate()
      await app.dispose()
    },
  }
}
