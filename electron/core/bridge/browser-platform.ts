import type { Platform } from '../app/platform'

/** What a browser-shell Platform was asked to do, for tests to assert on (a browser cannot do it natively). */
export interface BrowserPlatformLog {
  readonly openedExternal: string[]
  readonly shownInFolder: string[]
  readonly notifications: { title: string; body: string }[]
}

export type BrowserPlatform = Platform & { readonly log: BrowserPlatformLog }

/**
 * The Platform behind the browser bridge: no native dialogs (the UI shows a path field instead),
 * no file manager, no OS notifications. Requests are recorded so e2e tests can see them.
 */
export function createBrowserPlatform(): BrowserPlatform {
  const log: BrowserPlatformLog = { openedExternal: [], shownInFolder: [], notifications: [] }
  return {
    shell: 'browser',
    log,
    async chooseDirectory() {
      return null
    },
    async showInFolder(path) {
      log.shownInFolder.push(path)
    },
    async openExternal(url) {
      log.openedExternal.push(url)
    },
    notify(title, body) {
      log.notifications.push({ title, body })
    },
  }
}
