import { afterEach, describe, expect, it } from 'vitest'
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

  it('badges the sidebar with the count pushed by requests.changed', async () => {
    const fake = createFakeApi({ 'requests.list': () => ({ people }) })
    const wrapper = mountWith(SideNav, fake)
    const store = useRequestsStore()
    store.listen()
    fake.emit('requests.changed', { count: 4 })
    await flushPromises()
    const requests = wrapper.findAll('button').find((b) => b.text().startsWith('Requests'))!
    expect(requests.get('.badge').text()).toBe('4')
  })
})
