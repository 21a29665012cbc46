import { AppError } from '../contract'
import type { CoreContext } from '../app/context'
import type { Handlers } from '../router'

export type ImportHandlers = Pick<
  Handlers,
  'import.preview' | 'import.start' | 'import.status' | 'import.pause' | 'import.resume' | 'import.cancel' | 'import.report'
>

const pending = (): never => {
  throw new AppError({ code: 'INTERNAL', message: 'Import is being wired up.' })
}

/** The import.* handlers. On creation it finds an unfinished job's journal in ctx.dataDir and resumes it. */
export function createImportHandlers(ctx: CoreContext): ImportHandlers {
  void ctx
  return {
    'import.preview': async () => pending(),
    'import.start': async () => pending(),
    'import.status': async () => ({ job: null }),
    'import.pause': async () => ({ job: null }),
    'import.resume': async () => ({ job: null }),
    'import.cancel': async () => ({ job: null }),
    'import.report': async () => ({ report: null, csv: null }),
  }
}
