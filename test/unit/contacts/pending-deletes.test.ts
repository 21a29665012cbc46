import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { HOLD_MAX_MS, PendingDeletes, RESUME_MIN_MS, type DeleteTarget } from '../../../electron/core/contacts/pending-deletes'
import type { EventEnvelope, Self } from '../../../electron/core/contract'
import { EventBus } from '../../../electron/core/router'
import { accountDataDir } from '../../../electron/core/telegram/account-file'

const ME: Self = { id: '7', firstName: 'Me', lastName: '', username: null, phone: '+4915100000000' }

describe('deletes waiting for Undo, in the core', () => {
  let dir: string
  let made: PendingDeletes[] = []
  beforeEach(async () => {
    made = []
    dir = await mkdtemp(join(tmpdir(), 'tgc-pending-'))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(async () => {
    vi.useRealTimers()
    // A send's last write can still be under way when a test's last expectation holds (CI: ENOTEMPTY on rm).
    await Promise.all(made.map((d) => d.dispose()))
    await rm(dir, { recursive: true, force: true })
  })

  function service(send: (target: DeleteTarget) => Promise<void> = async () => undefined) {
    const events = new EventBus()
    const seen: EventEnvelope[] = []
    events.subscribe((e) => seen.push(e))
    const sent: DeleteTarget[] = []
    const deletes = new PendingDeletes({
      events,
      dataDir: dir,
      now: Date.now,
      currentSelf: async () => ME,
      send: async (target) => {
        sent.push(target)
        await send(target)
      },
    })
    made.push(deletes)
    return { deletes, sent, seen }
  }

  it('sends when the wait is over; a hold stops the clock and leaves at least 2 s after it', async () => {
    const { deletes, sent } = service()
    const pending = await deletes.schedule({ kind: 'contacts', ids: ['1', '1', '2'] }, 'Deleted 2 contacts')
    expect(pending).toMatchObject({ kind: 'contacts', ids: ['1', '2'], remainingMs: 5000 })
    await vi.advanceTimersByTimeAsync(4500)
    expect(deletes.hold(pending.id, true)).toBe(true)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(sent).toEqual([])
    expect((await deletes.list())[0]?.remainingMs).toBe(500)
    deletes.hold(pending.id, false)
    await vi.advanceTimersByTimeAsync(RESUME_MIN_MS - 1)
    expect(sent).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(sent).toEqual([{ kind: 'contacts', ids: ['1', '2'] }])
    expect(await deletes.list()).toEqual([])
  })

  it('ends a hold the page forgot (reloaded while held) by itself, and when a new page asks', async () => {
    const { deletes, sent } = service()
    const a = await deletes.schedule({ kind: 'phones', phones: ['+34600000001'] }, 'Deleted 1 number')
    deletes.hold(a.id, true)
    await vi.advanceTimersByTimeAsync(HOLD_MAX_MS + 5000)
    expect(sent).toEqual([{ kind: 'phones', phones: ['+34600000001'] }])
    const b = await deletes.schedule({ kind: 'contacts', ids: ['3'] }, 'Deleted Bo')
    deletes.hold(b.id, true)
    deletes.releaseHolds()
    await vi.advanceTimersByTimeAsync(5000)
    expect(sent).toHaveLength(2)
  })

  it('undo stops it; a failure is told with the reason; commitAll sends what waits and keeps it on disk until it is through', async () => {
    const { deletes, sent, seen } = service(async (target) => {
      if (target.kind === 'contacts' && target.ids[0] === '666') throw new Error('socket hang up')
    })
    const undone = await deletes.schedule({ kind: 'contacts', ids: ['1'] }, 'Deleted A')
    expect(await deletes.undo(undone.id)).toBe(true)
    const bad = await deletes.schedule({ kind: 'contacts', ids: ['666'] }, 'Deleted B')
    await vi.advanceTimersByTimeAsync(5000)
    expect(seen.find((e) => e.event === 'deletes.failed')?.payload).toEqual({ id: bad.id, kind: 'contacts', count: 1, error: { code: 'INTERNAL', message: 'Something went wrong inside the app. Please try again.' } })
    const waiting = await deletes.schedule({ kind: 'contacts', ids: ['9'] }, 'Deleted C')
    const file = join(accountDataDir(dir, ME), 'pending-deletes.json')
    expect(JSON.parse(await readFile(file, 'utf8')).pending.map((p: { id: string }) => p.id)).toEqual([waiting.id])
    vi.useRealTimers()
    await deletes.dispose()
    expect(sent.map((t) => (t.kind === 'contacts' ? t.ids : t.phones))).toEqual([['666'], ['9']])
    expect(JSON.parse(await readFile(file, 'utf8')).pending).toEqual([])
  })
})
