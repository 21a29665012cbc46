import type { CoreContext } from '../app/context'
import { AppError } from '../contract'
import { regionOfPhone } from '../phones'
import type { Handlers } from '../router'
import { ImportService, type ImportServiceOptions } from './job/import-service'
import { previewOffThread } from './job/preview-off-thread'

export type ImportHandlers = Pick<
  Handlers,
  'import.preview' | 'import.start' | 'import.status' | 'import.pause' | 'import.resume' | 'import.cancel' | 'import.report'
>

/**
 * The import.* handlers. On creation it finds an unfinished job's journal in ctx.dataDir and resumes it.
 * dispose() stops the running job without ending it (the journal resumes it next time).
 */
export function createImportHandlers(ctx: CoreContext, options: ImportServiceOptions = {}): ImportHandlers & { dispose(): Promise<void> } {
  const service = new ImportService(ctx, options)
  return {
    'import.preview': async ({ files }) => {
      const decoded = files.map((f) => ({ name: f.name, bytes: decodeBase64(f.base64, f.name) }))
      const contacts = await ctx.contacts.current().catch((error: unknown) => {
        // A preview works signed out too; it then cannot say who is already a contact.
        if (error instanceof AppError && error.code === 'NOT_AUTHORIZED') return []
        throw error
      })
      const ownPhone = ctx.telegram.self()?.phone ?? null
      const saved = new Map<string, string>()
      for (const [digits, entry] of await ctx.savedNumbers.byDigits()) saved.set(digits, [entry.firstName, entry.lastName].filter(Boolean).join(' '))
      return previewOffThread({ files: decoded, contacts, region: regionOfPhone(ownPhone), known: { ownPhone, saved } })
    },
    'import.start': async ({ contacts }) => service.start(contacts),
    'import.status': async () => ({ job: await service.status() }),
    'import.pause': async () => ({ job: await service.pause() }),
    'import.resume': async () => ({ job: await service.resume() }),
    'import.cancel': async () => ({ job: await service.cancel() }),
    'import.report': async () => service.report(),
    dispose: () => service.dispose(),
  }
}

function decodeBase64(text: string, name: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
    throw new AppError({ code: 'INVALID_INPUT', message: `The file "${name.slice(0, 200)}" did not arrive intact. Drop it again.` })
  }
  return Buffer.from(text, 'base64')
}
