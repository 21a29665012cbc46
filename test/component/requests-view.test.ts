import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Person } from '@contract'
import RequestsView from '../../renderer/src/features/requests/RequestsView.vue'
import SideNav from '../../renderer/src/features/shell/SideNav.vue'
import { useRequestsStore } from '../../renderer/src/stores/requests'
import { useSessionStore } from '../../renderer/src/stores/session'
import { createFakeApi, mountWith, rpcError, SELF } from './fake-api'

const people: Person[] = [
  { id: '31', firstName: 'Maya', lastName: 'Lind', username: 'maya', phone: null, isContact: true, mutual: false, status: { kind: 'recently' } },
  { id: '32', firstName: 'Omar', lastName: '', username: null, phone: null, isContact: true, mutual: false, status: { kind: 'recently' } },
]

function setup() {
  const fake = createFakeApi({
    'requests.list': () => ({ people }),
    'requests.accept': () => ({ ok: true }),
    'auth.status': () => ({ state: 'signedIn', user: SELF }),
    'app.info': () => ({ name: 'TG Contacts', version: '1', platform: 'linux', shell: 'browser', nativeDialogs: false, demo: false, demoSwitch: false }),
  })
  const wrapper = mountWith(RequestsView, fake)
  return { fake, wrapper }
}

