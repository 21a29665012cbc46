import { request } from 'node:http'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { AppError, methodNames, type EventEnvelope, type WindowApi } from '@contract'
import { EventBus, createRouter, type Handlers } from '../../../electron/core/router'
import { startBridge, type Bridge } from '../../../electron/core/bridge'

let rendererDir: string
let events: EventBus
let bridge: Bridge

const signedOut = { state: 'signedOut' } as const

function handlers(): Handlers {
  const missing = async (): Promise<never> => {
    throw new AppError({ code: 'NOT_FOUND', message: 'not in this test' })
  }
  return {
    ...(Object.fromEntries(methodNames.map((name) => [name, missing])) as unknown as Handlers),
    'auth.status': async () => signedOut,
    // An answer JSON cannot hold, as V8 reports a string over its maximum length.
    'requests.list': async () => ({ toJSON: () => { throw new RangeError('Invalid string length') } }) as never,
    'contacts.searchGlobal': async ({ query }) => ({
      people: [{ id: '7', firstName: query, lastName: '', username: null, phone: null, isContact: false, mutual: false, status: { kind: 'recently' } }],
    }),
  }
}

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'tgc-bridge-'))
  await mkdir(join(rendererDir, 'assets'))
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>TG Contacts</title>')
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'export {}')
  await mkdir(join(rendererDir, 'data', 'accounts', '42', 'photos'), { recursive: true })
  await writeFile(join(rendererDir, 'data', 'accounts', '42', 'photos', '7-s.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xd9]))
})
afterAll(async () => rm(rendererDir, { recursive: true, force: true }))

beforeEach(async () => {
  events = new EventBus()
  bridge = await startBridge({ router: createRouter(handlers()), events, rendererDir, dataDir: join(rendererDir, 'data') })
})
afterEach(async () => bridge.close())

const apiUrl = (query: string) => `ws://127.0.0.1:${bridge.port}/api${query}`

/** Resolves with the HTTP status the upgrade was refused with, or 101 when it was accepted. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      res.resume()
    })
    ws.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error)
    })
  })
}

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(apiUrl(`?token=${bridge.token}`))
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))))
}

function get(path: string, host = `127.0.0.1:${bridge.port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, headers: { host } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('the bridge', () => {
  it('listens on loopback and puts the token in the URL fragment', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/#token=${bridge.token}`)
    expect(bridge.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('refuses a WebSocket without the token, with a wrong one, or from a foreign page', async () => {
    expect(await upgradeStatus(apiUrl(''))).toBe(401)
    expect(await upgradeStatus(apiUrl('?token='))).toBe(401)
    expect(await upgradeStatus(apiUrl(`?token=${bridge.token.slice(0, -1)}x`))).toBe(401)
    expect(await upgradeStatus(apiUrl(`?token=${bridge.token}`), { Origin: 'https://evil.example' })).toBe(403)
    expect(await upgradeStatus(`ws://127.0.0.1:${bridge.port}/other?token=${bridge.token}`)).toBe(404)
    expect(await upgradeStatus(apiUrl(`?token=${bridge.token}`), { Origin: `http://127.0.0.1:${bridge.port}` })).toBe(101)
  })

  it('answers a call through the router, errors included', async () => {
    const ws = await connect()
    ws.send(JSON.stringify({ id: 1, method: 'contacts.searchGlobal', input: { query: ' Ann ' } }))
    expect(await nextMessage(ws)).toMatchObject({ id: 1, result: { ok: true, value: { people: [{ id: '7', firstName: 'Ann' }] } } })
    ws.send(JSON.stringify({ id: 'b', method: 'auth.signIn', input: { code: 'x' } }))
    expect(await nextMessage(ws)).toMatchObject({ id: 'b', result: { ok: false, error: { code: 'INVALID_INPUT' } } })
    ws.send(JSON.stringify({ id: 3, method: 'nope', input: {} }))
    expect(await nextMessage(ws)).toMatchObject({ id: 3, result: { ok: false, error: { code: 'UNKNOWN_METHOD' } } })
    ws.close()
  })

  it('answers with an error when the answer cannot be sent, and keeps serving', async () => {
    const ws = await connect()
    ws.send(JSON.stringify({ id: 9, method: 'requests.list', input: {} }))
    expect(await nextMessage(ws)).toEqual({ id: 9, result: { ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/too large/) } } })
    ws.send(JSON.stringify({ id: 10, method: 'auth.status', input: {} }))
    expect(await nextMessage(ws)).toMatchObject({ id: 10, result: { ok: true } })
    ws.close()
  })

  it('delivers core events to connected clients', async () => {
    const ws = await connect()
    const message = nextMessage(ws)
    events.emit('connection.changed', { state: 'connecting', retryAt: null })
    expect(await message).toEqual({ envelope: { event: 'connection.changed', payload: { state: 'connecting', retryAt: null } } })
    ws.close()
  })

  it('closes a connection that does not speak the protocol', async () => {
    const ws = await connect()
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send('not json')
    expect(await closed).toBe(1003)
  })

  it('serves the renderer with the CSP that allows its own WebSocket', async () => {
    const page = await get('/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>TG Contacts</title>')
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${bridge.port}`)
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect((await get('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8')
  })

  it('serves cached photos only with the token', async () => {
    const photo = await get(`/photos/42/7-s.jpg?token=${encodeURIComponent(bridge.token)}`)
    expect([photo.status, photo.headers['content-type'], photo.body.length]).toEqual([200, 'image/jpeg', 4])
    expect(photo.headers['content-security-policy']).toContain("default-src 'none'")
    expect((await get('/photos/42/7-s.jpg')).status).toBe(401)
    expect((await get('/photos/42/7-s.jpg?token=wrong')).status).toBe(401)
    expect((await get(`/photos/42/8-s.jpg?token=${encodeURIComponent(bridge.token)}`)).status).toBe(404)
  })

  it('serves an export for download only with the token, as an attachment, and nothing else of the data folder', async () => {
    await mkdir(join(rendererDir, 'data', 'downloads', '0123456789abcdef'), { recursive: true })
    await writeFile(join(rendererDir, 'data', 'downloads', '0123456789abcdef', 'contacts.csv'), '\uFEFFFirst Name\r\n')
    await writeFile(join(rendererDir, 'data', 'downloads', '0123456789abcdef', 'other.txt'), 'x')
    const token = `?token=${encodeURIComponent(bridge.token)}`
    const csv = await get(`/downloads/0123456789abcdef/contacts.csv${token}`)
    expect([csv.status, csv.headers['content-type'], csv.headers['content-disposition']]).toEqual([200, 'text/csv; charset=utf-8', 'attachment; filename="contacts.csv"'])
    expect(csv.body).toBe('\uFEFFFirst Name\r\n')
    expect((await get('/downloads/0123456789abcdef/contacts.csv')).status).toBe(401)
    expect((await get(`/downloads/0123456789abcdef/other.txt${token}`)).status).toBe(404)
    expect((await get(`/downloads/0123/contacts.csv${token}`)).status).toBe(404)
  })

  it('refuses paths outside the renderer and foreign Host headers', async () => {
    expect((await get('/../package.json')).status).toBe(404)
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404)
    expect((await get('/', 'attacker.example:80')).status).toBe(421)
  })
})

/** The renderer's bridge shim on the bridge, answering, with the core.state events it has emitted so far. */
async function shimOverBridge(): Promise<{ api: WindowApi; states: string[] }> {
  // The shim is renderer code (web tsconfig); load it by path so this Node-side test can drive it with `ws`.
  const shimPath = '../../../renderer/src/api/bridge-shim'
  const shim = (await import(/* @vite-ignore */ shimPath)) as { createBridgeApi: (url: string, socket: unknown) => WindowApi }
  const api = shim.createBridgeApi(apiUrl(`?token=${bridge.token}`), WebSocket)
  const states: string[] = []
  api.onEvent((envelope) => void (envelope.event === 'core.state' && states.push(envelope.payload.state)))
  await expect(api['auth.status']({})).resolves.toMatchObject({ ok: true })
  return { api, states }
}

