import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator'
import { runCli, startCli, type CliRun } from './run-cli'

/**
 * The CLI never reports success for work it did not do, says what is wrong in words a person can act on, and leaves no
 * temp or staging folder behind on any exit path (issue 11 item 26, issue 12 item 5).
 */
let emulator: Emulator
let work: string
const running: CliRun[] = []

beforeAll(async () => {
  emulator = await startEmulator({ seed: 43, users: 40, contacts: 12, savedUnregistered: 3 })
  work = await mkdtemp(join(tmpdir(), 'tgc-cli-fail-'))
})
afterEach(() => {
  emulator.clearScripts()
  for (const run of running.splice(0)) if (run.child.exitCode === null) run.child.kill('SIGKILL')
})
afterAll(async () => {
  await emulator.close()
  await rm(work, { recursive: true, force: true })
})

/** A fresh folder as the CLI's TMPDIR, and what the CLI left in it (tsx keeps its own caches there). */
async function privateTmp(): Promise<{ dir: string; leftovers(): Promise<string[]> }> {
  const dir = await mkdtemp(join(work, 'tmp-'))
  return { dir, leftovers: async () => (await readdir(dir)).filter((name) => name.startsWith('tg-contacts')) }
}

/** Waits until `server` has received `method` once more than it had (the CLI's request is in flight). */
async function inFlight(server: Emulator, method: string, run: CliRun, before: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (server.callsOf(method).length > before) return
    if (run.child.exitCode !== null) throw new Error(`the CLI exited early: ${run.stderr}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`${method} never arrived`)
}

/** Runs the CLI against a server of its own that is shut down (every connection cut, nothing listening) mid-`method`. */
async function killedMidRequest(args: string[], method: string, tmp: string) {
  const doomed = await startEmulator({ seed: 44, users: 20, contacts: 5, savedUnregistered: 2 })
  doomed.script(method, { delayMs: 120_000 })
  const run = startCli(args, { emulator: doomed, env: { TMPDIR: tmp } })
  running.push(run)
  await inFlight(doomed, method, run, 0)
  await doomed.close()
  return run.exited
}

describe('CLI parse', () => {
  it('exits 1 when a file yields no contacts, and still reports every file', async () => {
    const binary = join(work, 'photo.vcf')
    await writeFile(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)))
    const good = join(work, 'one.vcf')
    await writeFile(good, 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Example\r\nTEL:+4915112345678\r\nEND:VCARD\r\n')
    const { code, stdout, stderr } = await runCli(['parse', good, binary])
    expect(code).toBe(1)
    expect(stdout).toContain('Ann Example')
    expect(stdout).toMatch(/one\.vcf: 1 contact, 1 number, 0 problems/)
    expect(stdout).not.toContain('line 0')
    expect(stderr).toMatch(/photo\.vcf: no contacts read/)
  })
})

describe('CLI configuration errors', () => {
  it('a malformed TG_API_HASH is named as such (exit 2), without echoing it', async () => {
    const { code, stderr } = await runCli(['list'], { emulator, env: { TG_API_HASH: 'not-a-hash-value' } })
    expect(code).toBe(2)
    expect(stderr).toMatch(/TG_API_HASH/)
    expect(stderr).not.toContain('not-a-hash-value')
  })

  it('a malformed TG_API_ID is named as such (exit 2)', async () => {
    const { code, stderr } = await runCli(['list'], { emulator, env: { TG_API_ID: '12ab' } })
    expect(code).toBe(2)
    expect(stderr).toMatch(/TG_API_ID/)
  })

  it('a garbage TG_CONTACTS_SESSION is called invalid (exit 4), not "something went wrong"', async () => {
    const { code, stderr } = await runCli(['list'], { emulator, env: { TG_CONTACTS_SESSION: 'garbage' } })
    expect(code, stderr).toBe(4)
    expect(stderr).toMatch(/TG_CONTACTS_SESSION.*(invalid|revoked)/)
    expect(stderr).not.toMatch(/went wrong/)
  })

  it('a session Telegram no longer accepts is called revoked or invalid (exit 4)', async () => {
    const { code, stderr } = await runCli(['list'], { emulator, env: { TG_CONTACTS_SESSION: await emulator.mintSession(null) } })
    expect(code, stderr).toBe(4)
    expect(stderr).toMatch(/TG_CONTACTS_SESSION.*(invalid|revoked)/)
  })
})

describe('CLI export targets', () => {
  it('--out naming an existing folder writes contacts.<ext> inside it', async () => {
    const folder = join(work, 'exports')
    await mkdir(folder)
    const { code, stdout, stderr } = await runCli(['export', '--format', 'csv', '--out', folder], { emulator })
    expect(code, stderr).toBe(0)
    expect(stdout).toContain(join(folder, 'contacts.csv'))
    expect(await readdir(folder)).toEqual(['contacts.csv'])
  })
})

describe('CLI export killed with kill -9', () => {
  it('the next export removes the staging folder it left and finishes its takeout before opening its own', async () => {
    const dataDir = await mkdtemp(join(work, 'data-'))
    const folder = join(work, 'killed')
    await mkdir(folder)
    const args = ['export', '--format', 'csv', '--out', join(folder, 'contacts.csv')]
    const env = { TG_CONTACTS_DATA_DIR: dataDir }
    emulator.script('contacts.getSaved', { delayMs: 120_000, times: 1 })
    const killed = startCli(args, { emulator, env, bare: true })
    running.push(killed)
    await inFlight(emulator, 'contacts.getSaved', killed, emulator.callsOf('contacts.getSaved').length)
    const takeoutId = emulator.callsOf('contacts.getSaved').at(-1)!.takeoutId
    killed.child.kill('SIGKILL')
    await killed.exited
    expect(await readdir(folder)).toEqual([expect.stringMatching(/^\.tg-contacts-export-\d+-[0-9a-f]{8}$/)])

    const callsBefore = emulator.calls.length
    const { code, stderr } = await runCli(args, { emulator, env })
    expect(code, stderr).toBe(0)
    expect(await readdir(folder)).toEqual(['contacts.csv'])
    const takeouts = emulator.calls.slice(callsBefore).filter((c) => /TakeoutSession/.test(c.method))
    expect(takeouts.map((c) => `${c.method}${c.takeoutId === takeoutId ? ' (killed)' : ''}`).slice(0, 2)).toEqual([
      'account.FinishTakeoutSession (killed)',
      'account.InitTakeoutSession',
    ])
  })
})

// The connection's loss is noticed at once (telegram/connection/supervisor.ts): each case takes a few seconds.
describe('CLI when Telegram goes away mid-request', { timeout: 30_000 }, () => {
  it('list exits non-zero with a message and leaves no temp folder', async () => {
    const tmp = await privateTmp()
    const { code, stdout, stderr } = await killedMidRequest(['list', '--json'], 'contacts.getContacts', tmp.dir)
    expect(code).not.toBe(0)
    expect(code).not.toBeNull()
    expect(stdout).toBe('')
    expect(stderr).toMatch(/reach Telegram|connection/i)
    expect(await tmp.leftovers()).toEqual([])
  })

  it('export exits non-zero, writes nothing and leaves no staging or temp folder', async () => {
    const tmp = await privateTmp()
    const parent = join(work, 'gone')
    const { code, stderr } = await killedMidRequest(['export', '--format', 'json', '--out', join(parent, 'contacts.json')], 'contacts.getSaved', tmp.dir)
    expect(code).not.toBe(0)
    expect(code).not.toBeNull()
    expect(stderr).toMatch(/reach Telegram|connection/i)
    expect(await readdir(parent).catch(() => 'no folder')).toBe('no folder')
    expect(await tmp.leftovers()).toEqual([])
  })

  it.each(['SIGINT', 'SIGTERM'] as const)('%s during an export exits 128+n and removes its folders', async (signal) => {
    const tmp = await privateTmp()
    const parent = join(work, `signal-${signal}`)
    emulator.script('contacts.getSaved', { delayMs: 120_000 })
    const run = startCli(['export', '--format', 'json', '--out', join(parent, 'contacts.json')], { emulator, env: { TMPDIR: tmp.dir }, direct: true })
    running.push(run)
    await inFlight(emulator, 'contacts.getSaved', run, emulator.callsOf('contacts.getSaved').length)
    run.child.kill(signal)
    const { code, stderr } = await run.exited
    expect(code).toBe(signal === 'SIGINT' ? 130 : 143)
    expect(stderr).toMatch(/interrupted/i)
    expect(await readdir(parent).catch(() => 'no folder')).toBe('no folder')
    expect(await tmp.leftovers()).toEqual([])
  })
})
