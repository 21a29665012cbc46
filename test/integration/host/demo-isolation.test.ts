import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MethodOutput, Result } from '../../../electron/core/contract'
import { createBrowserPlatform } from '../../../electron/core/bridge'
import { DemoSwitch } from '../../../electron/core/demo/demo-switch'
import { runHost, type HostPort, type ParentLink } from '../../../electron/core/host/host'
import type { FromHost, HostConfig, ToHost } from '../../../electron/core/host/protocol'
import { CoreSupervisor, type ChildHandle } from '../../../electron/core/host/supervisor'
import { createMemoryStore } from '../../../electron/core/secrets/memory-store'
import type { SecretStore } from '../../../electron/core/secrets/secret-store'
import { API_HASH, API_ID } from '../core/helpers'

/**
 * "Try the demo" never touches the user's keychain or data folder: the account's core runs over a recording keychain
 * and a data folder of its own; the demo (the real host, with the emulator's world inside it, here in this process so
 * the keychain can be recorded) signs in, lists, fetches photos, signs out and in again; not one keychain call and not
 * one file under the real data folder comes of it.
 */

/** A keychain that records every call (and keeps its entries in memory). */
function recordingKeychain(log: string[]): SecretStore {
  const inner = createMemoryStore()
  return {
    get: (account) => (log.push(`get ${account}`), inner.get(account)),
    set: (account, secret) => (log.push(`set ${account}`), inner.set(account, secret)),
    delete: (account) => (log.push(`delete ${account}`), inner.delete(account)),
  }
}

/** The core host run in this process, as the supervisor sees a child (messages cloned as a process boundary would). */
function inProcessHost(keychain: () => SecretStore): ChildHandle {
  const toParent: Array<(message: unknown) => void> = []
  const exits: Array<(code: number | null) => void> = []
  let toHost: (message: unknown, ports: readonly HostPort[]) => void = () => undefined
  let exited = false
  const link: ParentLink = {
    send: (message: FromHost) => queueMicrotask(() => toParent.forEach((listener) => listener(structuredClone(message)))),
    onMessage: (listener) => void (toHost = listener),
    onClose: () => undefined,
    exit: (code) =>
      setImmediate(() => {
        exited = true
        for (const listener of exits.splice(0)) listener(code)
      }),
  }
  runHost(link, { keychain })
  return {
    send: (message: ToHost) => void queueMicrotask(() => !exited && toHost(structuredClone(message), [])),
    onMessage: (listener) => void toParent.push(listener),
    onExit: (listener) => void exits.push(listener),
    kill: () => link.exit(null as unknown as number),
  }
}

/** Every file and folder under dir with its size and modification time (one renamed away meanwhile, by name only). */
async function snapshot(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const lines: string[] = []
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name)
    const info = await stat(path).catch(() => null)
    lines.push(`${path.slice(dir.length)} ${info === null ? 'gone' : entry.isDirectory() ? 'dir' : info.size} ${info?.mtimeMs ?? ''}`)
  }
  return lines.sort()
}

