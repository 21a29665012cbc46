/**
 * The core as the stall benchmark drives it: the calls the renderer makes to show and refresh the list, and the
 * stall watches of the core's event loop and of the main process's.
 */

import type { MethodInput, MethodName, MethodOutput } from '../../electron/core/contract'
import { openCore, type EmulatorAddress } from './core'
import { watchStalls, type StallFigures } from './stall'
import type { BenchContext } from './types'

/** Where the core runs in this build: in the main process itself, so both watches see the same loop. */
export const CORE_RUNS_IN = 'in the main process'

export interface MeasuredCore {
  readonly dataDir: string
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>
  /** What the renderer calls to show the list. */
  loadList(): Promise<void>
  /** What the renderer calls to refresh it from Telegram. */
  refreshList(): Promise<void>
  watchStalls(): Promise<{ stop(): Promise<{ core: StallFigures; main: StallFigures }> }>
  dispose(): Promise<void>
}

export async function openMeasuredCore(_ctx: BenchContext, address: EmulatorAddress, options: { dataDir?: string } = {}): Promise<MeasuredCore> {
  const app = await openCore(address, options)
  return {
    dataDir: app.dataDir,
    call: app.call,
    loadList: async () => void (await app.call('contacts.list', {})),
    refreshList: async () => void (await app.call('contacts.refresh', {})),
    async watchStalls() {
      const watch = watchStalls()
      return {
        async stop() {
          const figures = watch.stop()
          return { core: figures, main: figures }
        },
      }
    },
    dispose: () => app.dispose(),
  }
}
