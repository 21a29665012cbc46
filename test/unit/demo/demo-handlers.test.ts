import { describe, expect, it } from 'vitest'
import { AppError, type EventEnvelope, type Self } from '../../../electron/core/contract'
import { createDemoHandlers } from '../../../electron/core/demo/handlers'
import type { CoreMode } from '../../../electron/core/demo/options'
import { EventBus } from '../../../electron/core/router'

const SELF: Self = { id: '1', firstName: 'Anaïs', lastName: 'Hoffmann', username: null, phone: '491519' }

function handlers(options: { demo?: boolean; self?: Self | null; canSwitch?: boolean } = {}) {
  const events = new EventBus()
  const seen: string[] = []
  events.subscribe((envelope: EventEnvelope) => seen.push(`${envelope.event}:${JSON.stringify(envelope.payload)}`))
  const requested: CoreMode[] = []
  const demo = createDemoHandlers({
    demo: options.demo ?? false,
    telegram: { self: () => options.self ?? null },
    events,
    ...(options.canSwitch === false ? {} : { switchMode: (to: CoreMode) => void requested.push(to) }),
  })
  return { demo, seen, requested }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('Try the demo / Back to sign-in in the core', () => {
  it('answers first, then says it is switching and asks the shell for the demo, once however often it is asked', async () => {
    const { demo, seen, requested } = handlers()
    await expect(demo['demo.start']({})).resolves.toEqual({ switching: true })
    // Nothing yet: the answer has to reach the page before its connection to this core closes.
    expect(seen).toEqual([])
    expect(requested).toEqual([])
    await expect(demo['demo.start']({})).resolves.toEqual({ switching: true })
    await nextTurn()
    expect(seen).toEqual(['core.state:{"state":"switching"}'])
    expect(requested).toEqual(['demo'])
  })

  it('leaves the demo for the account, and has nothing to do where it already is', async () => {
    const inDemo = handlers({ demo: true })
    await expect(inDemo.demo['demo.start']({})).resolves.toEqual({ switching: false })
    await expect(inDemo.demo['demo.stop']({})).resolves.toEqual({ switching: true })
    await nextTurn()
    expect(inDemo.requested).toEqual(['account'])

    const inAccount = handlers()
    await expect(inAccount.demo['demo.stop']({})).resolves.toEqual({ switching: false })
    await nextTurn()
    expect(inAccount.requested).toEqual([])
    expect(inAccount.seen).toEqual([])
  })

  it('opens from the sign-in screen only, and only where the shell can switch', async () => {
    const signedIn = handlers({ self: SELF })
    await expect(signedIn.demo['demo.start']({})).rejects.toSatisfy((error) => error instanceof AppError && error.code === 'INVALID_INPUT')
    const cli = handlers({ canSwitch: false })
    await expect(cli.demo['demo.start']({})).rejects.toSatisfy((error) => error instanceof AppError && error.code === 'FORBIDDEN')
    await nextTurn()
    expect([...signedIn.requested, ...cli.requested]).toEqual([])
    expect([...signedIn.seen, ...cli.seen]).toEqual([])
  })
})