async function value<T>(result: Promise<Result<unknown>>): Promise<T> {
  const answer = await result
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`)
  return answer.value as T
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('the demo, isolated from the account', () => {
  const log: string[] = []
  let keychainsMade = 0
  let root: string
  let realData: string
  let tempRoot: string
  let supervisor: CoreSupervisor
  let demo: DemoSwitch

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tgc-demo-isolation-'))
    realData = join(root, 'user-data')
    tempRoot = join(root, 'tmp')
    await mkdir(realData)
    await mkdir(tempRoot)
    const keychain = recordingKeychain(log)
    const account: HostConfig = {
      dataDir: realData,
      shell: 'browser',
      secrets: { kind: 'keychain' },
      // As in development: the seams are honoured, and the environment names credentials (the demo must ignore both).
      allowEnvSeams: true,
      env: { TG_API_ID: API_ID, TG_API_HASH: API_HASH },
      demo: false,
      checkOutputs: true,
    }
    demo = new DemoSwitch({ account, tempRoot })
    supervisor = new CoreSupervisor({
      spawn: () =>
        inProcessHost(() => {
          keychainsMade++
          return keychain
        }),
      config: await demo.initial('account'),
      platform: createBrowserPlatform(),
    })
    demo.attach(supervisor)
    await supervisor.start()
  })
  afterAll(async () => {
    await supervisor?.dispose()
    await demo?.dispose()
    await rm(root, { recursive: true, force: true })
  })

  it('keeps the keychain untouched and writes nothing under the real data folder, from Try the demo to Back to sign-in', async () => {
    const status = await value<MethodOutput<'auth.status'>>(supervisor.call('auth.status', {}))
    expect(status.state).toBe('signedOut')
    expect(keychainsMade).toBe(1)
    // The account's core read the keychain at its start, as it always does; from here on nothing may.
    expect(log.every((line) => line.startsWith('get '))).toBe(true)
    log.length = 0
    const before = await snapshot(realData)

    await expect(value(supervisor.call('demo.start', {}))).resolves.toEqual({ switching: true })
    await until('the demo', async () => supervisor.current === 'running' && demo.mode === 'demo')
    const info = await value<MethodOutput<'app.info'>>(supervisor.call('app.info', {}))
    expect(info).toMatchObject({ demo: true, demoSwitch: true })
    const demoDir = demo.dataDir
    expect(demoDir.startsWith(tempRoot)).toBe(true)

    // The demo at work: signed in to its world, the list, photos on disk, then signing out and in again.
    const self = await value<MethodOutput<'auth.status'>>(supervisor.call('auth.status', {}))
    if (self.state !== 'signedIn') throw new Error(`the demo is ${self.state}`)
    const list = await value<MethodOutput<'contacts.list'>>(supervisor.call('contacts.list', {}))
    expect(list.contacts).toHaveLength(300)
    const withPhotos = list.contacts.filter((contact) => contact.photoId).slice(0, 5)
    await value(supervisor.call('photos.want', { size: 'small', people: withPhotos.map((c) => ({ id: c.id, photoId: c.photoId! })) }))
    await until('photos in the demo folder', async () => (await snapshot(demoDir)).some((line) => /\/photos\/\d+-s\.jpg /.test(line)))
    await value(supervisor.call('auth.signOut', {}))
    const world = supervisor.demoWorld!.account
    await value(supervisor.call('auth.sendCode', { phone: world.phone }))
    const afterCode = await value<MethodOutput<'auth.signIn'>>(supervisor.call('auth.signIn', { code: world.code }))
    if (afterCode.state === 'awaitingPassword') await value(supervisor.call('auth.checkPassword', { password: world.password! }))
    await expect(value<MethodOutput<'auth.status'>>(supervisor.call('auth.status', {}))).resolves.toMatchObject({ state: 'signedIn' })
    // The demo wrote its data (contact cache, photos, who is signed in) where it should: in its own folder. Signing out
    // removed the first account folder; the new sign-in writes its contact cache once the list has come, a moment later.
    await until('the demo data in its own folder', async () => (await snapshot(demoDir)).length > 3)
    // Not one keychain call during the demo (signing out deletes, signing in stores a session: all in the demo's memory).
    expect(log).toEqual([])
    expect(keychainsMade).toBe(1)

    await expect(value(supervisor.call('demo.stop', {}))).resolves.toEqual({ switching: true })
    await until('the account again', async () => supervisor.current === 'running' && demo.mode === 'account')
    await expect(value<MethodOutput<'app.info'>>(supervisor.call('app.info', {}))).resolves.toMatchObject({ demo: false })

    // The account's core, back, only read it again.
    expect(keychainsMade).toBe(2)
    expect(log.filter((line) => !line.startsWith('get '))).toEqual([])
    expect(await snapshot(realData)).toEqual(before)
    await until('the demo folder gone', async () => (await readdir(tempRoot)).length === 0)
  })
})
