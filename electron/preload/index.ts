import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { EventEnvelope } from '../core/contract/events'
import { METHOD_NAMES } from '../core/contract/method-names'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../core/app/ipc-channels'

// Sandboxed preload: one CommonJS bundle that requires only 'electron'. The method list is a plain
// constant (no zod here); main validates every input anyway.
const api: Record<string, unknown> = {
  onEvent(listener: (envelope: EventEnvelope) => void): () => void {
    // The IpcRendererEvent (with its sender) never reaches the page: only the envelope does.
    const forward = (_event: IpcRendererEvent, envelope: EventEnvelope) => listener(envelope)
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward)
    }
  },
}
for (const method of METHOD_NAMES) {
  api[method] = (input: unknown) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, { method, input })
}

contextBridge.exposeInMainWorld('api', api)
