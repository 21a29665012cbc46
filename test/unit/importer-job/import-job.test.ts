import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises'
import { uptime } from 'node:os'
import { join } from 'node:path'
import { errors } from 'telegram'
import { afterEach, describe, expect, it } from 'vitest'
import type { CoreContext } from '../../../electron/core/app/context'
import { AppError, type Self } from '../../../electron/core/contract'
import { ImportService } from '../../../electron/core/importer/job/import-service'
import type { ImportPolicy } from '../../../electron/core/importer/job/types'
import { FakeClock, FakeTelegram, contactsOf, fakeContext, tempDir } from './helpers'

const policy: Partial<ImportPolicy> = {
  batchSize: 100,
  retryDelayMs: (attempt) => attempt * 10_000,
  allRetryWaitMs: 3600_000,
  progressIntervalMs: 0,
}

/** Every service a test makes, disposed after it so no journal file handle outlives its test. */
const services: ImportService[] = []
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.dispose()))
})

async function setup(options: { policy?: Partial<ImportPolicy>; dir?: string; tg?: FakeTelegram; clock?: FakeClock } = {}) {
  const dir = options.dir ?? (await tempDir())
  const clock = options.clock ?? new FakeClock()
  const tg = options.tg ?? new FakeTelegram()
  const harness = fakeContext(dir, clock, tg)
  const service = new ImportService(harness.ctx, { policy: { ...policy, ...options.policy }, clock, send: tg.send })
  services.push(service)
  await service.whenReady()
  return { dir, clock, tg, service, ...harness }
}

/** Polls until cond holds (journal writes are real fsyncs, so this waits on real I/O, not on time). */
async function until(cond: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await cond()) return
    await new Promise((r) => setTimeout(r, 5))
  }
  throw new Error('condition never held')
}

async function finished(service: ImportService) {
  await until(async () => ['done', 'cancelled', 'failed'].includes((await service.status())?.state ?? ''))
  return (await service.status())!
}

/**
 * A job of `count` whose second request never answers: one batch acknowledged, one in flight. `applied`: Telegram
 * took that request, its answer is what was lost.
 */
async function interruptedJob(count: number, applied = false) {
  const tg = new FakeTelegram()
  tg.script.set(1, { hang: true, applied })
  const first = await setup({ tg })
  await first.service.start(contactsOf(count))
  await until(() => tg.requests.length >= 2)
  return first
}

/** client_ids from..to-1. */
const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i)

const me: Self = { id: '1', firstName: 'Me', lastName: '', username: null, phone: null }

/** The app started again over `dir`, signed in as `initial` (or signed out); signIn/signOut change it as the core would. */
async function restartAs(dir: string, initial: Self | null) {
  const tg = new FakeTelegram()
  const clock = new FakeClock()
  const harness = fakeContext(dir, clock, tg)
  let self = initial
  harness.ctx.telegram.self = () => self
  const service = new ImportService(harness.ctx, { policy, clock, send: tg.send })
  services.push(service)
  await service.whenReady()
  return {
    service,
    tg,
    signIn(user: Self) {
      self = user
      harness.ctx.events.emit('auth.changed', { state: 'signedIn', user })
    },
    signOut() {
      self = null
      harness.ctx.events.emit('auth.changed', { state: 'signedOut' })
    },
  }
}

