import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Contact, EventEnvelope } from '../../../electron/core/contract'
import { EventBus } from '../../../electron/core/router'
import { ContactEventBatcher } from '../../../electron/core/contacts/event-batcher'

const contact = (id: string): Contact => ({ id, firstName: `N${id}`, lastName: '', username: null, phone: null, mutual: false, status: { kind: 'recently' } })

function setup() {
  const events = new EventBus()
  const seen: EventEnvelope[] = []
  events.subscribe((envelope) => seen.push(envelope))
  return { batcher: new ContactEventBatcher(events, 100), seen }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('ContactEventBatcher', () => {
  it('sends a burst of status updates as few events with the latest status per user', () => {
    vi.useFakeTimers()
    const { batcher, seen } = setup()
    for (let i = 0; i < 5000; i++) batcher.status(String(i % 2500), { kind: 'offline', wasOnline: i })
    expect(seen).toHaveLength(0)
    vi.advanceTimersByTime(100)
    const statuses = seen.flatMap((e) => (e.event === 'statuses.changed' ? e.payload.statuses : []))
    expect(seen.length).toBe(2)
    expect(statuses).toHaveLength(2500)
    expect(statuses.find((s) => s.id === '7')?.status).toEqual({ kind: 'offline', wasOnline: 2507 })
  })

  it('folds a status into a pending upsert and lets a removal cancel both', () => {
    const { batcher, seen } = setup()
    batcher.upsert(contact('1'))
    batcher.status('1', { kind: 'lastWeek' })
    batcher.upsert(contact('2'))
    batcher.status('2', { kind: 'lastWeek' })
    batcher.remove('2')
    batcher.flush()
    expect(seen).toEqual([
      { event: 'contacts.removed', payload: { ids: ['2'] } },
      { event: 'contacts.upserted', payload: { contacts: [{ ...contact('1'), status: { kind: 'lastWeek' } }] } },
    ])
  })

  it('drops everything pending on clear', () => {
    vi.useFakeTimers()
    const { batcher, seen } = setup()
    batcher.upsert(contact('1'))
    batcher.clear()
    vi.advanceTimersByTime(1000)
    expect(seen).toHaveLength(0)
  })
})
