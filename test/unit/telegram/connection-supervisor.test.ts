import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TelegramClient } from 'telegram'
import { AppError } from '../../../electron/core/contract'
import { ConnectionSupervisor, DEFAULT_TIMING, type ConnectionStatus } from '../../../electron/core/telegram/connection/supervisor'
import type { ConnectionWatch } from '../../../electron/core/telegram/connection/watch'
import { networkError } from '../../../electron/core/telegram/errors'

/**
 * The supervisor's schedule under fake timers: when attempts start, what callers get meanwhile, what the reachability
 * check and retryNow change. Losing an open connection is covered against the emulator (integration/connection).
 */
type Outcome = 'refused' | 'hang' | 'ok' | 'revoked'

function harness(outcomes: (index: number) => Outcome, reachable: (index: number) => boolean = () => false) {
  const starts: number[] = []
  const statuses: ConnectionStatus[] = []
  const closed: TelegramClient[] = []
  let recovered = 0
  let reachChecks = 0
  const client = { _sender: undefined } as unknown as TelegramClient
  const supervisor = new ConnectionSupervisor({
    open: (watch: ConnectionWatch, signal: AbortSignal) => {
      const index = starts.length
      starts.push(Date.now())
      watch.address = { host: '127.0.0.1', port: 9 }
      const outcome = outcomes(index)
      if (outcome === 'refused') return Promise.reject(networkError())
      if (outcome === 'revoked') return Promise.reject(new AppError({ code: 'NOT_AUTHORIZED', message: 'revoked' }))
      if (outcome === 'hang') {
        return new Promise<TelegramClient>((_, reject) => signal.addEventListener('abort', () => reject(networkError())))
      }
      watch.reached = true
      // A connection that keeps answering: the liveness check finds fresh bytes each time it looks.
      const alive = setInterval(() => (watch.lastReceivedAt = Date.now()), 1000)
      signal.addEventListener('abort', () => clearInterval(alive))
      return Promise.resolve(client)
    },
    close: (link) => closed.push(link.client),
    onStatus: (status) => statuses.push(status),
    onRecovered: () => (recovered += 1),
    reachable: async () => reachable(reachChecks++),
  })
  return {
    supervisor,
    starts,
    statuses,
    closed,
    get recovered() {
      return recovered
    },
    get reachChecks() {
      return reachChecks
    },
  }
}

let t0 = 0
beforeEach(() => {
  vi.useFakeTimers()
  t0 = Date.now()
})
afterEach(() => {
  vi.useRealTimers()
})

const failure = async (promise: Promise<unknown>): Promise<AppError> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('the reconnect schedule', () => {
  it('tries again after 1, 2, 5, 10, 20 and 30 s, then every 30 s, while the server refuses', async () => {
    const h = harness(() => 'refused')
    await failure(h.supervisor.client())
    await vi.advanceTimersByTimeAsync(200_000)
    const gaps = h.starts.map((at, i) => at - (i === 0 ? t0 : h.starts[i - 1]!))
    expect(gaps.slice(0, 9)).toEqual([0, 1000, 2000, 5000, 10_000, 20_000, 30_000, 30_000, 30_000])
    expect(Math.max(...gaps)).toBe(30_000)
    expect(h.supervisor.status()).toMatchObject({ state: 'offline' })
    h.supervisor.dispose()
  })

  it('says offline with the time of the next attempt, then connecting, then connected', async () => {
    const h = harness((i) => (i < 2 ? 'refused' : 'ok'))
    await failure(h.supervisor.client())
    await vi.advanceTimersByTimeAsync(10_000)
    expect(h.statuses).toEqual([
      { state: 'connecting', retryAt: null },
      { state: 'offline', retryAt: t0 + 1000 },
      { state: 'connecting', retryAt: null },
      { state: 'offline', retryAt: t0 + 3000 },
      { state: 'connecting', retryAt: null },
      { state: 'connected', retryAt: null },
    ])
    expect(h.recovered).toBe(1)
    h.supervisor.dispose()
  })

  it('fails a call made during an outage at once, and lets a job wait for the connection', async () => {
    const h = harness((i) => (i < 3 ? 'refused' : 'ok'))
    expect((await failure(h.supervisor.client())).code).toBe('NETWORK')
    const started = Date.now()
    expect((await failure(h.supervisor.client())).code).toBe('NETWORK')
    expect(Date.now()).toBe(started)
    let waited: TelegramClient | null = null
    void h.supervisor.whenOnline().then((c) => (waited = c))
    await vi.advanceTimersByTimeAsync(6000)
    expect(waited).toBeNull()
    await vi.advanceTimersByTimeAsync(20_000)
    expect(waited).not.toBeNull()
    expect(await h.supervisor.client()).toBe(waited)
    h.supervisor.dispose()
  })

  it('ends a job’s wait with CANCELLED when its signal aborts', async () => {
    const h = harness(() => 'refused')
    await failure(h.supervisor.client())
    const controller = new AbortController()
    const waiting = failure(h.supervisor.whenOnline(controller.signal))
    controller.abort()
    expect((await waiting).code).toBe('CANCELLED')
    h.supervisor.dispose()
  })

  it('keeps an unanswered attempt open until the next replaces it, at least 10 s', async () => {
    const h = harness((i) => (i < 3 ? 'hang' : 'ok'))
    void h.supervisor.whenOnline()
    await vi.advanceTimersByTimeAsync(60_000)
    const gaps = h.starts.map((at, i) => at - (i === 0 ? t0 : h.starts[i - 1]!))
    expect(gaps).toEqual([0, DEFAULT_TIMING.attemptMinMs, DEFAULT_TIMING.attemptMinMs, DEFAULT_TIMING.attemptMinMs])
    // Never "offline" in between: an attempt was waiting for an answer all along.
    expect(h.statuses.map((s) => s.state)).toEqual(['connecting', 'connected'])
    h.supervisor.dispose()
  })

  it('checks every 2 s whether a refusing address accepts again, and tries at once when it does', async () => {
    const h = harness((i) => (i < 4 ? 'refused' : 'ok'), (check) => check >= 3)
    await failure(h.supervisor.client())
    // Attempts at 0, 1, 3 and 8 s by the schedule (the next would be at 18 s); checks every 2 s after each refusal
    // (5, 7 s, then 10, 12 s): the fourth says yes, and the attempt follows at once.
    await vi.advanceTimersByTimeAsync(15_000)
    expect(h.starts.map((at) => at - t0)).toEqual([0, 1000, 3000, 8000, 12_000])
    expect(h.supervisor.status().state).toBe('connected')
    h.supervisor.dispose()
  })

  it('retryNow starts an attempt at once and the backoff from the beginning', async () => {
    const h = harness(() => 'refused')
    await failure(h.supervisor.client())
    await vi.advanceTimersByTimeAsync(40_000)
    const before = h.starts.length
    h.supervisor.retryNow()
    await vi.advanceTimersByTimeAsync(0)
    expect(h.starts).toHaveLength(before + 1)
    await vi.advanceTimersByTimeAsync(2000)
    expect(h.starts).toHaveLength(before + 2)
    h.supervisor.dispose()
  })

  it('stops trying when the session is refused, and hands the reason to everyone waiting', async () => {
    const h = harness(() => 'revoked')
    const job = failure(h.supervisor.whenOnline())
    expect((await failure(h.supervisor.client())).code).toBe('NOT_AUTHORIZED')
    expect((await job).code).toBe('NOT_AUTHORIZED')
    await vi.advanceTimersByTimeAsync(120_000)
    expect(h.starts).toHaveLength(1)
    h.supervisor.dispose()
  })
})
