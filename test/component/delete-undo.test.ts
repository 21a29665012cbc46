import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import ContactsView from '../../renderer/src/features/contacts/ContactsView.vue'
import ToastHost from '../../renderer/src/features/shell/ToastHost.vue'
import { useContactsStore } from '../../renderer/src/stores/contacts'
import { apiError, contact, createFakeApi, FAKE_TIMERS, fakeList, mountWith } from './fake-api'

const Page = defineComponent({ render: () => h('div', [h(ContactsView), h(ToastHost)]) })

function setup() {
  const people = [contact({ firstName: 'Anna', lastName: 'A' }), contact({ firstName: 'Boris', lastName: 'B' }), contact({ firstName: 'Clara', lastName: 'C' })]
  const fake = createFakeApi({
    ...fakeList(people, 0).handlers,
    'contacts.details': ({ id }) => ({ ...people.find((c) => c.id === id)!, isContact: true, bio: null, commonChatsCount: 0, needContactsException: false, shareContact: false }),
    'contacts.delete': ({ ids }) => ({ deleted: ids.length }),
  })
  const wrapper = mountWith(Page, fake)
  const store = useContactsStore()
  store.listen()
  void store.load()
  return { fake, wrapper, people, store }
}

const rowNames = (wrapper: ReturnType<typeof setup>['wrapper']) => wrapper.findAll('[role="option"] .contact-name').map((n) => n.text())

async function deleteFirstTwo(wrapper: ReturnType<typeof setup>['wrapper']) {
  const rows = wrapper.findAll('[role="option"]')
  await rows[0]!.trigger('click')
  await rows[1]!.trigger('click', { ctrlKey: true })
  await wrapper.get('[role="listbox"]').trigger('keydown', { key: 'Delete' })
  const dialog = wrapper.get('[role="dialog"]')
  // The title asks the question once, with the names; the text says what follows.
  expect(dialog.get('h2').text()).toBe('Delete 2 contacts: Anna A and Boris B?')
  expect(dialog.text()).toContain('You can undo for 5 seconds.')
  expect(dialog.text().match(/Delete 2 contacts/g)).toHaveLength(1)
  await dialog.findAll('button').find((b) => b.text() === 'Delete')!.trigger('click')
}

describe('delete with undo', () => {
  beforeEach(() => vi.useFakeTimers(FAKE_TIMERS))
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('asks once with the count, hides at once, and sends nothing when undone', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    await deleteFirstTwo(wrapper)
    expect(rowNames(wrapper)).toEqual(['Clara C'])
    const toast = wrapper.get('section[aria-label="Notifications"] [aria-live="polite"] .toast')
    expect(toast.text()).toContain('Deleted 2 contacts')
    await vi.advanceTimersByTimeAsync(4000)
    expect(fake.inputsOf('contacts.delete')).toHaveLength(0)
    await toast.findAll('button').find((b) => b.text() === 'Undo')!.trigger('click')
    expect(rowNames(wrapper)).toEqual(['Anna A', 'Boris B', 'Clara C'])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fake.inputsOf('contacts.delete')).toHaveLength(0)
  })

  it('sends contacts.delete once the 5 seconds are over', async () => {
    const { wrapper, fake, people } = setup()
    await flushPromises()
    await deleteFirstTwo(wrapper)
    await vi.advanceTimersByTimeAsync(4999)
    expect(fake.inputsOf('contacts.delete')).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    await flushPromises()
    expect(fake.inputsOf('contacts.delete')).toEqual([{ ids: [people[0]!.id, people[1]!.id] }])
    expect(rowNames(wrapper)).toEqual(['Clara C'])
    expect(wrapper.text()).not.toContain('Undo')
  })

  it('puts them back and says why when Telegram refuses', async () => {
    const { wrapper, fake } = setup()
    fake.handlers['contacts.delete'] = () => {
      throw apiError({ code: 'NETWORK', message: 'offline' })
    }
    await flushPromises()
    await deleteFirstTwo(wrapper)
    await vi.advanceTimersByTimeAsync(5000)
    await flushPromises()
    expect(rowNames(wrapper)).toEqual(['Anna A', 'Boris B', 'Clara C'])
    const alert = wrapper.get('[role="alert"]')
    expect(alert.text()).toContain("Couldn't delete 2 contacts")
    expect(alert.text()).toContain("Can't reach Telegram")
  })

  it('deletes one from the details pane with its name in the question', async () => {
    const { wrapper, fake, people } = setup()
    await flushPromises()
    await wrapper.findAll('[role="option"]')[2]!.trigger('click')
    await wrapper.findAll('button').find((b) => b.text() === 'Delete contact')!.trigger('click')
    expect(wrapper.get('[role="dialog"] h2').text()).toBe('Delete Clara C?')
    await wrapper.get('[role="dialog"]').findAll('button').find((b) => b.text() === 'Delete')!.trigger('click')
    expect(rowNames(wrapper)).toEqual(['Anna A', 'Boris B'])
    await vi.advanceTimersByTimeAsync(5000)
    expect(fake.inputsOf('contacts.delete')).toEqual([{ ids: [people[2]!.id] }])
  })
})
