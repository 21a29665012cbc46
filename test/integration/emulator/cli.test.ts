import { spawn, type ChildProcess } from 'node:child_process'
import { connect, createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { Api } from 'telegram'
import { z } from 'zod'
import { parseEndpoint } from '../../../electron/core/telegram/endpoint.js'
import { connectedClient } from '../../emulator/client.js'

const root = new URL('../../../', import.meta.url).pathname

const lineSchema = z.object({
  endpoint: z.object({ host: z.string(), port: z.number(), dcId: z.number(), rsaPublicKey: z.string() }).strict(),
  account: z.object({ phone: z.string().regex(/^\+\d{8,15}$/), code: z.string(), password: z.string().nullable(), session: z.string() }).strict(),
  world: z
    .object({
      contacts: z.number(),
      strangers: z.array(
        z
          .object({
            id: z.number(),
            phone: z.string().regex(/^\+\d+$/),
            username: z.string().nullable(),
            firstName: z.string(),
            lastName: z.string(),
            needContactsException: z.boolean(),
            addedUs: z.boolean(),
          })
          .strict(),
      ),
      unregisteredPhones: z.array(z.string().regex(/^\+\d+$/)),
    })
    .strict(),
})

const children: ChildProcess[] = []

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

/** `npm run --silent emulator -- ARGS`, or with `direct` the script npm runs (tsx), to signal it without npm in between. */
function start(args: string[], direct = false): { child: ChildProcess; firstLine: Promise<string>; stdout: string[] } {
  const child = direct
    ? spawn(`${root}node_modules/.bin/tsx`, ['test/emulator/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('npm', ['run', '--silent', 'emulator', '--', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  const stdout: string[] = []
  const lines = createInterface({ input: child.stdout! })
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      stdout.push(line)
      if (stdout.length === 1) resolve(line)
    })
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code} before printing`)))
  })
  return { child, firstLine, stdout }
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)))

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

/** A port in 10000–32767 that is free right now. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * 22_000)
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
    })
    if (free) return port
  }
}

describe('npm run emulator', () => {
  it('prints one JSON line describing a world the real client can use, and stops on SIGTERM', async () => {
    const port = await freePort()
    const { child, firstLine, stdout } = start(['--port', String(port), '--seed', '4', '--contacts', '30', '--users', '120'])
    const line = lineSchema.parse(JSON.parse(await firstLine))

    expect(line.endpoint).toMatchObject({ host: '127.0.0.1', port })
    expect(parseEndpoint(line.endpoint)).toEqual(line.endpoint)
    expect(line.world.contacts).toBe(30)
    const { strangers, unregisteredPhones } = line.world
    expect(strangers.length).toBeGreaterThanOrEqual(5)
    for (const flag of ['needContactsException', 'addedUs'] as const) {
      expect(new Set(strangers.map((s) => s[flag]))).toEqual(new Set([true, false]))
    }
    expect(unregisteredPhones.length).toBeGreaterThanOrEqual(5)

    const client = await connectedClient(parseEndpoint(line.endpoint), line.account.session)
    try {
      const contacts = (await client.invoke(new Api.contacts.GetContacts({ hash: 0 as never }))) as Api.contacts.Contacts
      expect(contacts.users).toHaveLength(30)
      const contactIds = new Set(contacts.users.map((user) => Number(user.id.toString())))
      expect(strangers.some((s) => contactIds.has(s.id))).toBe(false)
      const imported = await client.invoke(
        new Api.contacts.ImportContacts({
          contacts: unregisteredPhones.map((phone, i) => new Api.InputPhoneContact({ clientId: i as never, phone, firstName: 'N', lastName: '' })),
        }),
      )
      expect(imported.imported).toEqual([])
      const found = strangers.find((s) => s.username !== null)!
      const resolved = await client.invoke(new Api.contacts.ResolveUsername({ username: found.username! }))
      expect((resolved.peer as Api.PeerUser).userId.toString()).toBe(String(found.id))
    } finally {
      await client.destroy()
    }

    // SIGTERM to npm itself: the emulator under it must stop too and free the port.
    child.kill('SIGTERM')
    await exited(child)
    await expect.poll(() => listening(port), { timeout: 10_000 }).toBe(false)
    expect(stdout).toHaveLength(1)
  })

  // npm ignores SIGINT from anything but a terminal (Ctrl-C reaches the whole process group), so
  // SIGINT goes to the script npm runs.
  it('picks a port GramJS sessions can hold when none is given, and stops on SIGINT', async () => {
    const { child, firstLine } = start(['--users', '30', '--contacts', '5'], true)
    const line = lineSchema.parse(JSON.parse(await firstLine))
    expect(line.endpoint.port).toBeGreaterThanOrEqual(10_000)
    expect(line.endpoint.port).toBeLessThanOrEqual(32_767)
    expect(line.world.contacts).toBe(5)
    expect(await listening(line.endpoint.port)).toBe(true)
    child.kill('SIGINT')
    await exited(child)
    await expect.poll(() => listening(line.endpoint.port), { timeout: 10_000 }).toBe(false)
  })

  it('refuses a port above 32767 with a clear message', async () => {
    const child = spawn('npm', ['run', '--silent', 'emulator', '--', '--port', '40000'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    let stderr = ''
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    let stdout = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    expect(await exited(child)).toBe(2)
    expect(stderr).toMatch(/--port must be an integer from 1 to 32767/)
    expect(stdout).toBe('')
  })
})
