import { describe, expect, it, vi } from 'vitest'
import { AppError, methodNames, type EventEnvelope } from '@contract'
import { EventBus, createRouter, type Handlers } from '../../../electron/core/router'

/** Every method answers "not here"; each test overrides what it exercises. */
function handlers(overrides: Partial<Handlers>): Handlers {
  const missing = async (): Promise<never> => {
    throw new AppError({ code: 'NOT_FOUND', message: 'not in this test' })
  }
  return { ...(Object.fromEntries(methodNames.map((name) => [name, missing])) as unknown as Handlers), ...overrides }
}

const signedOut = { state: 'signedOut' } as const

describe('router.dispatch', () => {
  it('rejects a malformed payload with INVALID_INPUT and the issues, without calling the handler', async () => {
    const signIn = vi.fn(async () => signedOut)
    const router = createRouter(handlers({ 'auth.signIn': signIn }))
    const result = await router.dispatch('auth.signIn', { code: 'abc' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('INVALID_INPUT')
    expect(result.error.issues).toEqual([expect.objectContaining({ path: 'code' })])
    expect(signIn).not.toHaveBeenCalled()
    const wrongType = await router.dispatch('auth.signIn', 'not an object')
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('passes the parsed input to the handler and returns its value', async () => {
    const searchGlobal = vi.fn(async () => ({ people: [] }))
    const router = createRouter(handlers({ 'contacts.searchGlobal': searchGlobal }))
    // The schema trims; the handler sees the parsed value, not the raw one.
    await expect(router.dispatch('contacts.searchGlobal', { query: '  alice ' })).resolves.toEqual({ ok: true, value: { people: [] } })
    expect(searchGlobal).toHaveBeenCalledWith({ query: 'alice' })
  })

  it('rejects unknown methods, including inherited property names', async () => {
    const router = createRouter(handlers({}))
    for (const name of ['contacts.nuke', '__proto__', 'constructor', 'toString', '']) {
      await expect(router.dispatch(name, {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    }
    await expect(router.dispatch(42 as unknown as string, {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
  })

  it('turns a thrown plain Error into INTERNAL without its message or stack, and reports it', async () => {
    const onUnexpectedError = vi.fn()
    const secretPath = '/home/alice/.config/session-1BVtsOK4Bu'
    const router = createRouter(
      handlers({
        'auth.status': async () => {
          throw new Error(`ENOENT: ${secretPath}`)
        },
      }),
      { onUnexpectedError },
    )
    const result = await router.dispatch('auth.status', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    const text = JSON.stringify(result)
    expect(text).not.toContain(secretPath)
    expect(text).not.toContain('ENOENT')
    expect(text).not.toMatch(/\bat .+:\d+:\d+/)
    expect(onUnexpectedError).toHaveBeenCalledWith('auth.status', expect.any(Error))
  })

  it('passes an AppError through as its envelope', async () => {
    const router = createRouter(
      handlers({
        'contacts.refresh': async () => {
          throw new AppError({ code: 'FLOOD_WAIT', message: 'Too many requests.', seconds: 30 })
        },
      }),
    )
    await expect(router.dispatch('contacts.refresh', {})).resolves.toEqual({
      ok: false,
      error: { code: 'FLOOD_WAIT', message: 'Too many requests.', seconds: 30 },
    })
  })

  it('with checkOutputs, refuses a handler result outside the contract', async () => {
    const bad = async () => ({ state: 'nonsense' }) as never
    const router = createRouter(handlers({ 'auth.status': bad }), { checkOutputs: true })
    await expect(router.dispatch('auth.status', {})).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})

describe('EventBus', () => {
  it('delivers events to every subscriber until it unsubscribes', () => {
    const bus = new EventBus()
    const first: EventEnvelope[] = []
    const second: EventEnvelope[] = []
    const stopFirst = bus.subscribe((envelope) => first.push(envelope))
    bus.subscribe((envelope) => second.push(envelope))
    bus.emit('requests.changed', { count: 2 })
    stopFirst()
    bus.emit('connection.changed', { state: 'offline', retryAt: 1000 })
    expect(first).toEqual([{ event: 'requests.changed', payload: { count: 2 } }])
    expect(second).toEqual([
      { event: 'requests.changed', payload: { count: 2 } },
      { event: 'connection.changed', payload: { state: 'offline', retryAt: 1000 } },
    ])
  })

  it('refuses to emit a payload outside the contract', () => {
    const bus = new EventBus()
    const seen = vi.fn()
    bus.subscribe(seen)
    expect(() => bus.emit('requests.changed', { count: -1 })).toThrow()
    expect(seen).not.toHaveBeenCalled()
  })
})