describe('requests', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('lists people waiting and shares the number after a confirm naming it', async () => {
    const { wrapper, fake } = setup()
    await useSessionStore().start()
    await flushPromises()
    expect(wrapper.text()).toContain('Maya Lind')
    await wrapper.findAll('button').filter((b) => b.text() === 'Share my phone number')[0]!.trigger('click')
    expect(wrapper.get('[role="dialog"]').text()).toContain('Share your phone number +44 7911 123456 with Maya Lind?')
    expect(fake.inputsOf('requests.accept')).toHaveLength(0)
    await wrapper.get('[role="dialog"]').findAll('button').find((b) => b.text() === 'Share')!.trigger('click')
    await flushPromises()
    expect(fake.inputsOf('requests.accept')).toEqual([{ id: '31' }])
    expect(wrapper.text()).not.toContain('Maya Lind')
  })

  it('explains CONTACT_REQ_MISSING next to the person', async () => {
    const { wrapper, fake } = setup()
    fake.handlers['requests.accept'] = () => {
      throw rpcError('CONTACT_REQ_MISSING')
    }
    await flushPromises()
    await wrapper.findAll('button').filter((b) => b.text() === 'Share my phone number')[1]!.trigger('click')
    await wrapper.get('[role="dialog"]').findAll('button').find((b) => b.text() === 'Share')!.trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain('no longer waiting for your phone number')
    expect(wrapper.text()).toContain('Omar')
  })

  it('Ctrl/Cmd+F goes to the search box, with its text selected (issue 11.20)', async () => {
    const { wrapper } = setup()
    await flushPromises()
    const search = wrapper.get<HTMLInputElement>('input[type="search"]')
    await search.setValue('maya')
    wrapper.findAll('button').find((b) => b.text() === 'Refresh')!.element.focus()
    for (const mod of [{ ctrlKey: true }, { metaKey: true }]) {
      const event = new KeyboardEvent('keydown', { key: 'f', bubbles: true, cancelable: true, ...mod })
      document.activeElement!.dispatchEvent(event)
      expect(event.defaultPrevented).toBe(true)
      expect(document.activeElement).toBe(search.element)
      expect([search.element.selectionStart, search.element.selectionEnd]).toEqual([0, 4])
      search.element.blur()
    }
    wrapper.unmount()
    const after = new KeyboardEvent('keydown', { key: 'f', ctrlKey: true, bubbles: true, cancelable: true })
    document.body.dispatchEvent(after)
    expect(after.defaultPrevented).toBe(false)
  })

  it('announces how many requests a search finds, once typing pauses', async () => {
    vi.useFakeTimers()
    try {
      const { wrapper } = setup()
      await flushPromises()
      await wrapper.get('input[type="search"]').setValue('lind')
      await vi.advanceTimersByTimeAsync(1000)
      expect(wrapper.get('[data-testid="live-status"]').text()).toBe('1 request found.')
      await wrapper.get('input[type="search"]').setValue('zz')
      await vi.advanceTimersByTimeAsync(1000)
      expect(wrapper.get('[data-testid="live-status"]').text()).toBe('No requests found.')
    } finally {
      vi.useRealTimers()
    }
  })

  it('puts one request in the Tab order; Up, Down, Home and End move to the same button of another request', async () => {
    const { wrapper } = setup()
    await flushPromises()
    const rows = () => wrapper.findAll('li.request')
    const tabStops = () => wrapper.findAll('li.request button').filter((b) => b.attributes('tabindex') === '0').map((b) => `${b.element.closest('li')!.textContent!.includes('Maya') ? 'Maya' : 'Omar'}: ${b.text()}`)
    expect(tabStops()).toEqual(['Maya: Maya Lind', 'Maya: Share my phone number', 'Maya: Dismiss', 'Maya: Block', 'Maya: Report spam'])
    const dismissOf = (row: number) => rows()[row]!.findAll<HTMLButtonElement>('button').find((b) => b.text() === 'Dismiss')!.element
    dismissOf(0).focus()
    const press = (key: string) => document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
    press('ArrowDown')
    expect(document.activeElement).toBe(dismissOf(1))
    await flushPromises()
    expect(tabStops()).toEqual(['Omar: Omar', 'Omar: Share my phone number', 'Omar: Dismiss', 'Omar: Block', 'Omar: Report spam'])
    press('ArrowDown')
    expect(document.activeElement).toBe(dismissOf(1))
    press('Home')
    expect(document.activeElement).toBe(dismissOf(0))
    press('End')
    expect(document.activeElement).toBe(dismissOf(1))
    press('ArrowUp')
    expect(document.activeElement).toBe(dismissOf(0))
  })

  it('a request dismissed from the keyboard hands focus to the next one, and the last to Refresh', async () => {
    const { wrapper, fake } = setup()
    fake.handlers['requests.dismiss'] = () => ({ ok: true })
    await flushPromises()
    const dismiss = () => wrapper.findAll<HTMLButtonElement>('li.request button').find((b) => b.text() === 'Dismiss')!
    dismiss().element.focus()
    await dismiss().trigger('click')
    await flushPromises()
    expect(document.activeElement?.textContent).toBe('Dismiss')
    expect(document.activeElement?.closest('li')?.textContent).toContain('Omar')
    await dismiss().trigger('click')
    await flushPromises()
    expect(fake.inputsOf('requests.dismiss')).toEqual([{ id: '31' }, { id: '32' }])
    expect(document.activeElement?.textContent).toBe('Refresh')
  })

  /** The sidebar listening for requests.changed, and the Requests badge after each pushed count. */
  function sidebarBadge() {
    const fake = createFakeApi({ 'requests.list': () => ({ people }) })
    const wrapper = mountWith(SideNav, fake)
    useRequestsStore().listen()
    return async (count: number) => {
      fake.emit('requests.changed', { count })
      await flushPromises()
      return wrapper.findAll('button').find((b) => b.text().startsWith('Requests'))!.get('.badge')
    }
  }

  it('badges the sidebar with the count pushed by requests.changed', async () => {
    const push = sidebarBadge()
    expect((await push(4)).text()).toBe('4')
  })

  it('shows a four-digit count short on the badge, as Telegram does, and the whole count to screen readers', async () => {
    const push = sidebarBadge()
    const badge = await push(1234)
    expect(badge.text()).toBe('1.2K')
    expect(badge.attributes('aria-label')).toBe('1,234 waiting')
    expect((await push(999)).text()).toBe('999')
  })
})
