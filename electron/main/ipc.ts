import { MessageChannelMain, ipcMain, type BrowserWindow, type IpcMainEvent, type WebFrameMain } from 'electron'
import { isTrustedSender } from '../core/app/ipc-binding'
import { IPC_CONNECT_CHANNEL, IPC_CORE_STATE_CHANNEL, IPC_PORT_CHANNEL } from '../core/app/ipc-channels'
import type { CoreSupervisor, CoreState } from '../core/host/supervisor'

/** The frame, if it is the app's own main frame; a frame that navigated away or was destroyed meanwhile is not. */
function trusted(frame: () => WebFrameMain | null | undefined): WebFrameMain | null {
  try {
    const candidate = frame()
    return candidate && isTrustedSender({ url: candidate.url, parent: candidate.parent }) ? candidate : null
  } catch {
    return null
  }
}

/**
 * The windows' connections to the core: a page's preload asks for one (IPC_CONNECT_CHANNEL); only the app's own main
 * frame gets it, a MessagePort whose other end goes to the core's process. Main never sees a call or an event.
 * When the core restarts or is switched (the demo and back), every window is told and handed a new port; when it stops
 * for good, they are told.
 */
export function bindWindowsToCore(supervisor: CoreSupervisor, windows: () => BrowserWindow[]): () => void {
  const connect = (frame: WebFrameMain): void => {
    const { port1, port2 } = new MessageChannelMain()
    supervisor.connect(port2)
    frame.postMessage(IPC_PORT_CHANNEL, null, [port1])
  }
  const mainFrames = (): WebFrameMain[] =>
    windows()
      .filter((window) => !window.isDestroyed())
      .flatMap((window) => trusted(() => window.webContents.mainFrame) ?? [])
  const onConnect = (event: IpcMainEvent): void => {
    const frame = trusted(() => event.senderFrame)
    if (frame) connect(frame)
  }
  ipcMain.on(IPC_CONNECT_CHANNEL, onConnect)
  /** The core that serves next is another process: every window needs a port to it. */
  let replaced = false
  const offState = supervisor.onStateChange((state: CoreState) => {
    if (state === 'restarting' || state === 'switching') replaced = true
    if (state === 'restarting' || state === 'switching' || state === 'stopped') for (const frame of mainFrames()) frame.send(IPC_CORE_STATE_CHANNEL, state)
  })
  const offReady = supervisor.onReady(() => {
    if (!replaced) return
    replaced = false
    for (const frame of mainFrames()) connect(frame)
  })
  return () => {
    offState()
    offReady()
    ipcMain.removeListener(IPC_CONNECT_CHANNEL, onConnect)
  }
}
