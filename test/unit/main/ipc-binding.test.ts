import { describe, expect, it } from 'vitest'
import { isTrustedSender } from '../../../electron/core/app/ipc-binding'

const mainFrame = { url: 'app://bundle/index.html', parent: null }

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
