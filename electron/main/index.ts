import { join } from 'node:path'
import { BrowserWindow, app, dialog } from 'electron'
import { createCore, type Core } from '../core/app/create-core'
import { launchMode } from '../core/app/launch-mode'
import { createKeytarStore } from '../core/secrets/keytar-store'
import { createMemoryStore } from '../core/secrets/memory-store'
import { registerAppScheme, serveAppFrom } from './app-protocol'
import { createElectronPlatform } from './electron-platform'
import { lockDownAllWebContents, lockDownPermissions } from './hardening'
import { bindIpc } from './ipc'
import { installMenu } from './menu'
import { bundledPaths, createMainWindow } from './window'

// Both must happen before `ready`: every renderer sandboxed, and app:// known as a secure scheme.
app.enableSandbox()
registerAppScheme()

let mainWindow: BrowserWindow | null = null
let core: Core | null = null

function showWindow(): void {
  if (mainWindow === null || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow(bundledPaths.preload)
    mainWindow.on('closed', () => (mainWindow = null))
    return
  }
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.focus()
}

async function start(): Promise<void> {
  // Windows shows notifications only for an app with an AppUserModelID (the appId of electron-builder.yml).
  if (process.platform === 'win32') app.setAppUserModelId('org.tgcontacts.app')
  lockDownAllWebContents()
  lockDownPermissions()
  installMenu({ devTools: !app.isPackaged })

  const mode = launchMode(process.env, app.isPackaged, join(app.getPath('userData'), 'data'))
  serveAppFrom(bundledPaths.renderer, mode.dataDir)
  core = await createCore({
    secrets: mode.demo ? createMemoryStore() : createKeytarStore(),
    platform: createElectronPlatform(() => mainWindow),
    dataDir: mode.dataDir,
    demo: mode.demo,
    identity: { name: app.getName(), version: app.getVersion() },
    // Env seams (emulator endpoint, test session) only in development: nothing in a user's environment may redirect their session.
    allowEnvSeams: !app.isPackaged,
    checkOutputs: !app.isPackaged,
    onUnexpectedError: (method, error) => console.error(`[core] ${method} failed unexpectedly:`, error),
  })
  bindIpc(core.router, core.events)
  showWindow()
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // A second launch focuses the existing window (once the core is up; until then the first launch opens it).
  app.on('second-instance', () => {
    if (core !== null) showWindow()
  })
  app.on('activate', () => {
    if (core !== null && BrowserWindow.getAllWindows().length === 0) showWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let disposing = false
  app.on('before-quit', (event) => {
    if (core === null || disposing) return
    // Let the core close Telegram cleanly (and flush journals) before the process goes.
    event.preventDefault()
    disposing = true
    void core.dispose().finally(() => {
      core = null
      app.quit()
    })
  })
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('TG Contacts could not start', error instanceof Error ? error.message : String(error))
      app.exit(1)
    })
}
