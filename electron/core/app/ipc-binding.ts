import type { Result } from '../contract'
import type { Router } from '../router'
import { isAppUrl } from './app-protocol'

/** The part of Electron's WebFrameMain the sender check needs (kept structural so it runs under Node). */
export interface SenderFrame {
  readonly url: string
  readonly parent: unknown
}

/** Only the app's own top-level document may call the core: app://bundle, main frame (no parent). */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url)
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** What main's ipcMain.handle does with one invoke: check the sender, check the envelope, dispatch. */
export async function handleInvoke(router: Router, frame: SenderFrame | null | undefined, payload: unknown): Promise<Result<unknown>> {
  if (!isTrustedSender(frame)) {
    return { ok: false, error: { code: 'FORBIDDEN', message: 'Only the app window may call the app.' } }
  }
  if (!isRecord(payload) || typeof payload.method !== 'string') {
    return {
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'The request was not valid.',
        issues: [{ path: 'method', message: 'a request is {method, input}' }],
      },
    }
  }
  return router.dispatch(payload.method, payload.input)
}
