import { Notification, dialog, shell, type BrowserWindow, type OpenDialogOptions } from 'electron'
import type { Platform } from '../core/app/platform'

/** The Platform in the Electron shell: native folder picker, file manager, OS browser, notifications. */
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
    async openExternal(url) {
      await shell.openExternal(url)
    },
    notify(title, body) {
      if (Notification.isSupported()) new Notification({ title, body }).show()
    },
  }
}