describe('import job', () => {
  it('tells the saved-numbers registry each acknowledged row, not the ones Telegram asks to send again', async () => {
    const tg = new FakeTelegram()
    tg.script.set(0, { retry: [3] })
    const { service, learned } = await setup({ tg })
    await service.start(contactsOf(5))
    await finished(service)
    // The first answer keeps 0, 1, 2 and 4; row 3 comes in the retry's answer.
    expect(learned.map((c) => c.phone)).toEqual(['+15550000000', '+15550000001', '+15550000002', '+15550000004', '+15550000003'])
    expect(learned[1]).toMatchObject({ firstName: 'P1', lastName: 'Last' })
  })

  it('sends batches of the policy size with client_ids unique in the job, and maps answers back by client_id', async () => {
    const { service, tg, notifications, refreshes } = await setup()
    await service.start(contactsOf(250))
    const job = await finished(service)
    // The list is refreshed once the job is done, so the new contacts show up.
    expect(refreshes()).toBe(1)
    expect(tg.requests.map((r) => r.length)).toEqual([100, 100, 50])
    const ids = tg.requests.flat().map((c) => c.clientId)
    expect(new Set(ids).size).toBe(250)
    expect(ids).toEqual(Array.from({ length: 250 }, (_, i) => i))
    expect(job).toMatchObject({ state: 'done', total: 250, done: 250, onTelegram: 125, notOnTelegram: 125, failed: 0, requests: 3 })
    const { report, csv } = await service.report()
    expect(report!.onTelegram[0]).toEqual({ name: 'P0', phone: '+15550000000', userId: '1000', username: 'u0' })
    expect(report!.notOnTelegram[0]).toEqual({ name: 'P1 Last', phone: '+15550000001', popularInvites: 3 })
    expect(csv!.split('\r\n')[0]).toBe('Result,Name,Phone,Telegram user id,Username,Popular invites,Reason')
    expect(csv!.split('\r\n')[1]).toBe('on Telegram,P0,+15550000000,1000,u0,,')
    expect(notifications).toEqual([{ title: 'Import finished', body: '125 on Telegram, 125 not on Telegram.' }])
  })

  it('drops repeated numbers before sending', async () => {
    const { service, tg } = await setup()
    const list = contactsOf(3)
    await service.start([...list, { ...list[1]!, firstName: 'Again' }])
    expect((await finished(service)).total).toBe(3)
    expect(tg.requests.flat().map((c) => c.phone)).toEqual(list.map((c) => c.phone))
  })

  it('sends retry_contacts again after the backoff, and each number is acknowledged once', async () => {
    const tg = new FakeTelegram()
    tg.script.set(0, { retry: [3, 7] })
    tg.script.set(3, { retry: [3] })
    const { service, clock } = await setup({ tg })
    const t0 = clock.t
    await service.start(contactsOf(300))
    const job = await finished(service)
    expect(job).toMatchObject({ state: 'done', done: 300, retrying: 0, failed: 0 })
    // Requests: 0..2 the three batches, 3 = [3, 7] (3 asked again), 4 = [3].
    expect(tg.requests[3]!.map((c) => c.clientId)).toEqual([3, 7])
    expect(tg.requests[4]!.map((c) => c.clientId)).toEqual([3])
    expect([...tg.acknowledged.values()].every((n) => n === 1)).toBe(true)
    expect(tg.acknowledged.size).toBe(300)
    // The second retry of #3 waited the longer backoff (attempt 2 = 20 s) after its first retry.
    expect(clock.t - t0).toBeGreaterThanOrEqual(10_000 + 20_000)
  })

  it('backs off for an hour when a whole batch comes back as retry, and says why', async () => {
    const tg = new FakeTelegram()
    tg.script.set(1, { retry: 'all' })
    const { service, progress, clock } = await setup({ tg })
    await service.start(contactsOf(200))
    const job = await finished(service)
    expect(job.state).toBe('done')
    const waiting = progress.find((p) => p.state === 'waiting')
    expect(waiting).toMatchObject({ waitReason: 'retryBackoff', retrying: 100 })
    expect(waiting!.waitUntil! - 1_700_000_000_000).toBeGreaterThanOrEqual(3600_000)
    expect(clock.sleeps).toContain(3600_000)
    expect(tg.requests[2]!.map((c) => c.clientId)).toEqual(tg.requests[1]!.map((c) => c.clientId))
  })

  it.each([
    ['an AppError FLOOD_WAIT', new AppError({ code: 'FLOOD_WAIT', message: 'wait', seconds: 42 })],
    ['a GramJS FloodWaitError', Object.assign(new errors.FloodWaitError({ request: undefined, capture: 42 }), { seconds: 42 })],
  ])('waits out %s with a countdown and sends the same batch again', async (_, error) => {
    const tg = new FakeTelegram()
    tg.script.set(1, { error })
    const { service, progress, clock } = await setup({ tg })
    await service.start(contactsOf(200))
    const job = await finished(service)
    expect(job).toMatchObject({ state: 'done', done: 200, requests: 3 })
    const waiting = progress.find((p) => p.state === 'waiting')!
    expect(waiting.waitReason).toBe('floodWait')
    expect(clock.sleeps).toContain(42_000)
    expect(tg.requests[2]).toEqual(tg.requests[1])
    expect([...tg.acknowledged.values()].every((n) => n === 1)).toBe(true)
  })

  it('shows no rate from one quick batch before a flood wait, counts the wait in the rate, and none while paused', async () => {
    const tg = new FakeTelegram()
    const clock = new FakeClock()
    tg.script.set(1, { error: new AppError({ code: 'FLOOD_WAIT', message: 'wait', seconds: 60 }) })
    // Each request takes 74 ms, as the emulator's first answers did.
    const send = tg.send
    tg.send = async (batch) => {
      clock.t += 74
      return send(batch)
    }
    const { service, progress } = await setup({ tg, clock })
    await service.start(contactsOf(600))
    expect(await finished(service)).toMatchObject({ state: 'done', done: 600 })
    const waiting = progress.find((p) => p.state === 'waiting')!
    // One answer so far: no rate, no time left (before: 81,081 per minute and "about 0:00 left").
    expect(waiting).toMatchObject({ ratePerMinute: null, estimatedEndAt: null, done: 100 })
    const afterWait = progress.filter((p) => p.state === 'running' && p.done === 200)
    expect(afterWait.length).toBeGreaterThan(0)
    // 200 numbers over 74 + 74 ms of requests and the 60 s wait, then one more request of 74 ms.
    expect(afterWait.at(-1)!.ratePerMinute).toBeCloseTo((200 / (60_000 + 3 * 74)) * 60_000, 0)
    expect(afterWait.at(-1)!.estimatedEndAt).toBeGreaterThan(clock.t - 1)

    const paused = await setup({ tg: new FakeTelegram() })
    paused.tg.script.set(2, { hang: true })
    await paused.service.start(contactsOf(300))
    await until(() => paused.tg.requests.length >= 3)
    expect(await paused.service.pause()).toMatchObject({ state: 'paused', ratePerMinute: null, estimatedEndAt: null })
  })

  it('splits a batch Telegram refuses until the bad contact is found, and reports it as failed', async () => {
    const tg = new FakeTelegram()
    const bad = '+15550000005'
    const send = tg.send
    tg.send = async (batch) => {
      if (batch.some((c) => c.phone === bad)) {
        tg.requests.push([...batch])
        throw new errors.RPCError('PHONE_NUMBER_INVALID', undefined as never, 400)
      }
      return send(batch)
    }
    const { service } = await setup({ tg })
    await service.start(contactsOf(8))
    const job = await finished(service)
    expect(job).toMatchObject({ state: 'done', done: 7, failed: 1 })
    const { report } = await service.report()
    expect(report!.failed).toEqual([{ name: 'P5 Last', phone: bad, reason: 'Telegram refused this contact (PHONE_NUMBER_INVALID).' }])
  })

  it('reports a contact as failed once Telegram asked for it maxRetries times', async () => {
    const tg = new FakeTelegram()
    for (let i = 1; i < 10; i++) tg.script.set(i, { retry: [0] })
    tg.script.set(0, { retry: [0] })
    const { service } = await setup({ tg, policy: { maxRetries: 3 } })
    await service.start(contactsOf(2))
    const job = await finished(service)
    expect(job).toMatchObject({ state: 'done', failed: 1, done: 1, requests: 3 })
  })

  it('stops as failed (resumable) after repeated network errors, then resumes', async () => {
    const tg = new FakeTelegram()
    for (let i = 0; i < 3; i++) tg.script.set(i, { error: new Error('ECONNRESET') })
    const { service } = await setup({ tg, policy: { maxTransientFailures: 3, transientDelayMs: () => 1000 } })
    await service.start(contactsOf(5))
    const failed = await finished(service)
    expect(failed.state).toBe('failed')
    expect(failed.error).toMatch(/could not be reached/)
    // The report says what is still to do: nothing of it failed, nothing was cancelled.
    const { report, csv } = await service.report()
    expect(report).toMatchObject({ failed: [], cancelled: [] })
    expect(report!.notDone).toHaveLength(5)
    expect(report!.notDone[0]).toEqual({ name: 'P0', phone: '+15550000000' })
    expect(csv!.split('\r\n').filter((line) => line.startsWith('not done yet,'))).toHaveLength(5)
    await service.resume()
    const job = await finished(service)
    expect(job).toMatchObject({ state: 'done', done: 5 })
    expect((await service.report()).report!.notDone).toEqual([])
  })

  it('cancel keeps what was answered and reports the rest as not sent', async () => {
    const tg = new FakeTelegram()
    tg.script.set(1, { retry: 'all' })
    const clock = new FakeClock()
    clock.blockFrom = 3600_000
    const { service, dir } = await setup({ tg, clock })
    const clockless = await service.start(contactsOf(300))
    expect(clockless.state).toBe('running')
    // Wait until the job sits in its long wait, then cancel.
    await until(async () => (await service.status())!.state === 'waiting')
    const job = await service.cancel()
    // An all-retry answer stops all sending (the account is limited), so the third batch never went.
    // Those and the 100 Telegram asked for again later are cancelled (not sent), not failed.
    expect(job).toMatchObject({ state: 'cancelled', done: 100, onTelegram: 50, notOnTelegram: 50, failed: 0, cancelled: 200, requests: 2 })
    const { report, csv } = await service.report()
    expect(report!.failed).toEqual([])
    expect(report!.cancelled).toHaveLength(200)
    expect(report!.cancelled[0]).toEqual({ name: 'P100', phone: '+15550000100' })
    expect(csv!.split('\r\n').filter((line) => line.startsWith('cancelled (not sent),'))).toHaveLength(200)
    // A second look (another window, a restart) reads the same figures from the journal.
    const again = await setup({ dir })
    expect(await again.service.status()).toMatchObject({ state: 'cancelled', failed: 0, cancelled: 200 })
  })

  it('refuses a second job while one runs', async () => {
    const tg = new FakeTelegram()
    tg.script.set(0, { hang: true })
    const { service } = await setup({ tg })
    await service.start(contactsOf(3))
    await expect(service.start(contactsOf(3))).rejects.toMatchObject({ code: 'BUSY' })
  })
})

