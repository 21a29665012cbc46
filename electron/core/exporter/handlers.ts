import { access } from 'node:fs/promises'
import { basename, isAbsolute, join } from 'node:path'
import type { CoreContext } from '../app/context'
import { AppError } from '../contract'
import type { Handlers } from '../router'
import { newDownloadFolder } from './downloads'
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
    'export.run': async ({ formats, includeNotOnTelegram, directory, download, overwrite = false }) => {
      const unique = [...new Set(formats)]
      if (download) {
        await service.remember({ formats: unique, includeNotOnTelegram, directory: '', download: true })
        const folder = await newDownloadFolder(ctx.dataDir)
        const result = await service.run(unique.map((format) => ({ format, path: join(folder.directory, formatWriters[format].fileName) })), includeNotOnTelegram)
        return { ...result, files: result.files.map((file) => ({ ...file, url: folder.urlOf(basename(file.path)) })) }
      }
      // The contract gives a folder whenever it gives no download.
      const target = directory!
      // A relative folder would be resolved against the core's working folder, which no person chose (in browser
      // mode: the source checkout).
      if (!isAbsolute(target)) {
        throw new AppError({ code: 'INVALID_INPUT', message: `Export needs the full path of a folder (like /home/you/Documents), not "${target}".` })
      }
      await service.remember({ formats: unique, includeNotOnTelegram, directory: target, download: false })
      const targets = unique.map((format) => ({ format, path: join(target, formatWriters[format].fileName) }))
      // An earlier export (or anyone's file of that name) is replaced only when the person said so.
      const existing = overwrite ? [] : (await Promise.all(targets.map(async (t) => ((await exists(t.path)) ? basename(t.path) : null)))).filter((n) => n !== null)
      if (existing.length > 0) {
        const are = existing.length === 1 ? 'is' : 'are'
        throw new AppError({ code: 'EXISTS', message: `${new Intl.ListFormat('en', { type: 'conjunction' }).format(existing)} ${are} already in ${target}.`, files: existing })
      }
      return service.run(targets, includeNotOnTelegram)
    },
    'export.cancel': async () => {
      service.cancel()
      return { ok: true as const }
    },
    dispose: async () => service.dispose(),
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
