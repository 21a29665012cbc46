import { isAppUrl } from './app-protocol'

/** The part of Electron's WebFrameMain the sender check needs (kept structural so it runs under Node). */
export interface SenderFrame {
  readonly url: string
  readonly parent: unknown
}

/** Only the app's own top-level document may reach the core: app://bundle, main frame (no parent). */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url)
}
