import { isAbsolute, join } from 'node:path'
import type { CoreContext } from '../app/context'
import { AppError } from '../contract'
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
      // A relative folder would be resolved against the core's working folder, which no person chose (in browser
      // mode: the source checkout).
      if (!isAbsolute(directory)) {
        throw new AppError({ code: 'INVALID_INPUT', message: `Export needs the full path of a folder (like /home/you/Documents), not "${directory}".` })
      }
      const targets = [...new Set(formats)].map((format) => ({ format, path: join(directory, formatWriters[format].fileName) }))
      return service.run(targets, includeNotOnTelegram)
    },
    'export.cancel': async () => {
      service.cancel()
      return { ok: true as const }
    },
    dispose: async () => service.dispose(),
  }
}
