import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { AuthStatus, MethodOutput } from '@contract'
import App from '../../renderer/src/App.vue'
import { apiError, contact, createFakeApi, FAKE_TIMERS, fakeList, mountWith, SELF } from './fake-api'

type Info = MethodOutput<'app.info'>
const ACCOUNT: Info = { name: 'TG Contacts', version: '1', platform: 'linux', shell: 'electron', nativeDialogs: true, demo: false, demoSwitch: true }
const DEMO: Info = { ...ACCOUNT, demo: true }
const DEMO_USER = { ...SELF, id: '10000006', firstName: 'Anaïs', lastName: 'Hoffmann' }

/** A page over a core that can be switched: the test plays the shell, replacing what app.info and auth.status say. */
function setup(initial: { info?: Info; status?: AuthStatus } = {}) {
  const core = { info: initial.info ?? ACCOUNT, status: initial.status ?? ({ state: 'signedOut' } as AuthStatus) }
  const fake = createFakeApi({
    'app.info': () => core.info,
    'auth.status': () => core.status,
    'demo.start': () => ({ switching: !core.info.demo }),
    'demo.stop': () => ({ switching: core.info.demo }),
    ...fakeList([contact({ firstName: 'Alice', lastName: 'Krüger' })]).handlers,
  })
  const wrapper = mountWith(App, fake)
  /** The old core says it makes way; the shell starts the other one, which then serves. */
  async function replaceCore(next: { info: Info; status: AuthStatus }): Promise<void> {
    fake.emit('core.state', { state: 'switching' })
    await flushPromises()
    core.info = next.info
    core.status = next.status
    fake.emit('core.state', { state: 'running' })
    await flushPromises()
  }
  return { fake, wrapper, core, replaceCore }
}

const button = (wrapper: ReturnType<typeof setup>['wrapper'], name: string) => wrapper.findAll('button').find((b) => b.text() === name)
const banner = () => document.querySelector('[data-testid="demo-banner"]')

describe('Try the demo', () => {
  beforeEach(() => vi.useFakeTimers(FAKE_TIMERS))
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('is offered on the sign-in screen where the shell can switch, before a sign-in has begun, and not in the demo', async () => {
    const cases: Array<[Info, AuthStatus, boolean]> = [
      [ACCOUNT, { state: 'signedOut' }, true],
      [ACCOUNT, { state: 'needCredentials' }, true],
      [ACCOUNT, { state: 'awaitingCode', phone: '+447911123456', codeType: 'app', nextType: null, resendAfter: null }, false],
      [{ ...ACCOUNT, demoSwitch: false }, { state: 'signedOut' }, false],
      [DEMO, { state: 'signedOut' }, false],
    ]
    for (const [info, status, offered] of cases) {
      const { wrapper } = setup({ info, status })
      await flushPromises()
      expect(button(wrapper, 'Try the demo') !== undefined, `${status.state}, demo ${info.demo}, switch ${info.demoSwitch}`).toBe(offered)
      wrapper.unmount()
      document.body.innerHTML = ''
    }
  })

  it('asks the core for the demo, says it is opening it, then shows the demo list under the DEMO banner, announced', async () => {
    const { wrapper, fake, replaceCore } = setup()
    await flushPromises()
    const offer = button(wrapper, 'Try the demo')!
    expect(document.getElementById(offer.attributes('aria-describedby')!)?.textContent).toMatch(/No account needed/)
    await offer.trigger('click')
    await flushPromises()
    expect(fake.inputsOf('demo.start')).toEqual([{}])
    expect(wrapper.get('[role="status"]').text()).toBe('Opening the demo…')
    expect(wrapper.find('form').exists()).toBe(false)

    await replaceCore({ info: DEMO, status: { state: 'signedIn', user: DEMO_USER } })
    expect(wrapper.text()).toContain('Alice Krüger')
    const region = banner()!
    expect(region.getAttribute('aria-labelledby')).toBeTruthy()
    expect(document.getElementById(region.getAttribute('aria-labelledby')!)?.textContent).toBe('Demo')
    expect(region.textContent).toMatch(/Made-up people on a built-in stand-in for Telegram/)
    // The live region exists before it speaks, so the change of world is announced.
    const live = region.querySelector('[data-testid="live-status"]')!
    expect(live.textContent).toBe('')
    await vi.advanceTimersByTimeAsync(800)
    expect(live.textContent).toMatch(/^Demo\. Made-up people/)
  })

  it('goes back to the sign-in screen with "Back to sign-in", leaving nothing of the demo on screen', async () => {
    const { wrapper, fake, replaceCore } = setup({ info: DEMO, status: { state: 'signedIn', user: DEMO_USER } })
    await flushPromises()
    expect(wrapper.text()).toContain('Alice Krüger')
    await button(wrapper, 'Back to sign-in')!.trigger('click')
    await flushPromises()
    expect(fake.inputsOf('demo.stop')).toEqual([{}])
    expect(wrapper.get('[role="status"]').text()).toBe('Leaving the demo…')

    await replaceCore({ info: ACCOUNT, status: { state: 'signedOut' } })
    expect(banner()).toBeNull()
    expect(wrapper.text()).not.toContain('Alice Krüger')
    expect(wrapper.get('h1').text()).toBe('Sign in')
    expect(button(wrapper, 'Try the demo')).toBeDefined()
  })

  it("says so when the demo could not start and the account's core came back instead", async () => {
    const { wrapper, replaceCore } = setup()
    await flushPromises()
    await button(wrapper, 'Try the demo')!.trigger('click')
    await replaceCore({ info: ACCOUNT, status: { state: 'signedOut' } })
    expect(wrapper.get('[role="alert"]').text()).toBe('The demo could not start. Try again, or sign in to Telegram.')
    expect(button(wrapper, 'Try the demo')).toBeDefined()
  })

  it('shows a refusal beside the button and stays on the sign-in screen', async () => {
    const { wrapper, fake } = setup()
    fake.handlers['demo.start'] = () => {
      throw apiError({ code: 'INVALID_INPUT', message: 'Sign out first: the demo opens from the sign-in screen.' })
    }
    await flushPromises()
    await button(wrapper, 'Try the demo')!.trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('Sign out first: the demo opens from the sign-in screen.')
    expect(wrapper.get('h1').text()).toBe('Sign in')
  })
})
