/**
 * import: 10,000 contacts imported through the real core (createCore, the import job, GramJS) into the
 * emulator; once clean, once with Telegram's limits switched on (rows past 450 per request come back in
 * retry_contacts) and two FLOOD_WAIT_1 answers injected. Requests, duplicates and losses are counted
 * from the emulator's call log, not from what the app says about itself.
 */

import { rm } from 'node:fs/promises'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../test/emulator/index'
import { openCore, round, until } from '../lib/core'
import { fmt, median } from '../lib/measure'
import type { BenchContext, BenchResult } from '../lib/types'

export const name = 'import'

/** Telegram answers at most this many rows per request in the limited run; the rest come back in retry_contacts. */
const PER_CALL = 450
/** The job's retry_contacts wait, scaled from 30 s x attempt to 0.3 s x attempt so the run takes seconds. */
const RETRY_DELAY_MS = 300

interface ImportContact {
  firstName: string
  lastName: string
  phone: string
}

interface RunFigures {
  wallMs: number
  requests: number
  /** Requests Telegram answered with a result (not an error). */
  answered: number
  floodWaits: number
  rowsSent: number
  contactsPerRequest: number
  /** Rows Telegram handed back in retry_contacts (and the job sent again). */
  retried: number
  duplicates: number
  lost: number
  onTelegram: number
  jobState: string
}

const digits = (p: string): string => p.replace(/\D/g, '')

/** The world's registered users (so a good share is found on Telegram), then numbers nobody has. */
function contactsFor(emulator: Emulator, total: number): ImportContact[] {
  const world = emulator.world
  const out: ImportContact[] = []
  for (const u of world.users) {
    if (out.length >= total) break
    if (u.id !== world.accountId) out.push({ firstName: u.firstName || 'X', lastName: u.lastName, phone: `+${digits(u.phone)}` })
  }
  const taken = new Set(out.map((c) => digits(c.phone)))
  for (let i = 0; out.length < total; i++) {
    const phone = `4479${String(i).padStart(8, '0')}`
    if (!taken.has(phone) && !world.userByPhone(phone)) out.push({ firstName: `Nobody ${i}`, lastName: '', phone: `+${phone}` })
  }
  return out
}

async function importOnce(total: number, limited: boolean, seed: number): Promise<RunFigures> {
  const options: EmulatorOptions = { seed, users: Math.min(2000, total), contacts: 10, ...(limited ? { importLimits: { perCall: PER_CALL } } : {}) }
  const emulator = await startEmulator(options)
  const app = await openCore({ endpoint: emulator.endpoint, session: emulator.account.session }, { importPolicy: { retryDelayMsPerAttempt: RETRY_DELAY_MS } })
  try {
    const contacts = contactsFor(emulator, total)
    const imports = () => emulator.callsOf('contacts.ImportContacts')
    emulator.clearCalls()
    if (limited) emulator.script('contacts.ImportContacts', { error: 'FLOOD_WAIT_1' })
    const started = performance.now()
    await app.call('import.start', { contacts })
    if (limited) {
      // A second flood wait in the middle of the job, after a few answered requests.
      await until(() => imports().length >= 4, 60_000, 'four import requests')
      emulator.script('contacts.ImportContacts', { error: 'FLOOD_WAIT_1' })
    }
    let state = ''
    await until(
      async () => {
        state = (await app.call('import.status', {})).job?.state ?? 'none'
        return state !== 'running' && state !== 'waiting'
      },
      240_000,
      'the import job to end',
    )
    const wallMs = performance.now() - started
    const job = (await app.call('import.status', {})).job

    // The emulator's rule: of an answered request, the first perCall rows are processed and the rest come
    // back as retry_contacts. A phone sent again after it was processed is a duplicate; one never processed is lost.
    const perCall = limited ? PER_CALL : Number.POSITIVE_INFINITY
    const processed = new Set<string>()
    let duplicates = 0
    let rowsSent = 0
    let retried = 0
    let answered = 0
    let floodWaits = 0
    for (const call of imports()) {
      const rows = (call.params.contacts as { phone: string }[]).map((c) => digits(c.phone))
      rowsSent += rows.length
      if (call.outcome.kind === 'result') answered++
      if (call.outcome.kind === 'error' && call.outcome.message.startsWith('FLOOD_WAIT')) floodWaits++
      for (const [index, phone] of rows.entries()) {
        if (processed.has(phone)) duplicates++
        else if (call.outcome.kind === 'result' && index < perCall) processed.add(phone)
        else if (call.outcome.kind === 'result') retried++
      }
    }
    const saved = emulator.world.account(emulator.world.accountId).saved
    const lost = contacts.filter((c) => !processed.has(digits(c.phone)) || !saved.has(digits(c.phone))).length
    const requests = imports().length
    return {
      wallMs,
      requests,
      answered,
      floodWaits,
      rowsSent,
      contactsPerRequest: round(rowsSent / Math.max(1, requests)) ?? 0,
      retried,
      duplicates,
      lost,
      onTelegram: job?.onTelegram ?? 0,
      jobState: state,
    }
  } finally {
    await app.dispose()
    await emulator.close()
    await rm(app.dataDir, { recursive: true, force: true })
  }
}

