import { describe, expect, it, vi } from 'vitest'
import type { Router } from '../../../electron/core/router'
import { handleInvoke, isTrustedSender } from '../../../electron/core/app/ipc-binding'

const mainFrame = { url: 'app://bundle/index.html', parent: null }

function fakeRouter(): Router & { dispatch: ReturnType<typeof vi.fn> } {
  return { dispatch: vi.fn(async () => ({ ok: true as const, value: 'dispatched' })) }
}

describe('isTrustedSender', () => {
  it("accepts the app's own main frame", () => {
    expect(isTrustedSender(mainFrame)).toBe(true)
    expect(isTrustedSender({ url: 'app://bundle/', parent: null })).toBe(true)
  })

  it('refuses a subframe, even on the app origin', () => {
    expect(isTrustedSender({ url: 'app://bundle/index.html', parent: mainFrame })).toBe(false)
  })

  it('refuses other origins and missing frames', () => {
    for (const url of [
      'https://t.me/',
      'http://127.0.0.1:5173/',
      'file:///work/main/out/renderer/index.html',
      'app://other/index.html',
      'app://bundle.evil.example/index.html',
      'app://bundle:8080/index.html',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      '',
    ]) {
      expect(isTrustedSender({ url, parent: null }), url).toBe(false)
    }
    expect(isTrustedSender(null)).toBe(false)
    expect(isTrustedSender(undefined)).toBe(false)
  })
})

describe('handleInvoke', () => {
  it('dispatches a call from the main frame', async () => {
    const router = fakeRouter()
    await expect(handleInvoke(router, mainFrame, { method: 'auth.status', input: {} })).resolves.toEqual({ ok: true, value: 'dispatched' })
    expect(router.dispatch).toHaveBeenCalledWith('auth.status', {})
  })

  it('answers FORBIDDEN to a subframe or a foreign page without reaching the router', async () => {
    const router = fakeRouter()
    const fromSubframe = await handleInvoke(router, { url: 'app://bundle/index.html', parent: mainFrame }, { method: 'auth.status', input: {} })
    const fromElsewhere = await handleInvoke(router, { url: 'https://evil.example/', parent: null }, { method: 'auth.status', input: {} })
    expect(fromSubframe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(router.dispatch).not.toHaveBeenCalled()
  })

  it('answers INVALID_INPUT to an envelope that is not {method, input}', async () => {
    const router = fakeRouter()
    for (const payload of [null, 'auth.status', ['auth.status'], { input: {} }, { method: 7 }]) {
      await expect(handleInvoke(router, mainFrame, payload)).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    }
    expect(router.dispatch).not.toHaveBeenCalled()
  })
})
