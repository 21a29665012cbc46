import { Notification, dialog, shell, type BrowserWindow, type OpenDialogOptions } from 'electron'
import { allowedExternalUrl } from '../core/app/external-links'
import type { Platform } from '../core/app/platform'

/** The Platform in the Electron shell: native folder picker, file manager, OS browser, notifications; the core process asks main for them. */
export function createElectronPlatform(currentWindow: () => BrowserWindow | null): Platform {
  return {
    shell: 'electron',
    async chooseDirectory(title) {
      const options: OpenDialogOptions = { title, properties: ['openDirectory', 'createDirectory'] }
      const window = currentWindow()
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async showInFolder(path) {
      shell.showItemInFolder(path)
    },
    async openExternal(raw) {
      // The core checked the link already; main checks again, as it does for links the page opens.
      const url = allowedExternalUrl(raw)
      if (url === null) throw new Error('Only Telegram links open from the app.')
      await shell.openExternal(url)
    },
    notify(title, body) {
      if (Notification.isSupported()) new Notification({ title, body }).show()
    },
  }
}