describe('import journal', () => {
  it('after a kill, resumes: answered batches never go again, the unanswered one does, nothing is lost', async () => {
    const tg = new FakeTelegram()
    tg.script.set(2, { hang: true })
    const first = await setup({ tg })
    await first.service.start(contactsOf(450))
    await until(() => tg.requests.length >= 3)
    expect(tg.requests.length).toBe(3)
    // "Kill": the first service is simply abandoned mid-request; a new one reads the same folder.
    const tg2 = new FakeTelegram()
    const second = await setup({ dir: first.dir, tg: tg2 })
    const job = await finished(second.service)
    expect(job).toMatchObject({ state: 'done', total: 450, done: 450 })
    // The unanswered request goes again, whole (this Telegram's contact list shows none of it), after the rest.
    expect(tg2.requests.flat().map((c) => c.clientId)).toEqual([...ids(300, 450), ...tg.requests[2]!.map((c) => c.clientId)])
    const before = new Set([...tg.acknowledged.keys()])
    for (const c of tg2.requests.flat()) expect(before.has(c.phone)).toBe(false)
    expect(before.size + tg2.acknowledged.size).toBe(450)
    const { report } = await second.service.report()
    expect(report!.onTelegram.length + report!.notOnTelegram.length).toBe(450)
  })

  it('after a kill mid-request that Telegram took, only numbers the contact list cannot show go again', async () => {
    const first = await interruptedJob(300, true)
    const { tg } = first
    const lost = tg.requests[1]!
    // The same Telegram after the restart: it took request 1, its answer never came.
    const second = await setup({ dir: first.dir, tg })
    const job = await finished(second.service)
    expect(job).toMatchObject({ state: 'done', total: 300, done: 300, onTelegram: 150, notOnTelegram: 150, failed: 0 })
    // Its registered numbers are contacts now and are not sent again; the others cannot be told apart from
    // numbers Telegram never got, so they are, once, after the rest of the queue.
    const unknown = lost.filter((c) => !tg.registered(c.phone)).map((c) => c.clientId)
    expect(tg.requests.slice(2).flat().map((c) => c.clientId)).toEqual([...ids(200, 300), ...unknown])
    for (const c of lost) expect(tg.acknowledged.get(c.phone), c.phone).toBe(tg.registered(c.phone) ? 1 : 2)
    const { report } = await second.service.report()
    expect(report!.onTelegram.find((r) => r.phone === lost[0]!.phone)).toEqual({ name: 'P100', phone: '+15550000100', userId: '1100', username: 'u100' })
    expect(report!.onTelegram).toHaveLength(150)
    // The known saved numbers learn each of them once: the taken ones from the check, the rest from their answer.
    expect(second.learned.map((e) => e.phone).sort()).toEqual([...lost.map((c) => c.phone), ...contactsOf(300).slice(200).map((c) => c.phone)].sort())
  })

  it('a contact shown under other names than were sent is not taken (the rename may not have arrived): it goes again', async () => {
    const tg = new FakeTelegram()
    tg.script.set(1, { hang: true })
    const before = contactsOf(200)[100]!
    tg.contacts.set(before.phone, { id: '1100', firstName: 'Old', lastName: 'Name', username: null, phone: before.phone, mutual: false, status: { kind: 'recently' } })
    const first = await setup({ tg })
    await first.service.start(contactsOf(200))
    await until(() => tg.requests.length >= 2)
    const second = await setup({ dir: first.dir, tg })
    expect(await finished(second.service)).toMatchObject({ state: 'done', done: 200 })
    // Request 1 never reached Telegram: all of it goes again, the old contact included.
    expect(tg.requests[2]!.map((c) => c.clientId)).toEqual(tg.requests[1]!.map((c) => c.clientId))
    expect(tg.contacts.get(before.phone)!.firstName).toBe('P100')
  })

  it('a check that cannot read the contact list waits and tries again; nothing is sent before it answers', async () => {
    const first = await interruptedJob(200, true)
    const { tg } = first
    tg.listErrors.push(new AppError({ code: 'NETWORK', message: 'offline' }), new AppError({ code: 'NETWORK', message: 'offline' }))
    const clock = new FakeClock()
    const second = await setup({ dir: first.dir, tg, clock, policy: { transientDelayMs: (n) => n * 1000 } })
    expect(await finished(second.service)).toMatchObject({ state: 'done', done: 200, failed: 0 })
    expect(tg.listReads).toBeGreaterThanOrEqual(3)
    expect(clock.sleeps.slice(0, 2)).toEqual([1000, 2000])
    expect(tg.requests).toHaveLength(3)
    expect(tg.requests[2]!.every((c) => !tg.registered(c.phone))).toBe(true)
  })

  it('an answer lost while running (the connection dropped mid-request) is checked before the request goes again', async () => {
    const tg = new FakeTelegram()
    tg.script.set(0, { error: new AppError({ code: 'NETWORK', message: 'The connection was lost.' }), applied: true })
    const { service } = await setup({ tg, policy: { transientDelayMs: () => 1000 } })
    await service.start(contactsOf(150))
    expect(await finished(service)).toMatchObject({ state: 'done', done: 150, onTelegram: 75, failed: 0 })
    // One read for the check, one for the list refresh after the job.
    expect(tg.listReads).toBe(2)
    const unknown = tg.requests[0]!.filter((c) => !tg.registered(c.phone)).map((c) => c.clientId)
    expect(tg.requests.slice(1).flat().map((c) => c.clientId)).toEqual([...ids(100, 150), ...unknown])
  })

  it('a cancel that cannot look up a lost answer fails those contacts as "may already be saved", and cancels the rest', async () => {
    const first = await interruptedJob(300, true)
    const { tg } = first
    for (let i = 0; i < 20; i++) tg.listErrors.push(new AppError({ code: 'NETWORK', message: 'offline' }))
    const clock = new FakeClock()
    clock.blockFrom = 2000
    const second = await setup({ dir: first.dir, tg, clock })
    await until(async () => (await second.service.status())!.state === 'waiting')
    const job = await second.service.cancel()
    expect(job).toMatchObject({ state: 'cancelled', done: 100, failed: 100, cancelled: 100 })
    expect(tg.requests).toHaveLength(2)
    const { report } = await second.service.report()
    expect(report!.failed[0]!.reason).toMatch(/may already be saved on Telegram/)
    expect(report!.cancelled.map((r) => r.phone)).toEqual(contactsOf(300).slice(200).map((c) => c.phone))
  })

  it('ignores a torn last record and keeps appending readable records after it', async () => {
    const first = await interruptedJob(150)
    const dir = join(first.dir, 'accounts', '1', 'import')
    const log = (await readdir(dir)).find((n) => n.endsWith('.log'))!
    await appendFile(join(dir, log), '{"t":"ack","b":1,"at":')
    const second = await setup({ dir: first.dir })
    expect(await finished(second.service)).toMatchObject({ state: 'done', done: 150 })
    const third = await setup({ dir: first.dir })
    expect(await third.service.status()).toMatchObject({ state: 'done', done: 150, onTelegram: 75 })
    const lines = (await readFile(join(dir, log), 'utf8')).trimEnd().split('\n')
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow()
  })

  it('a paused job stays paused after a restart until resumed', async () => {
    const first = await interruptedJob(300)
    await first.service.pause()
    const tg2 = new FakeTelegram()
    const second = await setup({ dir: first.dir, tg: tg2 })
    expect(await second.service.status()).toMatchObject({ state: 'paused', done: 100 })
    expect(tg2.requests.length).toBe(0)
    await second.service.resume()
    expect(await finished(second.service)).toMatchObject({ state: 'done', done: 300 })
  })

  it('a new job replaces the finished one and its files', async () => {
    const { service, dir } = await setup()
    await service.start(contactsOf(2))
    await finished(service)
    await service.start(contactsOf(4))
    expect(await finished(service)).toMatchObject({ total: 4 })
    const files = (await readdir(join(dir, 'accounts', '1', 'import'))).filter((f) => f !== 'owner.lock')
    expect(files.sort()).toHaveLength(3)
  })
})

