import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { serveConnection, type CoreEndpoint } from '../router'
import { isPhotoPath, loadBundleFile, loadPhotoFile, securityHeaders } from '../app/app-protocol'
import { isDownloadPath, loadDownloadFile } from '../exporter/downloads'
import { BRIDGE_API_PATH } from './wire'

const LOOPBACK = '127.0.0.1'
/** How long requests under way (a photo, a bundle file) may take to finish when the bridge closes. */
const CLOSE_GRACE_MS = 2000
/** import.preview carries whole files as base64; allow a few large ones per call. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024

export interface BridgeOptions extends CoreEndpoint {
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 or absent: a free port. */
  port?: number
  /** Absent: a fresh random one. A core restarted behind the same page keeps its port and token. */
  token?: string
  /** The core's data folder: cached profile photos are served from it under /photos/ (token required). */
  dataDir?: string
}

export interface Bridge {
  /** Open this in a browser: http://127.0.0.1:PORT/#token=TOKEN */
  readonly url: string
  readonly port: number
  readonly token: string
  close(): Promise<void>
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest()

/** Constant-time token check; hashing first makes both sides the same length whatever was sent. */
function tokenMatches(expected: Buffer, given: string | null): boolean {
  return given !== null && timingSafeEqual(expected, digest(given))
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

/**
 * The browser bridge: the built renderer over http and the same router over a token-guarded
 * WebSocket, on loopback only. Used by the e2e tests and by `npm run demo -- --web`.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const expected = digest(token)
  const sockets = new Set<WebSocket>()
  let port = 0
  const allowedHosts = (): string[] => [`${LOOPBACK}:${port}`, `localhost:${port}`]

  async function serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = securityHeaders([`ws://${LOOPBACK}:${port}`])
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      res.writeHead(421, headers).end()
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end()
      return
    }
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}`)
    const pathname = url.pathname
    let found: { body: Buffer; contentType: string; fileName?: string } | null
    if (isPhotoPath(pathname) || isDownloadPath(pathname)) {
      // Photos and exports are the account's data, unlike the bundle: only a page holding the token may load them.
      if (!tokenMatches(expected, url.searchParams.get('token'))) {
        res.writeHead(401, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Unauthorized')
        return
      }
      const load = isPhotoPath(pathname) ? loadPhotoFile : loadDownloadFile
      found = options.dataDir === undefined ? null : await load(options.dataDir, pathname)
    } else {
      found = await loadBundleFile(options.rendererDir, pathname)
    }
    if (found === null) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
      return
    }
    const disposition = found.fileName ? { 'Content-Disposition': `attachment; filename="${found.fileName}"` } : {}
    res.writeHead(200, { ...headers, ...disposition, 'Content-Type': found.contentType, 'Content-Length': found.body.length })
    res.end(req.method === 'HEAD' ? undefined : found.body)
  }

  const server = createServer((req, res) => {
    serveFile(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}`)
    const origin = req.headers.origin
    if (url.pathname !== BRIDGE_API_PATH || !allowedHosts().includes(req.headers.host ?? '')) {
      refuseUpgrade(socket, '404 Not Found')
      return
    }
    // Browsers always send Origin; a page from anywhere else must not reach the core even with a leaked token.
    if (origin !== undefined && !allowedHosts().some((host) => origin === `http://${host}`)) {
      refuseUpgrade(socket, '403 Forbidden')
      return
    }
    if (!tokenMatches(expected, url.searchParams.get('token'))) {
      refuseUpgrade(socket, '401 Unauthorized')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws))
  })

  function onConnection(ws: WebSocket): void {
    sockets.add(ws)
    const served = serveConnection(options, {
      send(message) {
        // JSON.stringify throws on an answer too large for one string: serveConnection answers with an error instead.
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message))
      },
    })
    ws.on('message', (raw: RawData) => {
      let message: unknown
      try {
        message = JSON.parse(raw.toString())
      } catch {
        message = null
      }
      // Not a request at all: the peer does not speak the protocol.
      if (!served.receive(message)) ws.close(1003, 'expected {id, method, input}')
    })
    ws.on('close', () => {
      served.close()
      sockets.delete(ws)
    })
    ws.on('error', () => ws.terminate())
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://${LOOPBACK}:${port}/#token=${token}`,
    port,
    token,
    async close() {
      for (const ws of sockets) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      // Requests under way finish (a page that leaves the demo may still be loading a photo); idle connections go now.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS)
      grace.unref()
      await closed
      clearTimeout(grace)
    },
  }
}
