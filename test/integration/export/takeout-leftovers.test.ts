import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Result } from '../../../electron/core/contract'
import { createBrowserPlatform } from '../../../electron/core/bridge'
import { forkCore, type CoreProcess } from '../../../electron/core/host/fork-core'
import { startEmulator, type Emulator } from '../../emulator'
import { API_HASH, API_ID, openCore, removeDir, type TestCore } from '../core/helpers'
import { until } from '../import/emulator-context'

/**
 * Issue 12 item 4: an export is never left half done on either side. A takeout session opened by an export that was
 * killed, or cut off by the server going away, is finished (at the next start, or once the server is back); temp files
 * a killed export left next to its target go at the next start or the next export into that folder; a relative folder
 * is refused before anything starts.
 */
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function emulator(): Promise<Emulator> {
  const emu = await startEmulator({ seed: 61, users: 60, contacts: 20, savedUnregistered: 5 })
  cleanups.push(async () => {
    emu.resume()
    await emu.close()
  })
  return emu
}

async function folder(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  cleanups.push(() => removeDir(dir))
  return dir
}

async function core(emu: Emulator, dataDir?: string): Promise<TestCore> {
  const opened = await openCore(emu, { session: emu.account.session, ...(dataDir ? { dataDir } : {}) })
  cleanups.push(async () => {
    await opened.dispose()
    await removeDir(opened.dataDir)
  })
  // Signed in through TG_CONTACTS_SESSION: the first call learns who the session belongs to.
  expect((await opened.call('auth.status')).state).toBe('signedIn')
  return opened
}

