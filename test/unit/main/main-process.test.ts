import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { IPC_CONNECT_CHANNEL, IPC_CORE_STATE_CHANNEL, IPC_PORT_CHANNEL } from '../../../electron/core/app/ipc-channels'

/**
 * electron/main wired against a fake 'electron' (the binary is not needed, and not downloadable here):
 * the order of pre-ready calls, the window's webPreferences, the handlers main registers, and the core's utility
 * process (played here by the test: it answers init with ready, as electron/core/host does).
 */
type Listener = (...args: unknown[]) => unknown

const fake = vi.hoisted(() => {
  const calls: string[] = []
  const appListeners = new Map<string, Listener[]>()
  const powerListeners = new Map<string, Listener[]>()
  let markReady: () => void = () => undefined
  const ready = new Promise<void>((resolve) => (markReady = resolve))
  type Frame = { url: string; parent: unknown; posted: unknown[][]; sent: unknown[][]; postMessage(...args: unknown[]): void; send(...args: unknown[]): void }
  const frame = (url: string, parent: unknown = null): Frame => {
    const f: Frame = {
      url,
      parent,
      posted: [],
      sent: [],
      postMessage: (...args) => void f.posted.push(args),
      send: (...args) => void f.sent.push(args),
    }
    return f
  }
  const windows: { options: Record<string, unknown>; webContents: { mainFrame: Frame }; loadedUrls: string[] }[] = []
  /** The core's utility processes, in the order main forked them. */
  class UtilityProcess {
    readonly received: { message: unknown; transfer: unknown[] }[] = []
    private readonly listeners = new Map<string, Listener[]>()
    killed = false
    constructor(
      readonly entry: string,
      readonly options: Record<string, unknown>,
    ) {}
    postMessage(message: { type?: string }, transfer: unknown[] = []) {
      this.received.push({ message, transfer })
      // The host's side: ready after init; gone after dispose (once the test lets it go).
      if (message.type === 'init') queueMicrotask(() => this.emit('message', { type: 'ready', bridge: null }))
    }
    on(event: string, listener: Listener) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
      return this
    }
    once(event: string, listener: Listener) {
      return this.on(event, listener)
    }
    emit(event: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(event) ?? []) listener(...args)
    }
    kill() {
      this.killed = true
      this.emit('exit', null)
      return true
    }
  }
  const utilities: UtilityProcess[] = []
  let channels = 0
  class MessageChannelMain {
    readonly port1: { end: string; channel: number }
    readonly port2: { end: string; channel: number }
    constructor() {
      channels++
      this.port1 = { end: 'page', channel: channels }
      this.port2 = { end: 'core', channel: channels }
    }
  }
  const ipcListeners = new Map<string, Listener[]>()
  const state = {
    protocolHandler: null as null | ((request: Request) => Promise<Response>),
    privileges: [] as unknown[],
    permissionRequest: null as null | Listener,
    permissionCheck: null as null | Listener,
    openedExternal: [] as string[],
    menu: null as unknown,
    aboutPanel: null as null | Record<string, unknown>,
  }
  class BrowserWindow {
    options: Record<string, unknown>
    webContents = { mainFrame: frame('app://bundle/index.html') }
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
      on: (channel: string, listener: Listener) => ipcListeners.set(channel, [...(ipcListeners.get(channel) ?? []), listener]),
      removeListener: () => undefined,
    },
    utilityProcess: {
      fork: (entry: string, _args: string[], options: Record<string, unknown>) => {
        const child = new UtilityProcess(entry, options)
        utilities.push(child)
        return child
      },
    },
    MessageChannelMain,
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
    powerMonitor: { on: (event: string, listener: Listener) => powerListeners.set(event, [...(powerListeners.get(event) ?? []), listener]) },
    BrowserWindow,
  }
  return { calls, appListeners, powerListeners, markReady, windows, state, electron, utilities, ipcListeners, frame }
})

vi.mock('electron', () => fake.electron)

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
  await vi.waitFor(() => expect(fake.utilities[0]?.received.length).toBeGreaterThan(0))
})

