import type { CoreContext } from '../app/context'
import { AppError } from '../contract'
import { regionOfPhone } from '../phones'
import type { Handlers } from '../router'
import { ImportService, type ImportServiceOptions } from './job/import-service'
import { PreviewSession } from './preview-session'

export type ImportHandlers = Pick<
  Handlers,
  'import.preview' | 'import.upload' | 'import.previewRows' | 'import.start' | 'import.status' | 'import.pause' | 'import.resume' | 'import.cancel' | 'import.report'
>

/**
 * The import.* handlers. On creation it finds an unfinished job's journal in ctx.dataDir and resumes it.
 * dispose() stops the running job without ending it (the journal resumes it next time).
 */
export function createImportHandlers(ctx: CoreContext, options: ImportServiceOptions = {}): ImportHandlers & { dispose(): Promise<void> } {
  const service = new ImportService(ctx, options)
  const previews = new PreviewSession()
  return {
    'import.preview': async (input) => {
      const contacts = await ctx.contacts.current().catch((error: unknown) => {
        // A preview works signed out too; it then cannot say who is already a contact.
        if (error instanceof AppError && error.code === 'NOT_AUTHORIZED') return []
        throw error
      })
      const ownPhone = ctx.telegram.self()?.phone ?? null
      const saved = new Map<string, string>()
      for (const [digits, entry] of await ctx.savedNumbers.byDigits()) saved.set(digits, [entry.firstName, entry.lastName].filter(Boolean).join(' '))
      return previews.preview(input, { contacts, region: regionOfPhone(ownPhone), known: { ownPhone, saved } })
    },
    'import.upload': async (input) => previews.upload(input),
    'import.previewRows': async ({ preview, from }) => ({ rows: previews.rows(preview, from) }),
    'import.start': async ({ contacts }) => service.start(contacts),
    'import.status': async () => ({ job: await service.status() }),
    'import.pause': async () => ({ job: await service.pause() }),
    'import.resume': async () => ({ job: await service.resume() }),
    'import.cancel': async () => ({ job: await service.cancel() }),
    'import.report': async () => service.report(),
    dispose: () => {
      previews.dispose()
      return service.dispose()
    },
  }
}
