import { join } from 'node:path'
import { BrowserWindow, app, dialog } from 'electron'
import { launchMode } from '../core/app/launch-mode'
import { DemoSwitch } from '../core/demo/demo-switch'
import type { HostConfig } from '../core/host/protocol'
import type { CoreSupervisor } from '../core/host/supervisor'
import { registerAppScheme, serveAppFrom } from './app-protocol'
import { startCoreProcess } from './core-process'
import { createElectronPlatform } from './electron-platform'
import { lockDownAllWebContents, lockDownPermissions } from './hardening'
import { bindWindowsToCore } from './ipc'
import { installMenu } from './menu'
import { retryConnectionOnResume } from './power'
import { bundledPaths, createMainWindow } from './window'

// Both must happen before `ready`: every renderer sandboxed, and app:// known as a secure scheme.
app.enableSandbox()
registerAppScheme()

let mainWindow: BrowserWindow | null = null
/** The core's process (GramJS, importer, exporter, caches, the keychain): main never holds any of it. */
let core: CoreSupervisor | null = null
/** "Try the demo" / "Back to sign-in": which core runs, and the demo's temp data folder. */
let demo: DemoSwitch | null = null

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
  const account: HostConfig = {
    dataDir: mode.dataDir,
    shell: 'electron',
    secrets: mode.demo ? { kind: 'memory' } : { kind: 'keychain' },
    demo: mode.demo,
    identity: { name: app.getName(), version: app.getVersion() },
    // Env seams (emulator endpoint, test session) only in development: nothing in a user's environment may redirect their session.
    allowEnvSeams: !app.isPackaged,
    checkOutputs: !app.isPackaged,
  }
  // The demo is its own core, named here (memory secrets, a temp folder, the emulator inside it), never through the
  // env seams; `npm run demo` driving an unpacked app through those seams has nothing to switch back to.
  demo = mode.demo ? null : new DemoSwitch({ account, onFailed: (to, error) => console.error(`[core] could not switch to the ${to}: ${error.message}`) })
  serveAppFrom(bundledPaths.renderer, () => demo?.dataDir ?? mode.dataDir)
  core = startCoreProcess({
    entry: bundledPaths.coreHost,
    config: demo ? await demo.initial('account') : account,
    platform: createElectronPlatform(() => mainWindow),
    onState: (state) => {
      if (state === 'restarting') console.error("[core] TG Contacts' background process stopped; restarting it")
      if (state === 'stopped' && !quitting) console.error("[core] TG Contacts' background process keeps stopping; it was not restarted")
    },
    onUnexpected: (error) => console.error(`[core] ${error.method} failed unexpectedly: ${error.stack ?? error.message}`),
  })
  demo?.attach(core)
  bindWindowsToCore(core, () => BrowserWindow.getAllWindows())
  retryConnectionOnResume(core)
  // The window opens at once; its calls wait in the preload until the core is up.
  showWindow()
  await core.start()
}

let quitting = false

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
  app.on('before-quit', (event) => {
    if (core === null) return
    // The core first commits what is pending (deletes in their undo window, journals, the cache) and closes
    // Telegram; the app quits once it has (or after the supervisor's timeout).
    event.preventDefault()
    if (quitting) return
    quitting = true
    void core
      .dispose()
      .then(() => demo?.dispose())
      .finally(() => {
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