describe('import job and sign-in', () => {
  it('a journalled job found while signed out waits, and carries on once the user is signed in', async () => {
    const first = await interruptedJob(300)
    const second = await restartAs(first.dir, null)
    await new Promise((r) => setTimeout(r, 50))
    expect(second.tg.requests).toHaveLength(0)
    second.signIn(me)
    expect(await finished(second.service)).toMatchObject({ state: 'done', done: 300 })
    expect(second.tg.requests.flat().map((c) => c.clientId)).toEqual([...ids(200, 300), ...first.tg.requests[1]!.map((c) => c.clientId)])
  })

  it('a job that meets a signed-out session stops as failed and resumes after the next sign-in', async () => {
    const tg = new FakeTelegram()
    tg.script.set(1, { error: new AppError({ code: 'NOT_AUTHORIZED', message: 'Sign in to Telegram first.' }) })
    const { service, ctx } = await setup({ tg })
    await service.start(contactsOf(300))
    const failed = await finished(service)
    expect(failed).toMatchObject({ state: 'failed', done: 100 })
    expect(failed.error).toMatch(/Sign in/)
    ctx.events.emit('auth.changed', { state: 'signedIn', user: me })
    await until(async () => (await service.status())!.state === 'done')
    expect(await service.status()).toMatchObject({ done: 300, failed: 0 })
  })
})

