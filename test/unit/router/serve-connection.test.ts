import { describe, expect, it } from 'vitest'
import { AppError, methodNames, type WireMessage } from '@contract'
import { EventBus, createRouter, serveConnection, type Handlers } from '../../../electron/core/router'

function core() {
  const missing = async (): Promise<never> => {
    throw new AppError({ code: 'NOT_FOUND', message: 'not in this test' })
  }
  const handlers = {
    ...(Object.fromEntries(methodNames.map((name) => [name, missing])) as unknown as Handlers),
    'auth.status': async () => ({ state: 'signedOut' as const }),
  }
  return { router: createRouter(handlers), events: new EventBus() }
}

const settle = () => new Promise((r) => setTimeout(r, 0))

describe('serveConnection', () => {
  it('answers each request by its id and pushes events until closed', async () => {
    const endpoint = core()
    const sent: WireMessage[] = []
    const served = serveConnection(endpoint, { send: (m) => void sent.push(m) })
    expect(served.receive({ id: 3, method: 'auth.status', input: {} })).toBe(true)
    await settle()
    endpoint.events.emit('requests.changed', { count: 2 })
    served.close()
    endpoint.events.emit('requests.changed', { count: 5 })
    expect(sent).toEqual([
      { id: 3, result: { ok: true, value: { state: 'signedOut' } } },
      { envelope: { event: 'requests.changed', payload: { count: 2 } } },
    ])
  })

  it('refuses what is not a request', () => {
    const served = serveConnection(core(), { send: () => undefined })
    for (const message of [null, 'auth.status', { method: 'auth.status' }, { id: {}, method: 'auth.status' }, { id: 1, method: 7 }]) {
      expect(served.receive(message)).toBe(false)
    }
  })

  it('answers with an error when the answer itself cannot be sent, instead of leaving the window waiting', async () => {
    const sent: WireMessage[] = []
    const served = serveConnection(core(), {
      send(message) {
        // As JSON.stringify does on an answer over V8's string limit.
        if ('result' in message && message.result.ok) throw new RangeError('Invalid string length')
        sent.push(message)
      },
    })
    served.receive({ id: 'a', method: 'auth.status', input: {} })
    await settle()
    expect(sent).toEqual([{ id: 'a', result: { ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('too large') } } }])
  })
})
