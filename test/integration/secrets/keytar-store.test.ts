import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { createKeytarStore } from '../../../electron/core/secrets/keytar-store'

const run = promisify(execFile)
const hasSession = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS)
// CI (.ci/run) always provides a session with an unlocked gnome-keyring; elsewhere, no session means no test to run.
const runReal = hasSession || process.env.CI === 'true'

// A service name of its own, so a developer's real TG Contacts entries are never touched.
const service = `TG Contacts integration ${process.pid}`

describe.runIf(runReal)('the keytar store against a real Secret Service', () => {
  const store = createKeytarStore({ service })
  afterAll(async () => {
    await store.delete('session')
    await store.delete('api-hash')
  })

  it('sets, reads, overwrites and deletes secrets per account', async () => {
    const session = `1BVtsOK4Bu${'x'.repeat(340)}`
    await store.set('session', session)
    await store.set('api-hash', '0123456789abcdef0123456789abcdef')
    await expect(store.get('session')).resolves.toBe(session)
    await expect(store.get('api-hash')).resolves.toBe('0123456789abcdef0123456789abcdef')

    await store.set('session', 'ünïcødé session ✓')
    await expect(store.get('session')).resolves.toBe('ünïcødé session ✓')

    await expect(store.delete('session')).resolves.toBe(true)
    await expect(store.get('session')).resolves.toBeNull()
    await expect(store.delete('session')).resolves.toBe(false)
    await expect(store.get('api-hash')).resolves.toBe('0123456789abcdef0123456789abcdef')
  })

  it('keeps entries of different services apart', async () => {
    const other = createKeytarStore({ service: `${service} other` })
    await store.set('session', 'mine')
    await expect(other.get('session')).resolves.toBeNull()
  })
})

describe.runIf(process.platform === 'linux')('the keytar store without a D-Bus session', () => {
  let runtimeDir = ''
  afterAll(async () => {
    if (runtimeDir) await rm(runtimeDir, { recursive: true, force: true })
  })

  it('throws KEYCHAIN_UNAVAILABLE and writes nothing to disk', async () => {
    runtimeDir = await mkdtemp(join(tmpdir(), 'tgc-no-dbus-'))
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: runtimeDir, HOME: runtimeDir }
    // No session bus address, no X display to autolaunch one, and an empty runtime dir (no $XDG_RUNTIME_DIR/bus).
    delete env.DBUS_SESSION_BUS_ADDRESS
    delete env.DISPLAY
    const probe = join(import.meta.dirname, 'no-keychain-probe.ts')
    const { stdout } = await run(process.execPath, ['--import', 'tsx', probe], { env, cwd: process.cwd(), timeout: 30_000 })
    const envelope = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { code: string; message: string }
    expect(envelope.code).toBe('KEYCHAIN_UNAVAILABLE')
    expect(envelope.message).toContain('keychain is not available')
    expect(envelope.message).not.toContain('must not be written')
    // No plaintext fallback file appeared in the home or runtime folder the child had.
    expect(await readdir(runtimeDir)).toEqual([])
  })
})