const core = () => fake.utilities.at(-1)!
const initConfig = (child = core()) => (child.received[0]?.message as { type: string; config: Record<string, unknown> }).config
const connectRequest = (senderFrame: unknown) => {
  for (const listener of fake.ipcListeners.get(IPC_CONNECT_CHANNEL) ?? []) listener({ senderFrame })
}
const settle = () => new Promise((r) => setTimeout(r, 0))

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

  it('asks the core to check its Telegram connection when the computer wakes from sleep', async () => {
    const calls = () => core().received.map((r) => r.message as { type?: string; request?: { method: string } }).filter((m) => m.type === 'call')
    const before = calls().length
    for (const listener of fake.powerListeners.get('resume') ?? []) listener()
    await vi.waitFor(() => expect(calls().slice(before).map((m) => m.request?.method)).toEqual(['connection.retry']))
  })

  it("says in About that the app is unofficial and uses the Telegram API (Telegram's API terms), from the Help menu", () => {
    expect(fake.state.aboutPanel).toMatchObject({ applicationName: 'TG Contacts', applicationVersion: '0.1.0' })
    expect(String(fake.state.aboutPanel?.credits)).toMatch(/unofficial.*Telegram API/i)
    const help = (fake.state.menu as { role?: string; submenu?: { role?: string }[] }[]).find((item) => item.role === 'help')
    if (process.platform !== 'darwin') expect(help?.submenu?.map((item) => item.role)).toContain('about')
  })

  it('runs the core in a utility process: no env seams in the packaged app, secrets in the keychain, from the core host entry', () => {
    expect(fake.utilities).toHaveLength(1)
    expect(core().entry).toMatch(/main[\\/]core-host\.js$/)
    expect(core().options).toMatchObject({ serviceName: 'TG Contacts core' })
    expect(core().received[0]?.message).toMatchObject({ type: 'init' })
    expect(initConfig()).toMatchObject({
      shell: 'electron',
      allowEnvSeams: false,
      checkOutputs: false,
      secrets: { kind: 'keychain' },
      identity: { name: 'TG Contacts', version: '0.1.0' },
      // Try the demo is offered: main carries out the switch.
      demoSwitch: true,
    })
    expect(initConfig()).not.toHaveProperty('demoWorld')
  })

  it("starts the core's utility process with its young generation capped, as --js-flags: the one form of V8 option Electron hands to V8 there", () => {
    expect(core().options.execArgv).toEqual(['--js-flags=--max-semi-space-size=4'])
  })

  it('holds no part of the core itself: no keychain, no Telegram client, no router in electron/main', () => {
    const dir = join(import.meta.dirname, '../../../electron/main')
    const sources = readdirSync(dir).filter((file) => file.endsWith('.ts'))
    const imports = sources.flatMap((file) => [...readFileSync(join(dir, file), 'utf8').matchAll(/from '(\.\.\/core\/[^']+)'/g)].map((m) => m[1]))
    expect(imports.filter((path) => /secrets|telegram|contacts|importer|exporter|create-core|router/.test(path ?? ''))).toEqual([])
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

  it("hands a MessagePort to the core only to the app's own main frame", async () => {
    const child = core()
    const before = child.received.length
    const subframe = fake.frame('app://bundle/index.html', fake.frame('app://bundle/index.html'))
    const foreign = fake.frame('https://evil.example/')
    const detached = {
      get url(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      },
      parent: null,
    }
    connectRequest(subframe)
    connectRequest(foreign)
    connectRequest(detached)
    connectRequest(null)
    expect(subframe.posted).toEqual([])
    expect(foreign.posted).toEqual([])
    expect(child.received).toHaveLength(before)

    const page = fake.frame('app://bundle/index.html')
    connectRequest(page)
    expect(page.posted).toHaveLength(1)
    const [channel, message, [pagePort]] = page.posted[0] as [string, unknown, { end: string; channel: number }[]]
    expect(channel).toBe(IPC_PORT_CHANNEL)
    expect(message).toBeNull()
    const handed = child.received.at(-1)
    expect(handed?.message).toEqual({ type: 'connect' })
    // The two ends of one channel: the page's and the core's.
    expect(handed?.transfer).toEqual([{ end: 'core', channel: pagePort?.channel }])
    expect(pagePort?.end).toBe('page')
  })

  it('answers the core\'s platform requests with Electron, links only through the allow-list', async () => {
    const child = core()
    fake.state.openedExternal.length = 0
    child.emit('message', { type: 'platform', id: 1, request: { op: 'openExternal', args: ['https://t.me/durov'] } })
    child.emit('message', { type: 'platform', id: 2, request: { op: 'openExternal', args: ['https://evil.example/'] } })
    await settle()
    expect(fake.state.openedExternal).toEqual(['https://t.me/durov'])
    const answers = child.received.filter((r) => (r.message as { type: string }).type === 'platform.result').map((r) => r.message)
    expect(answers).toEqual([
      { type: 'platform.result', id: 1, result: { ok: true, value: null } },
      { type: 'platform.result', id: 2, result: { ok: false, error: { code: 'INTERNAL', message: expect.any(String) } } },
    ])
  })

  it('tells the window when the core stopped, restarts it with the same config, and hands the window a new port', async () => {
    const first = core()
    const mainFrame = fake.windows[0]!.webContents.mainFrame
    const portsBefore = mainFrame.posted.length
    first.emit('exit', 1)
    expect(mainFrame.sent).toContainEqual([IPC_CORE_STATE_CHANNEL, 'restarting'])
    expect(fake.utilities).toHaveLength(2)
    expect(initConfig(core())).toEqual(initConfig(first))
    await settle()
    expect(mainFrame.posted).toHaveLength(portsBefore + 1)
    expect(mainFrame.posted.at(-1)?.[0]).toBe(IPC_PORT_CHANNEL)
    expect(core().received.at(-1)?.message).toEqual({ type: 'connect' })
  })

  it("switches to the demo on the core's request: a utility process of its own, memory secrets, a temp folder, the world, no seams", async () => {
    const account = core()
    const accountConfig = initConfig(account)
    const mainFrame = fake.windows[0]!.webContents.mainFrame
    const portsBefore = mainFrame.posted.length
    const forked = fake.utilities.length
    account.emit('message', { type: 'switch', to: 'demo' })
    // The account's core finishes what is pending first; nothing new starts before it has gone.
    await vi.waitFor(() => expect(account.received.at(-1)?.message).toEqual({ type: 'dispose' }))
    expect(mainFrame.sent).toContainEqual([IPC_CORE_STATE_CHANNEL, 'switching'])
    expect(fake.utilities).toHaveLength(forked)
    account.emit('exit', 0)
    await vi.waitFor(() => expect(fake.utilities).toHaveLength(forked + 1))
    const demo = initConfig()
    expect(demo).toMatchObject({
      shell: 'electron',
      secrets: { kind: 'memory' },
      demo: true,
      demoWorld: { seed: 7, contacts: 300 },
      demoSwitch: true,
      allowEnvSeams: false,
      env: {},
      identity: { name: 'TG Contacts', version: '0.1.0' },
    })
    const demoDir = String(demo.dataDir)
    expect(demoDir.startsWith(join(tmpdir(), 'tg-contacts-demo-'))).toBe(true)
    expect(demoDir.startsWith(String(accountConfig.dataDir))).toBe(false)
    expect(existsSync(demoDir)).toBe(true)
    await vi.waitFor(() => expect(mainFrame.posted).toHaveLength(portsBefore + 1))
    expect(core().received.at(-1)?.message).toEqual({ type: 'connect' })

    // app:// serves the demo's photos, from the demo's folder.
    await mkdir(join(demoDir, 'accounts', '10000006', 'photos'), { recursive: true })
    await writeFile(join(demoDir, 'accounts', '10000006', 'photos', '42-s.jpg'), 'jpeg bytes')
    const photo = await fake.state.protocolHandler?.(new Request('app://bundle/photos/10000006/42-s.jpg'))
    expect(photo?.status).toBe(200)
    await expect(photo?.text()).resolves.toBe('jpeg bytes')
  })

  it('goes back to the account core on "Back to sign-in", and deletes the demo folder', async () => {
    const demo = core()
    const demoDir = String(initConfig(demo).dataDir)
    const forked = fake.utilities.length
    demo.emit('message', { type: 'switch', to: 'account' })
    await vi.waitFor(() => expect(demo.received.at(-1)?.message).toEqual({ type: 'dispose' }))
    demo.emit('exit', 0)
    await vi.waitFor(() => expect(fake.utilities).toHaveLength(forked + 1))
    expect(initConfig()).toEqual(initConfig(fake.utilities[0]))
    await vi.waitFor(() => expect(existsSync(demoDir)).toBe(false))
    const photo = await fake.state.protocolHandler?.(new Request('app://bundle/photos/10000006/42-s.jpg'))
    expect(photo?.status).toBe(404)
  })

  it('quits only once the core has finished what is pending', async () => {
    const child = core()
    let prevented = false
    app('before-quit')?.({ preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
    expect(child.received.at(-1)?.message).toEqual({ type: 'dispose' })
    await settle()
    expect(fake.electron.app.quit).not.toHaveBeenCalled()
    child.emit('exit', 0)
    await vi.waitFor(() => expect(fake.electron.app.quit).toHaveBeenCalled())
    // Not restarted: it was asked to stop.
    expect(fake.utilities.at(-1)).toBe(child)
  })
})
