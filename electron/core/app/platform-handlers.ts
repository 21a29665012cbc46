import { stat } from 'node:fs/promises'
import { isAbsolute } from 'node:path'
import { AppError, chatLinks } from '../contract'
import type { Handlers } from '../router'
import { allowedExternalUrl } from './external-links'
import type { Platform } from './platform'

export type PlatformMethod = 'app.info' | 'dialog.chooseDirectory' | 'shell.showInFolder' | 'shell.openExternal' | 'shell.openChat'

export interface AppIdentity {
  readonly name: string
  readonly version: string
  /** Signed in to the emulator's seeded world (Try the demo, npm run demo). */
  readonly demo: boolean
  /** The shell can switch this core to the demo and back (demo.start / demo.stop). */
  readonly demoSwitch: boolean
}

/** The handlers for the shell-facing methods, over whichever Platform the app runs on. */
/** Opens a link that passed the allow-list; false when the OS has nothing that opens it (no app for tg:, no browser). */
async function openAllowed(platform: Platform, raw: string): Promise<boolean> {
  const allowed = allowedExternalUrl(raw)
  if (allowed === null) return false
  try {
    await platform.openExternal(allowed)
    return true
  } catch {
    return false
  }
}

export function createPlatformHandlers(platform: Platform, identity: AppIdentity): Pick<Handlers, PlatformMethod> {
  return {
    async 'app.info'() {
      return {
        name: identity.name,
        version: identity.version,
        platform: process.platform,
        shell: platform.shell,
        nativeDialogs: platform.shell === 'electron',
        demo: identity.demo,
        demoSwitch: identity.demoSwitch,
      }
    },

    async 'dialog.chooseDirectory'({ title }) {
      return { path: await platform.chooseDirectory(title) }
    },

    async 'shell.showInFolder'({ path }) {
      if (!isAbsolute(path)) {
        throw new AppError({
          code: 'INVALID_INPUT',
          message: 'Only a full path can be shown in the folder.',
          issues: [{ path: 'path', message: 'an absolute path' }],
        })
      }
      try {
        await stat(path)
      } catch {
        throw new AppError({ code: 'NOT_FOUND', message: 'That file is no longer there.' })
      }
      await platform.showInFolder(path)
      return { ok: true as const }
    },

    async 'shell.openExternal'({ url }) {
      const allowed = allowedExternalUrl(url)
      if (allowed === null) {
        throw new AppError({ code: 'FORBIDDEN', message: 'Only Telegram links (t.me, telegram.org, tg:) open from the app.' })
      }
      await platform.openExternal(allowed)
      return { ok: true as const }
    },

    async 'shell.openChat'(target) {
      const links = chatLinks(target)
      if (links === null) {
        throw new AppError({ code: 'INVALID_INPUT', message: 'This person has neither a username nor a phone number to message them by.' })
      }
      if (await openAllowed(platform, links.app)) return { opened: 'app' as const }
      if (await openAllowed(platform, links.web)) return { opened: 'web' as const }
      throw new AppError({
        code: 'NOT_FOUND',
        message: 'Nothing on this computer opens Telegram links. Install Telegram Desktop from telegram.org, or open t.me in a browser.',
      })
    },
  }
}