describe('the browser shim over the bridge', () => {
  it('exposes every method and the event subscription, with the same results as the router', async () => {
    // The shim is renderer code (web tsconfig); load it by path so this Node-side test can drive it with `ws`.
    const shimPath = '../../../renderer/src/api/bridge-shim'
    const shim = (await import(/* @vite-ignore */ shimPath)) as { createBridgeApi: (url: string, socket: unknown) => WindowApi }
    const api = shim.createBridgeApi(apiUrl(`?token=${bridge.token}`), WebSocket)
    expect(Object.keys(api).sort()).toEqual([...methodNames, 'onEvent'].sort())

    const received: EventEnvelope[] = []
    api.onEvent((envelope) => received.push(envelope))
    await expect(api['auth.status']({})).resolves.toEqual({ ok: true, value: signedOut })
    await expect(api['contacts.details']({ id: '1' })).resolves.toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })

    const delivered = new Promise<void>((resolve) => api.onEvent(() => resolve()))
    events.emit('requests.changed', { count: 4 })
    await delivered
    expect(received).toEqual([{ event: 'requests.changed', payload: { count: 4 } }])
  })

  it('tells a restart from a switch (Try the demo): only a socket closing unannounced is the core stopping', async () => {
    const { api, states } = await shimOverBridge()
    const { port, token } = bridge
    /** The core behind the bridge goes; the next one serves on the same port and token. */
    const replaceCore = async (announce: boolean): Promise<void> => {
      if (announce) {
        events.emit('core.state', { state: 'switching' })
        await until(() => states.at(-1) === 'switching')
      }
      await bridge.close()
      events = new EventBus()
      bridge = await startBridge({ router: createRouter(handlers()), events, rendererDir, port, token })
      await until(() => states.at(-1) === 'running')
    }
    await replaceCore(true)
    expect(states).toEqual(['switching', 'running'])
    await replaceCore(false)
    expect(states).toEqual(['switching', 'running', 'restarting', 'running'])
    await expect(api['auth.status']({})).resolves.toMatchObject({ ok: true })
  })

  it('calls a backend gone for longer than a restart takes unreachable: calls fail at once, not as NETWORK (Telegram), until it serves again', async () => {
    const { api, states } = await shimOverBridge()
    const { port, token } = bridge
    await bridge.close()
    await until(() => states.at(-1) === 'unreachable', 20_000)
    expect(states).toEqual(['restarting', 'unreachable'])
    const began = Date.now()
    const failed = await api['auth.status']({})
    expect(Date.now() - began).toBeLessThan(100)
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    events = new EventBus()
    bridge = await startBridge({ router: createRouter(handlers()), events, rendererDir, port, token })
    await until(() => states.at(-1) === 'running', 20_000)
    expect(states).toEqual(['restarting', 'unreachable', 'running'])
    await expect(api['auth.status']({})).resolves.toMatchObject({ ok: true })
  }, 60_000)
})

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}
