import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DemoSwitch, demoConfig } from '../../../electron/core/demo/demo-switch'
import { DEMO_WORLD } from '../../../electron/core/demo/options'
import type { HostConfig, ToHost } from '../../../electron/core/host/protocol'
import { readyHost, supervised, type FakeChild } from './fake-child'

let root: string
let account: HostConfig
let tempRoot: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tgc-demo-switch-'))
  tempRoot = join(root, 'tmp')
  await mkdir(tempRoot)
  account = {
    dataDir: join(root, 'user-data', 'data'),
    shell: 'electron',
    secrets: { kind: 'keychain' },
    allowEnvSeams: true,
    demo: false,
    checkOutputs: true,
    identity: { name: 'TG Contacts', version: '1.2.3' },
    env: { TG_CONTACTS_ENDPOINT: '{"host":"evil.example"}', TG_CONTACTS_SESSION: 'someone-elses', TG_API_ID: '1' },
    bridge: { rendererDir: '/app/renderer' },
    forwardEvents: true,
  }
})
afterEach(async () => rm(root, { recursive: true, force: true }))

const initOf = (child: FakeChild | undefined) => (child?.sent[0] as Extract<ToHost, { type: 'init' }> | undefined)?.config

describe("the demo's configuration", () => {
  it('keeps nothing of the account but the shell: memory secrets, its own folder, no environment, no seams, the world', () => {
    const config = demoConfig(account, '/tmp/tg-contacts-demo-x', DEMO_WORLD)
    expect(config).toEqual({
      dataDir: '/tmp/tg-contacts-demo-x',
      shell: 'electron',
      secrets: { kind: 'memory' },
      allowEnvSeams: false,
      env: {},
      demo: true,
      demoWorld: { seed: 7, contacts: 300 },
      demoSwitch: true,
      checkOutputs: true,
      identity: { name: 'TG Contacts', version: '1.2.3' },
      bridge: { rendererDir: '/app/renderer' },
      forwardEvents: true,
    })
  })
})

describe('the demo switch', () => {
  it("replaces the account's core with the demo's in a fresh folder outside the data folder, and back, deleting that folder", async () => {
    const demo = new DemoSwitch({ account, tempRoot })
    const { supervisor, children } = supervised(readyHost, { config: await demo.initial('account') })
    demo.attach(supervisor)
    await supervisor.start()
    expect(initOf(children[0])).toEqual({ ...account, demoSwitch: true })
    expect(demo.dataDir).toBe(account.dataDir)

    children[0]?.reply({ type: 'switch', to: 'demo' })
    await vi.waitFor(() => expect(children[1]?.sent).toContainEqual({ type: 'init', config: expect.anything() }))
    await vi.waitFor(() => expect(demo.mode).toBe('demo'))
    const demoDir = demo.dataDir
    expect(demoDir.startsWith(join(tempRoot, 'tg-contacts-demo-'))).toBe(true)
    expect(existsSync(demoDir)).toBe(true)
    expect(initOf(children[1])).toEqual(demoConfig(account, demoDir, DEMO_WORLD))
    expect(children[0]?.sent.at(-1)).toEqual({ type: 'dispose' })

    children[1]?.reply({ type: 'switch', to: 'account' })
    await vi.waitFor(() => expect(existsSync(demoDir)).toBe(false))
    expect(demo.mode).toBe('account')
    expect(demo.dataDir).toBe(account.dataDir)
    expect(initOf(children[2])).toEqual({ ...account, demoSwitch: true })
    expect(await readdir(tempRoot)).toEqual([])
  })

  it('opens the world it was given, and can start in the demo (npm run demo)', async () => {
    const demo = new DemoSwitch({ account, tempRoot, world: { seed: 3, contacts: 40 } })
    const first = await demo.initial('demo')
    expect(first).toMatchObject({ demo: true, demoWorld: { seed: 3, contacts: 40 }, secrets: { kind: 'memory' } })
    expect(first.dataDir).toBe(demo.dataDir)
    await demo.dispose()
    expect(existsSync(first.dataDir)).toBe(false)
  })

  it("runs the account's core again when the demo cannot start, and says why", async () => {
    const failures: string[] = []
    const demo = new DemoSwitch({ account, tempRoot, onFailed: (to, error) => failures.push(`${to}: ${error.message}`) })
    const { supervisor, children, states } = supervised(
      (child, message) => {
        if (message.type === 'init' && message.config.demoWorld) queueMicrotask(() => child.reply({ type: 'failed', message: 'the emulator found no free port' }))
        else readyHost(child, message)
      },
      { config: await demo.initial('account') },
    )
    demo.attach(supervisor)
    await supervisor.start()
    children[0]?.reply({ type: 'switch', to: 'demo' })
    await vi.waitFor(() => expect(failures).toHaveLength(1))
    expect(failures).toEqual(['demo: the core could not start: the emulator found no free port'])
    expect(demo.mode).toBe('account')
    expect(initOf(children[2])).toEqual({ ...account, demoSwitch: true })
    expect(states.at(-1)).toBe('running')
    expect(await readdir(tempRoot)).toEqual([])
  })

  it('deletes the demo folder when the app quits during the demo', async () => {
    const demo = new DemoSwitch({ account, tempRoot })
    const { supervisor, children } = supervised(readyHost, { config: await demo.initial('account') })
    demo.attach(supervisor)
    await supervisor.start()
    children[0]?.reply({ type: 'switch', to: 'demo' })
    await vi.waitFor(() => expect(demo.mode).toBe('demo'))
    const demoDir = demo.dataDir
    await supervisor.dispose()
    await demo.dispose()
    expect(existsSync(demoDir)).toBe(false)
  })

  it('refuses to keep demo data inside the account data folder', () => {
    expect(() => new DemoSwitch({ account, tempRoot: join(account.dataDir, 'tmp') })).toThrow('inside the account data folder')
    expect(() => new DemoSwitch({ account, tempRoot: account.dataDir })).toThrow('inside the account data folder')
  })
})
