import { describe, expect, it } from 'vitest'
import { errorCodes, eventNames, events, methodNames, methods } from '@contract'
import { METHOD_NAMES } from '../../../electron/core/contract/method-names'

describe('the IPC contract', () => {
  it('lists the same methods in the preload constant as in the contract', () => {
    expect([...METHOD_NAMES].sort()).toEqual(Object.keys(methods).sort())
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length)
    expect(methodNames).toEqual(Object.keys(methods))
  })

  it('gives every method an input and an output schema', () => {
    for (const name of methodNames) {
      const spec = methods[name]
      expect(typeof spec.input.safeParse, name).toBe('function')
      expect(typeof spec.output.safeParse, name).toBe('function')
    }
  })

  it('rejects unknown keys in inputs, so a typo never passes silently', () => {
    expect(methods['app.info'].input.safeParse({ extra: 1 }).success).toBe(false)
    expect(methods['auth.signIn'].input.safeParse({ code: '12345', extra: true }).success).toBe(false)
    expect(methods['auth.signIn'].input.safeParse({ code: '12345' }).success).toBe(true)
  })

  it('gives every event a payload schema and names the error codes the UI handles', () => {
    expect(eventNames.length).toBeGreaterThan(0)
    for (const name of eventNames) expect(typeof events[name].safeParse, name).toBe('function')
    for (const code of ['INVALID_INPUT', 'UNKNOWN_METHOD', 'FORBIDDEN', 'KEYCHAIN_UNAVAILABLE', 'FLOOD_WAIT', 'INTERNAL']) {
      expect(errorCodes).toContain(code)
    }
  })
})