describe('import job controls', () => {
  it('resume on a job that is waiting out a flood wait returns at once and does not cut the wait short', async () => {
    const tg = new FakeTelegram()
    tg.script.set(0, { error: new AppError({ code: 'FLOOD_WAIT', message: 'wait', seconds: 7200 }) })
    const clock = new FakeClock()
    clock.blockFrom = 3600_000
    const { service } = await setup({ tg, clock })
    await service.start(contactsOf(10))
    await until(async () => (await service.status())!.state === 'waiting')
    const job = await service.resume()
    expect(job).toMatchObject({ state: 'waiting', waitReason: 'floodWait', done: 0 })
    expect(tg.requests).toHaveLength(1)
    await service.pause()
    expect(await service.status()).toMatchObject({ state: 'paused' })
    await service.cancel()
    expect(await service.status()).toMatchObject({ state: 'cancelled', failed: 0, cancelled: 10 })
  })
})

describe('one import runner per data folder', () => {
  it('while another live process owns the folder: status and report read the journal, controls answer BUSY', async () => {
    const tg = new FakeTelegram()
    const first = await setup({ tg })
    await first.service.start(contactsOf(150))
    await until(async () => (await first.service.status())!.state === 'done')
    await first.service.dispose()
    // The parent process (alive, this boot) is the owner now.
    const boot = Math.round(Date.now() / 1000 - uptime())
    await writeFile(join(first.dir, 'accounts', '1', 'import', 'owner.lock'), `${process.ppid} ${boot}`)
    const tg2 = new FakeTelegram()
    const other = await setup({ dir: first.dir, tg: tg2 })
    expect(await other.service.status()).toMatchObject({ state: 'done', done: 150 })
    expect((await other.service.report()).report!.onTelegram).toHaveLength(75)
    await expect(other.service.start(contactsOf(3))).rejects.toMatchObject({ code: 'BUSY' })
    await expect(other.service.cancel()).rejects.toMatchObject({ code: 'BUSY' })
    expect(tg2.requests).toHaveLength(0)
    // A lock from before a reboot does not count, even if its pid is in use now.
    await writeFile(join(first.dir, 'accounts', '1', 'import', 'owner.lock'), `${process.ppid} ${boot - 86_400}`)
    const afterReboot = await setup({ dir: first.dir, tg: new FakeTelegram() })
    await afterReboot.service.start(contactsOf(2))
    expect(await finished(afterReboot.service)).toMatchObject({ state: 'done', total: 2 })
    await afterReboot.service.dispose()
    // The owner went away (its lock names a process that no longer exists): the next control takes over.
    await writeFile(join(first.dir, 'accounts', '1', 'import', 'owner.lock'), `4194303 ${boot}`)
    await other.service.start(contactsOf(3))
    expect(await finished(other.service)).toMatchObject({ state: 'done', total: 3 })
    expect((await readFile(join(first.dir, 'accounts', '1', 'import', 'owner.lock'), 'utf8')).split(' ')[0]).toBe(String(process.pid))
    await other.service.dispose()
    await expect(readFile(join(first.dir, 'accounts', '1', 'import', 'owner.lock'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

describe('import job and accounts', () => {
  it("belongs to the account that started it: another account never sees or resumes it", async () => {
    const first = await interruptedJob(300)
    // Restart signed in as someone else.
    const second = await restartAs(first.dir, { id: '2', firstName: 'Other', lastName: '', username: null, phone: null })
    const { service } = second
    expect(await service.status()).toBeNull()
    expect((await service.report()).report).toBeNull()
    await new Promise((r) => setTimeout(r, 30))
    expect(second.tg.requests).toHaveLength(0)
    // Signed out, then back in as the first account: its job carries on.
    second.signOut()
    await service.whenReady()
    expect(await service.status()).toBeNull()
    second.signIn(me)
    await service.whenReady()
    expect(await finished(service)).toMatchObject({ state: 'done', done: 300 })
    expect(second.tg.requests.flat()).toHaveLength(200)
  })
})

describe('import job shutdown', () => {
  it('dispose does not wait for an unanswered request; the next start sends that batch again', { timeout: 20_000 }, async () => {
    const first = await interruptedJob(300)
    await first.service.dispose()
    const second = await setup({ dir: first.dir })
    expect(await finished(second.service)).toMatchObject({ state: 'done', done: 300 })
    expect(second.tg.requests.flat().map((c) => c.clientId)).toEqual([...ids(200, 300), ...first.tg.requests[1]!.map((c) => c.clientId)])
  })
})

describe('import job and the connection to Telegram', () => {
  const offline = (ctx: CoreContext) => ctx.events.emit('connection.changed', { state: 'offline', retryAt: ctx.now() + 1000 })
  const online = (ctx: CoreContext) => ctx.events.emit('connection.changed', { state: 'connected', retryAt: null })

  it('waits while offline and says so, then goes on by itself once online; nothing lost, nothing twice', async () => {
    const { service, tg, ctx, progress } = await setup()
    offline(ctx)
    await service.start(contactsOf(300))
    await until(() => progress.some((p) => p.waitReason === 'offline'))
    expect(await service.status()).toMatchObject({ state: 'waiting', waitReason: 'offline', waitUntil: null, ratePerMinute: null, estimatedEndAt: null, done: 0 })
    expect(tg.requests).toHaveLength(0)
    online(ctx)
    expect(await finished(service)).toMatchObject({ state: 'done', done: 300, failed: 0 })
    expect([...tg.acknowledged.values()].every((n) => n === 1)).toBe(true)
    expect(tg.acknowledged.size).toBe(300)
  })

  it('a request cut off by an outage is neither a failure nor sent again blind: it is checked once the connection is back', async () => {
    const tg = new FakeTelegram()
    const clock = new FakeClock()
    const harness = { emit: null as null | (() => void) }
    tg.script.set(1, { error: new AppError({ code: 'NETWORK', message: 'The connection was lost.' }), applied: true })
    const send = tg.send
    tg.send = async (batch) => {
      if (tg.requests.length === 1) harness.emit?.()
      return send(batch)
    }
    const { service, ctx } = await setup({ tg, clock, policy: { maxTransientFailures: 1 } })
    harness.emit = () => offline(ctx)
    await service.start(contactsOf(300))
    await until(async () => (await service.status())?.waitReason === 'offline')
    // No check while offline (it could only fail), and no "could not be reached" though one failure is the limit here.
    await new Promise((r) => setTimeout(r, 30))
    expect(tg.listReads).toBe(0)
    expect(await service.status()).toMatchObject({ state: 'waiting', failed: 0 })
    online(ctx)
    expect(await finished(service)).toMatchObject({ state: 'done', done: 300, onTelegram: 150, failed: 0 })
    const lost = tg.requests[1]!
    for (const c of lost) expect(tg.acknowledged.get(c.phone), c.phone).toBe(tg.registered(c.phone) ? 1 : 2)
  })

  it("a first connection is not an outage; nothing is journalled as sent before there is a connection", async () => {
    const { service, tg, ctx, dir } = await setup()
    let connect = (): void => undefined
    const connected = new Promise<void>((resolve) => (connect = resolve))
    // TelegramAccess.whenOnline: the client once the connection is made.
    ctx.telegram.whenOnline = async () => {
      await connected
      return null as never
    }
    ctx.events.emit('connection.changed', { state: 'connecting', retryAt: null })
    await service.start(contactsOf(300))
    await new Promise((r) => setTimeout(r, 30))
    expect(await service.status()).toMatchObject({ state: 'running', waitReason: null, requests: 0 })
    offline(ctx)
    await until(async () => (await service.status())?.waitReason === 'offline')
    expect(await service.status()).toMatchObject({ state: 'waiting', waitUntil: null, ratePerMinute: null, estimatedEndAt: null, requests: 0 })
    const [log] = (await readdir(join(dir, 'accounts', '1', 'import'))).filter((name) => name.endsWith('.log'))
    expect(await readFile(join(dir, 'accounts', '1', 'import', log!), 'utf8')).toBe('')
    online(ctx)
    connect()
    expect(await finished(service)).toMatchObject({ state: 'done', done: 300, requests: 3 })
    expect(tg.requests).toHaveLength(3)
  })

  it('a request held up by a connection lost just before it went out: the job says it waits for the connection', async () => {
    const tg = new FakeTelegram()
    let release = (): void => undefined
    const back = new Promise<void>((resolve) => (release = resolve))
    let held = false
    const send = tg.send
    // The real send waits inside for the connection (telegram-send.ts), however long the outage lasts.
    tg.send = async (batch) => {
      if (tg.requests.length === 1 && !held) {
        held = true
        await back
      }
      return send(batch)
    }
    const { service, ctx, progress } = await setup({ tg })
    await service.start(contactsOf(300))
    await until(() => held)
    offline(ctx)
    await until(async () => (await service.status())?.waitReason === 'offline')
    expect(await service.status()).toMatchObject({ state: 'waiting', done: 100, ratePerMinute: null, estimatedEndAt: null })
    expect(progress.at(-1)).toMatchObject({ state: 'waiting', waitReason: 'offline' })
    online(ctx)
    expect((await service.status())?.state).toBe('running')
    release()
    expect(await finished(service)).toMatchObject({ state: 'done', done: 300, failed: 0 })
    expect([...tg.acknowledged.values()].every((n) => n === 1)).toBe(true)
  })

  it('a flood wait that ends during an outage: the countdown gives way to the wait for the connection', async () => {
    const tg = new FakeTelegram()
    const harness = { emit: null as null | (() => void) }
    tg.script.set(1, { error: new AppError({ code: 'FLOOD_WAIT', message: 'Wait.', seconds: 30 }) })
    const send = tg.send
    tg.send = async (batch) => {
      if (tg.requests.length === 1) harness.emit?.()
      return send(batch)
    }
    const { service, ctx, progress } = await setup({ tg })
    harness.emit = () => offline(ctx)
    await service.start(contactsOf(300))
    await until(() => progress.some((p) => p.waitReason === 'floodWait'))
    await until(() => progress.at(-1)?.waitReason === 'offline')
    expect(progress.at(-1)).toMatchObject({ state: 'waiting', waitUntil: null, estimatedEndAt: null })
    online(ctx)
    expect(await finished(service)).toMatchObject({ state: 'done', done: 300 })
  })

  it('pause and cancel work while waiting for the connection', async () => {
    const { service, tg, ctx } = await setup()
    offline(ctx)
    await service.start(contactsOf(30))
    await until(async () => (await service.status())?.waitReason === 'offline')
    expect(await service.pause()).toMatchObject({ state: 'paused' })
    expect(await service.resume()).toMatchObject({ state: 'waiting', waitReason: 'offline' })
    expect(await service.cancel()).toMatchObject({ state: 'cancelled', cancelled: 30, failed: 0 })
    expect(tg.requests).toHaveLength(0)
  })
})
