import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { JobState } from '../../../electron/core/importer/job/job-state'
import { Journal } from '../../../electron/core/importer/job/journal'
import { accountDataDir } from '../../../electron/core/telegram/account-file'
import { startEmulator, type Emulator } from '../../emulator'
import { Random } from '../../../electron/emulator/random'
import type { CallRecord } from '../../../electron/emulator/script'
import { until } from './emulator-context'

/** Registered strangers (about 4,000) plus numbers nobody has: 12 requests of 500 (the default batch). */
const UNREGISTERED = 2000
const KILLS = 12
const SEED = 1203
const root = resolve(import.meta.dirname, '../../..')
const child = join(import.meta.dirname, 'fixtures/import-child.ts')

let emulator: Emulator
let dir: string

beforeAll(async () => {
  emulator = await startEmulator({ seed: 12, users: 4000, contacts: 10 })
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

describe('import job: kill -9 at random moments, restart', () => {
  it(
    'nothing is lost; after a crash, only numbers whose fate is unknown are sent again',
    { timeout: 120_000 },
    async () => {
      const world = emulator.world
      const me = world.accountId
      const random = new Random(SEED)
      const strangers = world.users.filter((u) => u.id !== me && !world.contactsOf(me).has(u.id))
      const contacts = strangers.map((u) => ({ firstName: u.firstName || 'X', lastName: u.lastName, phone: `+${digits(u.phone)}` }))
      for (let i = 0; contacts.length < strangers.length + UNREGISTERED; i++) {
        const phone = `4479${String(i).padStart(8, '0')}`
        if (!world.userByPhone(phone)) contacts.push({ firstName: `Nobody ${i}`, lastName: '', phone: `+${phone}` })
      }
      // Phone books mix people on Telegram and not: shuffled (seeded), every request holds both.
      for (let i = contacts.length - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1))
        ;[contacts[i], contacts[j]] = [contacts[j]!, contacts[i]!]
      }
      // What getContacts can show after a crash: a number that became a contact. The rest become saved phone contacts only.
      const knowable = new Set(strangers.filter((u) => (u.findableByPhone || world.isContact(u.id, me)) && !u.deleted).map((u) => digits(u.phone)))
      const file = join(dir, 'contacts.json')
      await writeFile(file, JSON.stringify(contacts))
      const env = { EMU: JSON.stringify({ endpoint: emulator.endpoint, session: emulator.account.session }), DATA_DIR: join(dir, 'data') }

      // Each request takes a while on the server, so many kills land while one is in flight.
      emulator.script('contacts.ImportContacts', { delayMs: 300, times: Number.POSITIVE_INFINITY })
      emulator.clearCalls()
      const imports = () => emulator.callsOf('contacts.ImportContacts')
      const phonesOf = (c: CallRecord) => (c.params.contacts as { phone: string }[]).map((x) => digits(x.phone))
      /** Per killed run: its last import request, the only one that can be unanswered at the kill. */
      const lastRequests: CallRecord[] = []
      let inFlightAtKill = 0
      let oldRuleResends = 0
      /** What the journal holds as sent but unanswered: before the check, all of it went again. */
      const unansweredInJournal = async () => {
        const loaded = await Journal.load(accountDataDir(env.DATA_DIR, { id: String(me) }))
        if (!loaded) return 0
        const state = new JobState(loaded.data.contacts)
        for (const record of loaded.data.records) state.apply(record)
        return state.unansweredBatches().reduce((n, b) => n + state.inFlightIds(b).length, 0)
      }
      let ended = false
      for (let k = 0; k < KILLS && !ended; k++) {
        const from = emulator.calls.length
        const proc = run(k === 0 ? { ...env, CONTACTS: file } : env)
        // A random moment after its first call to Telegram (a check, a request, a journal write), or, mostly,
        // after its first request (start-up takes seconds on a loaded machine; the moments that matter are later).
        const anchor = random.next() < 0.25 ? () => emulator.calls.length > from : () => imports().some((c) => c.seq > from)
        await until(() => anchor() || proc.proc.exitCode !== null, 30_000, 'the run to reach Telegram')
        await new Promise((r) => setTimeout(r, Math.floor(random.next() * 600)))
        ended = proc.proc.exitCode !== null
        proc.proc.kill('SIGKILL')
        const out = await proc.output
        if (out.code === 0) ended = true
        const mine = imports().filter((c) => c.seq > from)
        const last = mine.at(-1)
        if (last && !ended) {
          lastRequests.push(last)
          if (last.outcome.kind === 'pending') inFlightAtKill += 1
        }
        oldRuleResends += await unansweredInJournal()
        // The killed run's request is taken (or not) by the server before the next run looks.
        await until(() => imports().every((c) => c.outcome.kind !== 'pending'), 10_000, 'the server to finish the killed request')
      }
      const final = run(env)
      const done = await final.output
      expect(done.code, done.stderr).toBe(0)
      const result = JSON.parse(done.stdout.trim().split('\n').at(-1)!) as { job: { total: number; done: number; failed: number }; onTelegram: string[]; notOnTelegram: number; failed: number }

      const sends = new Map<string, number>()
      for (const phone of imports().flatMap(phonesOf)) sends.set(phone, (sends.get(phone) ?? 0) + 1)
      const allowance = new Map<string, number>()
      for (const c of lastRequests) for (const phone of phonesOf(c)) if (!knowable.has(phone)) allowance.set(phone, (allowance.get(phone) ?? 0) + 1)
      const resent = [...sends.values()].reduce((n, s) => n + s - 1, 0)
      const bound = [...allowance.values()].reduce((n, a) => n + a, 0)
      console.log(
        `kill loop (seed ${SEED}, ${contacts.length} numbers, ${knowable.size} on Telegram): ${lastRequests.length} kills after a request, ` +
          `${inFlightAtKill} of them with it unanswered by Telegram; ${resent} numbers re-sent (bound ${bound}: numbers not on Telegram ` +
          `in those requests); re-sending every unanswered request whole (the rule before) would have re-sent ${oldRuleResends}`,
      )

      // Nothing is lost: the job ends with every number answered, and Telegram holds each one.
      expect(result.job).toMatchObject({ total: contacts.length, done: contacts.length, failed: 0 })
      expect(result.onTelegram.length + result.notOnTelegram).toBe(contacts.length)
      expect(new Set(result.onTelegram.map(digits))).toEqual(knowable)
      const saved = world.account(me).saved
      for (const c of contacts) expect(saved.has(digits(c.phone)), c.phone).toBe(true)
      expect(sends.size).toBe(contacts.length)
      // Only numbers whose fate was unknown went again: never one the contact list showed as taken, and each
      // at most once per crash that left it unanswered.
      for (const [phone, n] of sends) {
        if (n === 1) continue
        expect(knowable.has(phone), `${phone} (a Telegram user) sent ${n} times`).toBe(false)
        expect(n - 1, `${phone} re-sent`).toBeLessThanOrEqual(allowance.get(phone) ?? 0)
      }
      expect(inFlightAtKill).toBeGreaterThanOrEqual(3)
    },
  )
})
