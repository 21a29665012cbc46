/**
 * A window's stand-in for the stall benchmark, in a worker thread of the bench process: it talks to the core over
 * its own connection (the core's browser bridge WebSocket), as the renderer talks to the core over its MessagePort
 * in the app, so the data path never crosses the main thread whose stalls are measured. The main thread posts
 * `{id, method, input}`; the answer comes back whole only when small (status polls), else as its size. For
 * `import.preview` it may post `{id, method, files: [{name, path}]}` instead: the window reads the files and uploads
 * them in pieces itself, as the renderer does, so neither the bytes nor their base64 cross the measured main thread.
 */

import { readFileSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import { UPLOAD_PIECE_BYTES } from '../../electron/core/contract'

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

function ask(method: string, input: unknown): Promise<{ result: { ok: boolean; value?: unknown } }> {
  const id = nextId++
  return new Promise((resolve) => {
    pending.set(id, (reply) => resolve(reply as { result: { ok: boolean; value?: unknown } }))
    socket.send(JSON.stringify({ id, method, input }))
  })
}

/** As the renderer sends a dropped file: its bytes in import.upload pieces, then import.preview takes it by id. */
async function upload(path: string): Promise<string> {
  const bytes = readFileSync(path)
  let upload: string | null = null
  for (let offset = 0; ; offset += UPLOAD_PIECE_BYTES) {
    const base64 = bytes.subarray(offset, offset + UPLOAD_PIECE_BYTES).toString('base64')
    const { result } = await ask('import.upload', { upload, size: bytes.length, offset, base64 })
    const answer = result.value as { upload: string; id: string | null } | undefined
    if (!result.ok || answer === undefined) throw new Error(`import.upload failed: ${JSON.stringify(result).slice(0, 300)}`)
    if (answer.id !== null) return answer.id
    upload = answer.upload
  }
}

parentPort?.on('message', (request: WindowRequest) => {
  void opened.then(async () => {
    try {
      let input = request.input
      if (request.files) {
        const files: { name: string; id: string }[] = []
        for (const f of request.files) files.push({ name: f.name, id: await upload(f.path) })
        input = { files }
      }
      parentPort?.postMessage({ id: request.id, ...(await ask(request.method, input)) })
    } catch (error) {
      parentPort?.postMessage({ id: request.id, result: { ok: false, error: { code: 'INTERNAL', message: String(error) } } })
    }
  })
})
