import { BrowserWindow, ipcMain } from 'electron'
import { handleInvoke, type SenderFrame } from '../core/app/ipc-binding'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../core/app/ipc-channels'
import type { EventBus, Router } from '../core/router'

function senderFrameOf(event: Electron.IpcMainInvokeEvent): SenderFrame | null {
  try {
    const frame = event.senderFrame
    return frame ? { url: frame.url, parent: frame.parent } : null
  } catch {
    // A frame that navigated away or was destroyed mid-call cannot be trusted.
    return null
  }
}

/** One invoke channel into the router (sender checked in core), and every core event out to the app windows. */
export function bindIpc(router: Router, events: EventBus): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, payload: unknown) => handleInvoke(router, senderFrameOf(event), payload))
  const unsubscribe = events.subscribe((envelope) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, envelope)
    }
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL)
  }
}