/** The pid of a process that has exited (nothing runs under it now). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  return child.pid!
}

const finishesOf = (emu: Emulator, takeoutId: string | undefined) => emu.callsOf('account.FinishTakeoutSession').filter((c) => c.takeoutId === takeoutId)

describe('takeouts are always finished', () => {
  it('a core killed with kill -9 mid-export finishes its takeout when it starts again, and removes the temp files it left', async () => {
    const emu = await emulator()
    const dataDir = await folder('tgc-takeout-data-')
    const out = await folder('tgc-takeout-out-')
    const child: CoreProcess = await forkCore({
      config: {
        dataDir,
        shell: 'browser',
        secrets: { kind: 'memory' },
        allowEnvSeams: true,
        demo: false,
        checkOutputs: true,
        env: { TG_API_ID: API_ID, TG_API_HASH: API_HASH, TG_CONTACTS_ENDPOINT: JSON.stringify(emu.endpoint), TG_CONTACTS_SESSION: emu.account.session },
      },
      platform: createBrowserPlatform(),
    })
    cleanups.push(() => child.dispose())
    expect(await child.router.dispatch('auth.status', {})).toMatchObject({ ok: true, value: { state: 'signedIn' } })
    emu.script('contacts.GetSaved', { delayMs: 120_000, times: 1 })
    const running: Promise<Result<unknown>> = child.router.dispatch('export.run', { formats: ['json', 'csv'], includeNotOnTelegram: true, directory: out })
    await until(() => emu.callsOf('contacts.GetSaved').length === 1, 20_000, 'getSaved')
    const takeoutId = emu.callsOf('contacts.GetSaved')[0]!.takeoutId
    expect(takeoutId).toBeDefined()
    const pid = child.process!.pid!
    // What a kill while writing leaves next to the target (atomic-file.ts names its temp files so).
    await writeFile(join(out, `.result.json.${pid}.0badc0de.tmp`), '{"about":')
    await writeFile(join(out, `.contacts.csv.${pid}.0badc0de.tmp`), 'First Name,')
    // Someone else's file of a similar name is none of the app's business.
    await writeFile(join(out, `.notes.txt.${pid}.0badc0de.tmp`), 'mine')

    child.process!.kill('SIGKILL')
    expect((await running).ok).toBe(false)
    // The page asks who is signed in once the core is back (CoreBanner's resync), as the app does after a restart.
    await until(async () => {
      const status = await child.router.dispatch('auth.status', {})
      return status.ok && (status.value as { state: string }).state === 'signedIn'
    }, 30_000, 'the restarted core')
    // The supervisor starts the core again (as the app would be started again); it finishes the takeout by itself.
    await until(() => finishesOf(emu, takeoutId).length === 1, 30_000, 'finishTakeoutSession of the killed export')
    expect(finishesOf(emu, takeoutId)[0]!.params.success).toBeFalsy()
    expect(emu.world.account(emu.world.accountId).takeout.id).toBeUndefined()
    await until(async () => (await readdir(out)).length === 1, 10_000, 'the temp files to go')
    expect(await readdir(out)).toEqual([`.notes.txt.${pid}.0badc0de.tmp`])
  })

  it('with the server gone mid-export, fails within seconds and finishes the takeout once the server is back', async () => {
    const emu = await emulator()
    const out = await folder('tgc-takeout-out-')
    const app = await core(emu)
    emu.script('contacts.GetSaved', { delayMs: 120_000, times: 1 })
    const running = app.core.router.dispatch('export.run', { formats: ['vcf'], includeNotOnTelegram: true, directory: out })
    await until(() => emu.callsOf('contacts.GetSaved').length === 1, 20_000, 'getSaved')
    const takeoutId = emu.callsOf('contacts.GetSaved')[0]!.takeoutId
    const goneAt = Date.now()
    await emu.kill()
    const result = await running
    const failedAfterMs = Date.now() - goneAt
    expect(result).toMatchObject({ ok: false, error: { code: 'NETWORK' } })
    expect(failedAfterMs).toBeLessThan(5000)
    expect(await readdir(out)).toEqual([])
    expect(finishesOf(emu, takeoutId)).toEqual([])

    await emu.restart()
    await until(() => finishesOf(emu, takeoutId).length === 1, 20_000, 'finishTakeoutSession once the server is back')
    expect(emu.world.account(emu.world.accountId).takeout.id).toBeUndefined()
    console.log(`export with the server gone: NETWORK after ${failedAfterMs} ms`)
  })

  it('the next export finishes a takeout a killed one left open before it opens its own', async () => {
    const emu = await emulator()
    const out = await folder('tgc-takeout-out-')
    const first = await core(emu)
    const dataDir = first.dataDir
    emu.script('contacts.GetSaved', { delayMs: 120_000, times: 1 })
    void first.core.router.dispatch('export.run', { formats: ['csv'], includeNotOnTelegram: true, directory: out })
    await until(() => emu.callsOf('contacts.GetSaved').length === 1, 20_000, 'getSaved')
    const takeoutId = emu.callsOf('contacts.GetSaved')[0]!.takeoutId
    // The app quits without a word to Telegram (as a kill would): the remembered takeout is all that is left.
    await emu.kill()
    await first.dispose()
    await emu.restart()
    emu.clearCalls()

    const second = await core(emu, dataDir)
    const result = await second.call('export.run', { formats: ['csv'], includeNotOnTelegram: true, directory: out })
    expect(result.count).toBeGreaterThan(0)
    const order = emu.calls.filter((c) => /TakeoutSession/.test(c.method)).map((c) => `${c.method}${c.takeoutId === takeoutId ? ' (old)' : ''}`)
    expect(order.slice(0, 2)).toEqual(['account.FinishTakeoutSession (old)', 'account.InitTakeoutSession'])
    expect(await readdir(out)).toEqual(['contacts.csv'])
  })

  it('the next export into a folder removes the temp files a dead export left there, and no one else\'s', async () => {
    const emu = await emulator()
    const out = await folder('tgc-takeout-out-')
    const app = await core(emu)
    const dead = await deadPid()
    await writeFile(join(out, `.contacts.vcf.${dead}.12345678.tmp`), 'BEGIN:VCARD')
    // A live process's temp file may be a write in progress (another instance, the CLI): it stays.
    await writeFile(join(out, `.contacts.vcf.${process.pid}.87654321.tmp`), 'BEGIN:VCARD')
    await mkdir(join(out, 'sub'))
    await app.call('export.run', { formats: ['vcf'], includeNotOnTelegram: true, directory: out })
    expect((await readdir(out)).sort()).toEqual([`.contacts.vcf.${process.pid}.87654321.tmp`, 'contacts.vcf', 'sub'])
  })

  it('refuses a relative folder with a clear error before anything starts', async () => {
    const emu = await emulator()
    const app = await core(emu)
    cleanups.push(() => rm(join(process.cwd(), 'exports'), { recursive: true, force: true }))
    emu.clearCalls()
    const error = await app.fail('export.run', { formats: ['json'], includeNotOnTelegram: true, directory: 'exports' })
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toMatch(/full path/i)
    expect(error.message).toContain('exports')
    expect(emu.callsOf('account.InitTakeoutSession')).toEqual([])
    await expect(readdir(join(process.cwd(), 'exports'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
