import { AppError } from '../contract'
import type { CoreContext } from '../app/context'
import type { Handlers } from '../router'

export type CleanupHandlers = Pick<
  Handlers,
  'cleanup.savedCount' | 'cleanup.resetSaved' | 'cleanup.previewDeleteByPhones' | 'cleanup.deleteByPhones'
>

const pending = (): never => {
  throw new AppError({ code: 'INTERNAL', message: 'Clean-up is being wired up.' })
}

/** The cleanup.* handlers: saved count, reset saved contacts, delete by phone numbers. */
export function createCleanupHandlers(ctx: CoreContext): CleanupHandlers {
  void ctx
  return {
    'cleanup.savedCount': async () => pending(),
    'cleanup.resetSaved': async () => pending(),
    'cleanup.previewDeleteByPhones': async () => pending(),
    'cleanup.deleteByPhones': async () => pending(),
  }
}
