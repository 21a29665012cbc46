import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Contact } from '@contract'
import ContactsView from '../../renderer/src/features/contacts/ContactsView.vue'
import { useContactsStore } from '../../renderer/src/stores/contacts'
import { useToastStore } from '../../renderer/src/stores/toasts'
import { apiError, contact, createFakeApi, fakeList, mountWith } from './fake-api'

const people = (): Contact[] => [
  contact({ firstName: 'Anna', lastName: 'Petrov', username: 'anna_p', phone: '+447911000111', status: { kind: 'online', expires: 2e9 } }),
  contact({ firstName: 'José', lastName: 'García', phone: '+34612345678', status: { kind: 'recently' } }),
  contact({ firstName: 'Bob', lastName: 'Hidden', status: { kind: 'lastWeek' } }),
]

function setup(contacts = people(), openChat: () => { opened: 'app' | 'web' } = () => ({ opened: 'app' })) {
  const fake = createFakeApi({
    ...fakeList(contacts, 0).handlers,
    'contacts.details': ({ id }) => ({ ...contacts.find((c) => c.id === id)!, isContact: true, bio: null, commonChatsCount: 0, needContactsException: false, shareContact: false }),
    'contacts.searchGlobal': () => ({ people: [] }),
    'shell.openChat': openChat,
  })
  const wrapper = mountWith(ContactsView, fake)
  // Taken now, while this mount's pinia is the active one (a later test's would be by the time of the assertions).
  const toasts = useToastStore()
  const store = useContactsStore()
  store.listen()
  void store.load()
  return { fake, wrapper, toasts }
}

const row = (wrapper: ReturnType<typeof setup>['wrapper'], name: string) =>
  wrapper.findAll('[role="option"]').find((item) => item.text().includes(name))!

describe('Message and Copy', () => {
  const writeText = vi.fn(async (_text: string) => undefined)
  beforeEach(() => {
    writeText.mockClear()
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('double-click opens the chat in Telegram by username, else by phone', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    await row(wrapper, 'Anna Petrov').trigger('dblclick')
    await row(wrapper, 'José García').trigger('dblclick')
    await flushPromises()
    expect(fake.inputsOf('shell.openChat')).toEqual([
      { username: 'anna_p', phone: '+447911000111' },
      { username: null, phone: '+34612345678' },
    ])
  })

  it('double-click on someone with neither username nor phone opens the details instead', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    await row(wrapper, 'Bob Hidden').trigger('dblclick')
    await flushPromises()
    expect(fake.inputsOf('shell.openChat')).toEqual([])
    expect(fake.inputsOf('contacts.details')).toHaveLength(1)
    expect(wrapper.find('.details').findAll('button').map((b) => b.text())).not.toContain('Message')
  })

  it('"Message" in the details pane opens the chat and says when it went to the browser', async () => {
    const { wrapper, fake, toasts } = setup(people(), () => ({ opened: 'web' }))
    await flushPromises()
    await row(wrapper, 'Anna Petrov').trigger('click')
    await wrapper.get('.details button.btn-primary').trigger('click')
    await flushPromises()
    expect(wrapper.get('.details button.btn-primary').text()).toBe('Message')
    expect(fake.inputsOf('shell.openChat')).toEqual([{ username: 'anna_p', phone: '+447911000111' }])
    expect(toasts.toasts.map((t) => t.text)).toEqual(['No Telegram app answered, so the chat opened in your browser.'])
  })

  it('shows why the chat could not open', async () => {
    const failing = () => {
      throw apiError({ code: 'NOT_FOUND', message: 'Nothing on this computer opens Telegram links.' })
    }
    const { wrapper, toasts } = setup(people(), failing)
    await flushPromises()
    await row(wrapper, 'Anna Petrov').trigger('click')
    await wrapper.get('.details button.btn-primary').trigger('click')
    await flushPromises()
    expect(toasts.toasts.map((t) => [t.kind, t.text])).toEqual([['error', 'Nothing on this computer opens Telegram links.']])
  })

  it('copies the phone number, the username and the t.me link, each with its own toast', async () => {
    const { wrapper, toasts } = setup()
    await flushPromises()
    await row(wrapper, 'Anna Petrov').trigger('click')
    for (const label of ['Copy phone number', 'Copy username', 'Copy t.me link']) {
      await wrapper.get(`.details button[aria-label="${label}"]`).trigger('click')
      await flushPromises()
    }
    expect(writeText.mock.calls.map(([text]) => text)).toEqual(['+447911000111', '@anna_p', 'https://t.me/anna_p'])
    expect(toasts.toasts.map((t) => t.text)).toEqual(['Phone number copied', 'Username copied', 'Link copied'])
  })

  it('offers no copy for what it does not know, and says so when the clipboard refuses', async () => {
    writeText.mockRejectedValueOnce(new DOMException('Document is not focused.', 'NotAllowedError'))
    const { wrapper, toasts } = setup()
    await flushPromises()
    await row(wrapper, 'José García').trigger('click')
    expect(wrapper.findAll('.details button[aria-label^="Copy"]').map((b) => b.attributes('aria-label'))).toEqual(['Copy phone number'])
    await wrapper.get('.details button[aria-label="Copy phone number"]').trigger('click')
    await flushPromises()
    expect(toasts.toasts.map((t) => t.kind)).toEqual(['error'])
  })
})
