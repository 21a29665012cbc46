/**
 * A window's stand-in for the stall benchmark, in a worker thread of the bench process: it talks to the core over
 * its own connection (the core's browser bridge WebSocket), as the renderer talks to the core over its MessagePort
 * in the app, so the data path never crosses the main thread whose stalls are measured. The main thread posts
 * `{id, method, input}`; the answer comes back whole only when small (status polls), else as its size. For
 * `import.preview` it may post `{id, method, files: [{name, path}]}` instead: the window reads and encodes the files
 * itself, as the renderer does, so neither the bytes nor their base64 cross the measured main thread.
 */

import { readFileSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'

const SMALL = 64 * 1024
const { url } = workerData as { url: string }
const socket = new WebSocket(url)
const pending = new Map<number, (reply: unknown) => void>()
let nextId = 1

const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve())
  socket.addEventListener('error', () => reject(new Error(`could not connect to ${url}`)))
})

socket.addEventListener('message', (event: MessageEvent) => {
  const text = String(event.data)
  const message = JSON.parse(text) as { id?: number; result?: { ok: boolean; value?: unknown } }
  if (typeof message.id !== 'number' || !message.result) return
  const value = message.result.value
  const scalars = typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v !== 'object' || v === null)) : null
  const reply = text.length <= SMALL ? { result: message.result } : { result: { ok: message.result.ok, value: scalars }, chars: text.length }
  pending.get(message.id)?.(reply)
  pending.delete(message.id)
})

interface WindowRequest {
  id: number
  method: string
  input?: unknown
  files?: { name: string; path: string }[]
}

parentPort?.on('message', (request: WindowRequest) => {
  void opened.then(() => {
    const id = nextId++
    pending.set(id, (reply) => parentPort?.postMessage({ id: request.id, ...(reply as object) }))
    const input = request.files ? { files: request.files.map((f) => ({ name: f.name, base64: readFileSync(f.path).toString('base64') })) } : request.input
    socket.send(JSON.stringify({ id, method: request.method, input }))
  })
})
