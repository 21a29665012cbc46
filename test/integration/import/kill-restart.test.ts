import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator'
import { until } from './emulator-context'

const TOTAL = 5000
const root = resolve(import.meta.dirname, '../../..')
const child = join(import.meta.dirname, 'fixtures/import-child.ts')

let emulator: Emulator
let dir: string

beforeAll(async () => {
  emulator = await startEmulator({ seed: 12, users: 600, contacts: 10 })
  dir = await mkdtemp(join(tmpdir(), 'tgc-kill-'))
})
afterAll(async () => {
  await emulator.close()
  await rm(dir, { recursive: true, force: true })
})

const digits = (p: string) => p.replace(/\D/g, '')

function run(env: Record<string, string>): { proc: ChildProcess; output: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  // node itself (not the tsx wrapper, which would leave its node child running after a kill -9).
  const proc = spawn(process.execPath, ['--import', 'tsx', child], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  proc.stdout!.on('data', (d) => (stdout += d))
  proc.stderr!.on('data', (d) => (stderr += d))
  const output = new Promise<{ code: number | null; stdout: string; stderr: string }>((res) => proc.on('exit', (code) => res({ code, stdout, stderr })))
  return { proc, output }
}

describe('import job: kill -9 and restart', () => {
  it('resumes from the journal: nothing acknowledged is sent again, nothing is lost', { timeout: 150_000 }, async () => {
    const world = emulator.world
    const registered = world.users.filter((u) => u.id !== world.accountId).map((u) => ({ firstName: u.firstName || 'X', lastName: u.lastName, phone: `+${digits(u.phone)}` }))
    const contacts = [...registered]
    for (let i = 0; contacts.length < TOTAL; i++) contacts.push({ firstName: `Nobody ${i}`, lastName: '', phone: `+4479${String(i).padStart(8, '0')}` })
    const file = join(dir, 'contacts.json')
    await writeFile(file, JSON.stringify(contacts))
    const env = { EMU: JSON.stringify({ endpoint: emulator.endpoint, session: emulator.account.session }), DATA_DIR: join(dir, 'data') }

    // Each import request takes a while on the server, so the kill lands while one is in flight.
    emulator.script('contacts.ImportContacts', { delayMs: 250, times: Number.POSITIVE_INFINITY })
    emulator.clearCalls()
    const first = run({ ...env, CONTACTS: file })
    const imports = () => emulator.callsOf('contacts.ImportContacts')
    await until(() => imports().length >= 4 && imports().at(-1)!.outcome.kind === 'pending', 60_000, 'a request in flight after three answered')
    first.proc.kill('SIGKILL')
    const killed = await first.output
    expect(killed.code).toBeNull()
    const before = imports()
    const inFlight = before.filter((c) => c.outcome.kind === 'pending')
    expect(inFlight).toHaveLength(1)
    const killSeq = inFlight[0]!.seq

    const second = run(env)
    const done = await second.output
    expect(done.code, done.stderr).toBe(0)
    const result = JSON.parse(done.stdout.trim().split('\n').at(-1)!) as { job: { total: number; done: number; failed: number }; onTelegram: string[]; notOnTelegram: number; failed: number }
    expect(result.job).toMatchObject({ total: TOTAL, done: TOTAL, failed: 0 })
    expect(result.onTelegram.length + result.notOnTelegram).toBe(TOTAL)

    const calls = imports()
    const phonesOf = (c: (typeof calls)[number]) => (c.params.contacts as { phone: string }[]).map((x) => digits(x.phone))
    const acknowledged = new Set(calls.filter((c) => c.seq < killSeq).flatMap(phonesOf))
    const ambiguous = new Set(phonesOf(inFlight[0]!))
    const afterKill = calls.filter((c) => c.seq > killSeq).flatMap(phonesOf)
    // Nothing Telegram had answered before the kill goes again.
    for (const phone of afterKill) expect(acknowledged.has(phone), `${phone} re-sent after acknowledgement`).toBe(false)
    // The request in flight at the kill is the one that is sent again, once, and first.
    expect(phonesOf(calls.find((c) => c.seq > killSeq)!)).toEqual([...ambiguous])
    const counts = new Map<string, number>()
    for (const phone of calls.flatMap(phonesOf)) counts.set(phone, (counts.get(phone) ?? 0) + 1)
    for (const [phone, n] of counts) expect(n, phone).toBe(ambiguous.has(phone) ? 2 : 1)
    // Nothing is lost: every number reached Telegram and is saved there.
    expect(counts.size).toBe(TOTAL)
    const saved = world.account(world.accountId).saved
    for (const c of contacts) expect(saved.has(digits(c.phone))).toBe(true)
  })
})
