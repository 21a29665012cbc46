import { afterAll, describe, expect, it } from 'vitest'
import type { ConnectionStatus, Result } from '../../../electron/core/contract'
import { openCore, removeDir, type TestCore } from '../core/helpers'
import { outageServer, type OutageKind, type OutageServer } from './outage-server'

/**
 * The reconnect matrix: the server goes away for 0.3 to 60 s, killed and restarted on the same port or stopped
 * with SIGSTOP and continued, while a signed-in core runs with the real reconnect schedule. Each case must work
 * again within 5 s of the server's return, say so in connection.changed events in a sensible order, and never keep
 * a call waiting for the 45 s request deadline. The cases are independent and run side by side (the 60 s ones set
 * the file's wall time).
 */
const OUTAGES_S = [0.3, 2, 5, 15, 60]
const KINDS: OutageKind[] = ['kill', 'sigstop']
/** The bound: working again within 5 s of the server's return. */
const RECOVERY_MS = 5000
/** A silent server is noticed within idleProbeMs + probeTimeoutMs (5 s + 5 s), plus a margin for a busy machine. */
const SILENCE_DETECTED_MS = 12_000

interface Figure {
  kind: OutageKind
  seconds: number
  detectedMs: number | null
  recoveredMs: number
  callDuringOutageMs: number
  states: string
}
const figures: Figure[] = []

afterAll(() => {
  figures.sort((a, b) => a.kind.localeCompare(b.kind) || a.seconds - b.seconds)
  console.log(`reconnect matrix (ms after the outage began / after the server returned):\n${figures.map((f) => JSON.stringify(f)).join('\n')}`)
})

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** When the call settled (answer or error), in ms after `from`. */
async function settledAfter(call: Promise<Result<unknown>>, from: number): Promise<{ ms: number; result: Result<unknown> }> {
  const result = await call
  return { ms: Date.now() - from, result }
}

/** Repeats a cheap call until it succeeds; the ms from `from` to the first success. */
async function firstSuccess(core: TestCore, from: number, giveUpMs: number): Promise<number> {
  for (;;) {
    const result = await core.core.router.dispatch('contacts.refresh', {})
    if (result.ok) return Date.now() - from
    expect(result.error.code).toBe('NETWORK')
    if (Date.now() - from > giveUpMs) throw new Error(`still failing ${giveUpMs} ms after the server returned: ${result.error.message}`)
    await sleep(100)
  }
}

/** offline, then (connecting, offline)*, connecting, connected: never "connected" before the end, no repeats. */
function expectOutageOrder(states: string[]): void {
  expect(states[0]).toBe('offline')
  expect(states.at(-1)).toBe('connected')
  expect(states.slice(0, -1)).not.toContain('connected')
  states.forEach((state, i) => {
    if (i === 0) return
    const previous = states[i - 1]
    expect(state, `${previous} -> ${state} in ${states.join(',')}`).toBe(previous === 'offline' ? 'connecting' : state === 'connected' ? 'connected' : 'offline')
  })
}

describe.concurrent('reconnect after the server was away', () => {
  for (const kind of KINDS) {
    for (const seconds of OUTAGES_S) {
      it(`${kind} for ${seconds} s: working again within 5 s of its return, events in order`, { timeout: seconds * 1000 + 60_000 }, async () => {
        let server: OutageServer | null = null
        let core: TestCore | null = null
        try {
          server = await outageServer(kind, { seed: 11, users: 60, contacts: 20 })
          core = await openCore(server, { session: server.session })
          const log: Array<{ at: number; status: ConnectionStatus }> = []
          core.core.events.subscribe((envelope) => {
            if (envelope.event === 'connection.changed') log.push({ at: Date.now(), status: envelope.payload })
          })
          await core.call('contacts.refresh')
          expect((await core.call('connection.status')).state).toBe('connected')

          log.length = 0
          await server.down()
          const downAt = Date.now()
          const during = settledAfter(core.core.router.dispatch('contacts.refresh', {}), downAt)
          await sleep(seconds * 1000)
          await server.up()
          const upAt = Date.now()

          const recoveredMs = await firstSuccess(core, upAt, RECOVERY_MS + 5000)
          expect(recoveredMs).toBeLessThanOrEqual(RECOVERY_MS)
          expect((await core.call('connection.status')).state).toBe('connected')
          // The call made as the server went away failed fast or was answered on its return: it never waited out
          // the 45 s request deadline.
          const call = await during
          expect(call.ms).toBeLessThan(Math.min(seconds * 1000, SILENCE_DETECTED_MS) + 2500)
          if (!call.result.ok) expect(call.result.error.code).toBe('NETWORK')

          const states = log.map((entry) => entry.status.state)
          const detectedMs = log.length > 0 ? log[0]!.at - downAt : null
          if (kind === 'kill') {
            // A closed connection is noticed at once.
            expectOutageOrder(states)
            expect(detectedMs).toBeLessThan(1000)
          } else if (seconds * 1000 > SILENCE_DETECTED_MS) {
            expectOutageOrder(states)
            expect(detectedMs).toBeLessThan(SILENCE_DETECTED_MS)
          } else if (states.length > 0) {
            // A short stop may end before the silence is noticed; if it was, the order holds all the same.
            expectOutageOrder(states)
          }
          for (const entry of log) expect(entry.status.retryAt !== null).toBe(entry.status.state === 'offline')
          figures.push({ kind, seconds, detectedMs, recoveredMs, callDuringOutageMs: call.ms, states: states.join(' ') })
        } finally {
          await core?.dispose()
          if (core) await removeDir(core.dataDir)
          await server?.close()
        }
      })
    }
  }
})
