import { join, resolve } from 'node:path'
import type { CoreContext } from '../app/context'
import type { Handlers } from '../router'
import { ExportService } from './export-service'
import { formatWriters } from './writers'

export type ExportHandlers = Pick<Handlers, 'export.status' | 'export.run' | 'export.cancel'>

/**
 * The export.* handlers. On creation it re-arms the "export available" timer from the remembered takeout delay.
 * dispose() cancels a running export and stops the timer.
 */
export function createExportHandlers(ctx: CoreContext): ExportHandlers & { dispose(): Promise<void> } {
  const service = new ExportService(ctx)
  return {
    'export.status': () => service.status(),
    'export.run': ({ formats, includeNotOnTelegram, directory }) => {
      const folder = resolve(directory)
      const targets = [...new Set(formats)].map((format) => ({ format, path: join(folder, formatWriters[format].fileName) }))
      return service.run(targets, includeNotOnTelegram)
    },
    'export.cancel': async () => {
      service.cancel()
      return { ok: true as const }
    },
    dispose: async () => service.dispose(),
  }
}
