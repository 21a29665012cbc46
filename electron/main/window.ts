import { join } from 'node:path'
import { BrowserWindow, nativeTheme } from 'electron'
import { APP_ENTRY_URL } from '../core/app/app-protocol'

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'TG Contacts',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#17212b' : '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Dropping contact files onto the window must reach the page, not navigate to the file.
      navigateOnDragDrop: false,
    },
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(APP_ENTRY_URL)
  return window
}

export const bundledPaths = {
  preload: join(import.meta.dirname, '../preload/index.cjs'),
  /** The core's own process (electron/core/host), next to this bundle. */
  coreHost: join(import.meta.dirname, 'core-host.js'),
  renderer: join(import.meta.dirname, '../renderer'),
}
