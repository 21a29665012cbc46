import { beforeAll, describe, expect, it, vi } from 'vitest'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../electron/core/app/ipc-channels'

/**
 * electron/main wired against a fake 'electron' (the binary is not needed, and not downloadable here):
 * the order of pre-ready calls, the window's webPreferences, and the handlers main registers.
 */
type Listener = (...args: unknown[]) => unknown

const fake = vi.hoisted(() => {
  const calls: string[] = []
  const appListeners = new Map<string, Listener[]>()
  let markReady: () => void = () => undefined
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  const windows: { options: Record<string, unknown>; webContents: { send: ReturnType<typeof vi.fn> }; loadedUrls: string[] }[] = []
  const state = {
    protocolHandler: null as null | ((request: Request) => Promise<Response>),
    privileges: [] as unknown[],
    permissionRequest: null as null | Listener,
    permissionCheck: null as null | Listener,
    ipcHandler: null as null | Listener,
    ipcChannel: '',
    openedExternal: [] as string[],
    menu: null as unknown,
    aboutPanel: null as null | Record<string, unknown>,
  }
  class BrowserWindow {
    options: Record<string, unknown>
    webContents = { send: vi.fn() }
    // A plain record, not a vi.fn: vitest clears mock calls before each test, and the window opens in beforeAll.
    loadedUrls: string[] = []
    async loadURL(url: string) {
      this.loadedUrls.push(url)
    }
    constructor(options: Record<string, unknown>) {
      calls.push('new BrowserWindow')
      this.options = options
      windows.push(this)
    }
    static getAllWindows() {
      return windows
    }
    once() {}
    on() {}
    isDestroyed() {
      return false
    }
    isMinimized() {
      return false
    }
    restore() {}
    focus() {}
  }
  const electron = {
    app: {
      isPackaged: true,
      enableSandbox: () => calls.push('enableSandbox'),
      requestSingleInstanceLock: () => (calls.push('requestSingleInstanceLock'), true),
      on: (event: string, listener: Listener) => appListeners.set(event, [...(appListeners.get(event) ?? []), listener]),
      whenReady: () => (calls.push('whenReady'), ready),
      getPath: () => '/tmp/tg-contacts-test-user-data',
      getName: () => 'TG Contacts',
      getVersion: () => '0.1.0',
      setAboutPanelOptions: (options: Record<string, unknown>) => (state.aboutPanel = options),
      quit: vi.fn(),
      exit: vi.fn(),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        calls.push('registerSchemesAsPrivileged')
        state.privileges = schemes
      },
      handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => (state.protocolHandler = handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => (state.permissionRequest = handler),
        setPermissionCheckHandler: (handler: Listener) => (state.permissionCheck = handler),
        setDevicePermissionHandler: () => undefined,
      },
    },
    ipcMain: {
      handle: (channel: string, handler: Listener) => {
        state.ipcChannel = channel
        state.ipcHandler = handler
      },
      removeHandler: () => undefined,
    },
    shell: { openExternal: async (url: string) => void state.openedExternal.push(url), showItemInFolder: () => undefined },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => {
        calls.push('setApplicationMenu')
        state.menu = menu
      },
    },
    dialog: { showOpenDialog: vi.fn(), showErrorBox: vi.fn() },
    Notification: class {
      static isSupported() {
        return false
      }
    },
    nativeTheme: { shouldUseDarkColors: false },
    BrowserWindow,
  }
  return { calls, appListeners, markReady, windows, state, electron }
})

vi.mock('electron', () => fake.electron)

const core = vi.hoisted(() => ({ options: null as null | Record<string, unknown> }))
vi.mock('../../../electron/core/app/create-core', async () => {
  const { createRouter, EventBus } = await import('../../../electron/core/router')
  const { methodNames } = await import('@contract')
  const events = new EventBus()
  const handlers = Object.fromEntries(methodNames.map((name) => [name, async () => ({ state: 'signedOut' })]))
  return {
    createCore: async (options: Record<string, unknown>) => {
      core.options = options
      return { router: createRouter(handlers as never), events, dispose: async () => undefined }
    },
  }
})

const app = (event: string) => fake.appListeners.get(event)?.[0]

function fakeContents() {
  const listeners = new Map<string, Listener>()
  let openHandler: Listener = () => undefined
  return {
    on: (event: string, listener: Listener) => listeners.set(event, listener),
    setWindowOpenHandler: (handler: Listener) => (openHandler = handler),
    fire(event: string, url: string): boolean {
      let prevented = false
      listeners.get(event)?.({ url, preventDefault: () => (prevented = true) })
      return prevented
    },
    open: (url: string) => openHandler({ url }),
  }
}

beforeAll(async () => {
  await import('../../../electron/main/index')
  expect(fake.windows).toHaveLength(0)
  fake.markReady()
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1))
})