export async function run(ctx: BenchContext): Promise<BenchResult> {
  const total = ctx.quick ? 2000 : 10_000
  const runs = ctx.quick ? 1 : 3
  const scenarios = [
    { key: 'clean', limited: false, label: 'clean' },
    { key: 'limited', limited: true, label: `retry_contacts past ${PER_CALL}/request + 2x FLOOD_WAIT_1` },
  ] as const
  // Warm-up: GramJS, the emulator and the job's modules loaded and JIT-compiled once.
  await importOnce(500, false, 20)
  const figures: Record<string, unknown> = { contacts: total, runs, perCallLimit: PER_CALL, retryDelayMs: `${RETRY_DELAY_MS} x attempt (the app waits 30 s x 2^(attempt-1))` }
  const rows: (string | number | null)[][] = []
  const notes: string[] = []
  for (const scenario of scenarios) {
    const results: RunFigures[] = []
    for (let i = 0; i < runs; i++) {
      const r = await importOnce(total, scenario.limited, 21 + i)
      ctx.log(`${name}: ${scenario.key} run ${i + 1}: ${fmt(r.wallMs)} ms, ${r.requests} requests, ${r.duplicates} duplicates, ${r.lost} lost`)
      results.push(r)
    }
    const mid = [...results].sort((a, b) => a.wallMs - b.wallMs)[results.length >> 1] as RunFigures
    const duplicates = Math.max(...results.map((r) => r.duplicates))
    const lost = Math.max(...results.map((r) => r.lost))
    figures[scenario.key] = {
      ...mid,
      wallMs: round(median(results.map((r) => r.wallMs)), 0),
      contactsPerSecond: round(total / (median(results.map((r) => r.wallMs)) / 1000), 0),
      wallMsRuns: results.map((r) => round(r.wallMs, 0)),
      duplicates,
      lost,
    }
    rows.push([scenario.label, round(median(results.map((r) => r.wallMs)), 0), mid.requests, mid.answered, mid.floodWaits, mid.contactsPerRequest, mid.retried, duplicates, lost, mid.jobState])
    notes.push(`${scenario.key}: duplicates ${duplicates} (target 0), lost ${lost} (target 0): ${duplicates === 0 && lost === 0 ? 'met' : 'MISSED'}`)
  }
  const clean = figures['clean'] as RunFigures
  const minRequests = Math.ceil(total / 500)
  figures['requestsOverMinimum'] = round(clean.requests / minRequests, 2)
  notes.push(`clean: ${clean.requests} requests for ${total} contacts, ${figures['requestsOverMinimum']}x the minimum of ${minRequests} (500 per request)`)
  return {
    figures,
    tables: [
      {
        title: `${name}: ${total} contacts through the core and GramJS into the emulator (median of ${runs})`,
        columns: ['scenario', 'wall ms', 'requests', 'answered', 'flood waits', 'rows/request', 'retried rows', 'duplicates', 'lost', 'job'],
        rows,
      },
    ],
    notes,
  }
}
