import { mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCore } from '../../../electron/core/app/create-core'
import { createBrowserPlatform } from '../../../electron/core/bridge'
import type { MethodOutput, Result } from '../../../electron/core/contract'
import { startDemoConnection, startDemoInProcess, startDemoInWorker, type DemoWorldHandle } from '../../../electron/core/demo/demo-connection'
import { DEMO_CREDENTIALS } from '../../../electron/core/demo/options'
import { createMemoryStore } from '../../../electron/core/secrets/memory-store'

async function value<T>(result: Promise<Result<unknown>>): Promise<T> {
  const answer = await result
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`)
  return answer.value as T
}

const reachable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })

/** A core on the demo world: signed in, the seeded list. */
async function listThrough(demo: DemoWorldHandle): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tgc-demo-connection-'))
  const core = await createCore({
    secrets: createMemoryStore({ 'telegram-session': demo.session }),
    endpoint: demo.endpoint,
    builtinCredentials: DEMO_CREDENTIALS,
    env: {},
    allowEnvSeams: false,
    platform: createBrowserPlatform(),
    dataDir,
  })
  try {
    await expect(value<MethodOutput<'auth.status'>>(core.router.dispatch('auth.status', {}))).resolves.toMatchObject({ state: 'signedIn' })
    return (await value<MethodOutput<'contacts.list'>>(core.router.dispatch('contacts.list', {}))).contacts.length
  } finally {
    await core.dispose()
    await rm(dataDir, { recursive: true, force: true })
  }
}

describe("the demo's emulator", () => {
  const world = { seed: 7, contacts: 40 }

  it.each([
    ['in a worker thread', startDemoInWorker],
    ['on the core thread (where no worker can start)', startDemoInProcess],
  ])('serves the seeded world %s, and is gone once closed', async (_where, start) => {
    const demo = await start(world)
    expect(demo.announcement.account.phone).toMatch(/^\+\d+$/)
    expect(demo.announcement.world.contacts).toBe(40)
    await expect(listThrough(demo)).resolves.toBe(40)
    await demo.close()
    await expect(reachable(demo.endpoint.port)).resolves.toBe(false)
  })

  it('names the core its own Telegram, credentials and session, and nothing from the environment', async () => {
    const demo = await startDemoConnection(world)
    try {
      expect(demo.coreOptions).toMatchObject({ endpoint: { host: '127.0.0.1', dcId: 2 }, builtinCredentials: DEMO_CREDENTIALS, env: {}, allowEnvSeams: false })
      await expect(demo.coreOptions.secrets?.get('telegram-session')).resolves.toBeTruthy()
      await expect(demo.coreOptions.secrets?.get('telegram-api-hash')).resolves.toBeNull()
    } finally {
      await demo.close()
    }
  })
})