describe('the Electron main process', () => {
  it('enables the sandbox, registers app:// and takes the single-instance lock before ready', () => {
    const beforeReady = fake.calls.slice(0, fake.calls.indexOf('whenReady'))
    expect(beforeReady).toEqual(['enableSandbox', 'registerSchemesAsPrivileged', 'requestSingleInstanceLock'])
    expect(fake.state.privileges).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
    ])
    expect(app('second-instance')).toBeTypeOf('function')
  })

  it('opens one window with the locked-down webPreferences on app://bundle', () => {
    const [window] = fake.windows
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
    })
    expect(String((window?.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/)
    expect(window?.loadedUrls).toEqual(['app://bundle/index.html'])
  })

  it("says in About that the app is unofficial and uses the Telegram API (Telegram's API terms), from the Help menu", () => {
    expect(fake.state.aboutPanel).toMatchObject({ applicationName: 'TG Contacts', applicationVersion: '0.1.0' })
    expect(String(fake.state.aboutPanel?.credits)).toMatch(/unofficial.*Telegram API/i)
    const help = (fake.state.menu as { role?: string; submenu?: { role?: string }[] }[]).find((item) => item.role === 'help')
    if (process.platform !== 'darwin') expect(help?.submenu?.map((item) => item.role)).toContain('about')
  })

  it('gives the packaged app no env seams and keeps secrets in the keychain store', () => {
    expect(core.options).toMatchObject({ allowEnvSeams: false, identity: { name: 'TG Contacts', version: '0.1.0' } })
    expect(core.options?.secrets).toBeDefined()
  })

  it('denies every permission request and check but clipboard writes from the app page', () => {
    const answers: unknown[] = []
    fake.state.permissionRequest?.({}, 'media', (allowed: boolean) => answers.push(allowed), { requestingUrl: 'app://bundle/index.html' })
    fake.state.permissionRequest?.({}, 'clipboard-read', (allowed: boolean) => answers.push(allowed), { requestingUrl: 'app://bundle/index.html' })
    fake.state.permissionRequest?.({}, 'clipboard-sanitized-write', (allowed: boolean) => answers.push(allowed), { requestingUrl: 'app://bundle/index.html' })
    fake.state.permissionRequest?.({}, 'clipboard-sanitized-write', (allowed: boolean) => answers.push(allowed), { requestingUrl: 'https://evil.example/' })
    expect(answers).toEqual([false, false, true, false])
    expect(fake.state.permissionCheck?.({}, 'notifications', 'app://bundle', {})).toBe(false)
    expect(fake.state.permissionCheck?.({}, 'clipboard-sanitized-write', 'app://bundle', {})).toBe(true)
  })

  it('keeps every web contents on the app origin and sends only allow-listed links to the OS browser', () => {
    const contents = fakeContents()
    app('web-contents-created')?.({}, contents)
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true)
    expect(contents.fire('will-navigate', 'app://bundle/index.html#/import')).toBe(false)
    expect(contents.fire('will-frame-navigate', 'https://t.me/durov')).toBe(true)
    expect(contents.fire('will-redirect', 'http://127.0.0.1:9/')).toBe(true)
    expect(contents.fire('will-attach-webview', 'app://bundle/')).toBe(true)
    expect(contents.open('https://t.me/durov')).toEqual({ action: 'deny' })
    expect(contents.open('https://evil.example/')).toEqual({ action: 'deny' })
    expect(fake.state.openedExternal).toEqual(['https://t.me/durov'])
  })

  it('serves the renderer over app:// with the CSP, and nothing outside it', async () => {
    const handler = fake.state.protocolHandler
    expect(handler).not.toBeNull()
    const outside = await handler?.(new Request('app://bundle/..%2f..%2fpackage.json'))
    expect(outside?.status).toBe(404)
    expect(outside?.headers.get('content-security-policy')).toContain("default-src 'none'")
    const otherHost = await handler?.(new Request('app://elsewhere/index.html'))
    expect(otherHost?.status).toBe(404)
  })

  it('answers IPC only from the main frame, and forwards core events to the window', async () => {
    expect(fake.state.ipcChannel).toBe(IPC_INVOKE_CHANNEL)
    const call = { method: 'auth.status', input: {} }
    const fromMain = await fake.state.ipcHandler?.({ senderFrame: { url: 'app://bundle/index.html', parent: null } }, call)
    expect(fromMain).toEqual({ ok: true, value: { state: 'signedOut' } })
    const fromSubframe = await fake.state.ipcHandler?.({ senderFrame: { url: 'app://bundle/index.html', parent: {} } }, call)
    expect(fromSubframe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const detached = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      },
    }
    expect(await fake.state.ipcHandler?.(detached, call)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    const { createCore } = await import('../../../electron/core/app/create-core')
    const { events } = await createCore({} as never)
    events.emit('requests.changed', { count: 3 })
    expect(fake.windows[0]?.webContents.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, { event: 'requests.changed', payload: { count: 3 } })
  })
})
