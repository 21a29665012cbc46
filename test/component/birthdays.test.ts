import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Contact } from '@contract'
import ContactsView from '../../renderer/src/features/contacts/ContactsView.vue'
import { useBirthdaysStore } from '../../renderer/src/stores/birthdays'
import { useContactsStore } from '../../renderer/src/stores/contacts'
import { contact, createFakeApi, FAKE_TIMERS, fakeList, mountWith } from './fake-api'

const NOW = new Date('2026-03-14T10:00:00').getTime()

function setup() {
  const people: Contact[] = [
    contact({ firstName: 'Ann', lastName: 'Today', status: { kind: 'recently' } }),
    contact({ firstName: 'Ben', lastName: 'Friday', status: { kind: 'recently' } }),
    contact({ firstName: 'Cid', lastName: 'Later', status: { kind: 'recently' } }),
    contact({ firstName: 'Dot', lastName: 'Unknown', status: { kind: 'recently' } }),
  ]
  const [ann, ben, cid] = people
  const fake = createFakeApi({
    ...fakeList(people, 0).handlers,
    'contacts.details': ({ id }) => ({ ...people.find((c) => c.id === id)!, isContact: true, bio: null, commonChatsCount: 0, needContactsException: false, shareContact: false }),
    'contacts.searchGlobal': () => ({ people: [] }),
    // The core's undo window: the contacts stay hidden while it runs (it never ends in these tests).
    'contacts.delete': ({ ids, label }) => ({ pending: { id: '0000000000000001', kind: 'contacts', ids, label, expiresAt: NOW + 5000, remainingMs: 5000 } }),
    'birthdays.list': () => ({
      birthdays: [
        { id: cid!.id, birthday: { day: 30, month: 4, year: null } },
        { id: ben!.id, birthday: { day: 20, month: 3, year: null } },
        { id: ann!.id, birthday: { day: 14, month: 3, year: 1990 } },
      ],
      checked: 4,
      total: 4,
    }),
  })
  const wrapper = mountWith(ContactsView, fake)
  const store = useContactsStore()
  const birthdays = useBirthdaysStore()
  store.listen()
  void store.load()
  birthdays.listen()
  void birthdays.load()
  return { fake, wrapper, people }
}

describe('birthdays in the list', () => {
  beforeEach(() => {
    vi.useFakeTimers(FAKE_TIMERS)
    vi.setSystemTime(NOW)
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('shows this week’s birthdays above the list, soonest first, with the age when known', async () => {
    const { wrapper } = setup()
    await flushPromises()
    const strip = wrapper.get('section[aria-labelledby="upcoming-heading"]')
    expect(strip.get('h2').text()).toBe('Birthdays this week')
    expect(strip.findAll('button').map((b) => [b.get('.upcoming-name').text(), b.get('.upcoming-when').text()])).toEqual([
      ['Ann Today', 'today, turns 36'],
      ['Ben Friday', 'in 6 days'],
    ])
  })

  it('drops a deleted person from the strip while the delete waits for Undo', async () => {
    const { wrapper, people } = setup()
    await flushPromises()
    useContactsStore().deleteWithUndo([people[0]!.id])
    await flushPromises()
    const strip = wrapper.get('section[aria-labelledby="upcoming-heading"]')
    expect(strip.findAll('.upcoming-name').map((n) => n.text())).toEqual(['Ben Friday'])
  })

  it('sorts by the next birthday on request, unknown last', async () => {
    const { wrapper } = setup()
    await flushPromises()
    await wrapper.findAll('.segmented button').find((b) => b.text() === 'Birthday')!.trigger('click')
    expect(wrapper.findAll('.contact-name').map((n) => n.text())).toEqual(['Ann Today', 'Ben Friday', 'Cid Later', 'Dot Unknown'])
  })

  it('selects the person a birthday belongs to, and the details say when', async () => {
    const { wrapper } = setup()
    await flushPromises()
    await wrapper.get('section[aria-labelledby="upcoming-heading"] button').trigger('click')
    await flushPromises()
    expect(wrapper.get('.details').text()).toContain('Birthday14 March 1990 · turns 36 today')
  })
})
