import type { Platform } from '../app/platform'
import type { PlatformRequest } from './protocol'

/**
 * The Platform inside the core host: every native operation (folder picker, file manager, OS browser, notification)
 * is asked of the parent, which owns the window. A Platform method added later fails to compile here until it
 * crosses too.
 */
export function createRemotePlatform(shell: Platform['shell'], ask: (request: PlatformRequest) => Promise<unknown>): Platform {
  return {
    shell,
    chooseDirectory: async (title) => (await ask({ op: 'chooseDirectory', args: [title] })) as string | null,
    showInFolder: async (path) => void (await ask({ op: 'showInFolder', args: [path] })),
    openExternal: async (url) => void (await ask({ op: 'openExternal', args: [url] })),
    // Fire and forget, as on the Platform itself: a notification that could not show changes nothing.
    notify: (title, body) => void ask({ op: 'notify', args: [title, body] }).catch(() => undefined),
  }
}

/** The parent's side: runs one request on its own Platform. */
export async function runPlatformRequest(platform: Platform, request: PlatformRequest): Promise<unknown> {
  switch (request.op) {
    case 'chooseDirectory':
      return platform.chooseDirectory(...request.args)
    case 'showInFolder':
      return platform.showInFolder(...request.args)
    case 'openExternal':
      return platform.openExternal(...request.args)
    case 'notify':
      return platform.notify(...request.args)
  }
}
