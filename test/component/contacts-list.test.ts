import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Contact } from '@contract'
import ContactsView from '../../renderer/src/features/contacts/ContactsView.vue'
import { FirstCharacters } from '../../renderer/src/lib/search'
import { useContactsStore } from '../../renderer/src/stores/contacts'
import { useAddStore } from '../../renderer/src/stores/add'
import { useNavStore } from '../../renderer/src/stores/nav'
import { contact, createFakeApi, FAKE_TIMERS, fakeList, mountWith, rpcError } from './fake-api'

const NOW = new Date('2026-03-20T15:00:00').getTime()
const nowS = Math.floor(NOW / 1000)

function world(): Contact[] {
  return [
    contact({ firstName: 'Zoë', lastName: 'Ørsted', status: { kind: 'lastWeek' }, username: 'zoe_o' }),
    contact({ firstName: 'José', lastName: 'García', status: { kind: 'offline', wasOnline: nowS - 300 }, phone: '+34612345678' }),
    contact({ firstName: 'Anna', lastName: 'Petrov', status: { kind: 'online', expires: nowS + 120 }, phone: '+447911000111', mutual: true }),
    contact({ firstName: 'Bob', lastName: 'Hidden', status: { kind: 'hidden' } }),
    contact({ firstName: 'Carl', lastName: 'Recent', status: { kind: 'recently' } }),
    contact({ firstName: 'Dana', lastName: 'Earlier', status: { kind: 'offline', wasOnline: nowS - 3 * 86400 } }),
    contact({ firstName: 'Eve', lastName: 'Month', status: { kind: 'lastMonth' }, username: 'evem' }),
  ]
}

function setup(contacts = world()) {
  const list = fakeList(contacts, 12)
  const fake = createFakeApi({
    ...list.handlers,
    'contacts.details': ({ id }) => ({ ...contacts.find((c) => c.id === id)!, isContact: true, bio: null, commonChatsCount: 0, needContactsException: false, shareContact: false }),
    'contacts.searchGlobal': () => ({ people: [] }),
  })
  const wrapper = mountWith(ContactsView, fake)
  // The shell starts these when signed in.
  const store = useContactsStore()
  store.listen()
  void store.load()
  return { fake, wrapper, list }
}

function names(wrapper: ReturnType<typeof setup>['wrapper']): string[] {
  return wrapper.findAll('[role="listbox"] [role="option"]').map((row) => row.find('.contact-name').text())
}

async function search(wrapper: ReturnType<typeof setup>['wrapper'], text: string) {
  await wrapper.get('input[type="search"][aria-label="Search contacts"]').setValue(text)
}

/**
 * 3,000 people named "Person N", the whole list received; then frames only when the test paints them (`paint`) and a
 * slow machine: every look at the clock is a millisecond later, so a keystroke's budget ends after the first screen.
 */
async function slowMachineWithLongList() {
  const people = Array.from({ length: 3000 }, (_, i) => contact({ firstName: 'Person', lastName: String(i), status: { kind: 'offline', wasOnline: nowS - 600 - i } }))
  const { wrapper } = setup(people)
  const store = useContactsStore()
  await flushPromises()
  for (let i = 0; i < 50 && store.partial; i++) {
    await flushPromises()
    await vi.advanceTimersByTimeAsync(10)
  }
  expect(store.sorted).toHaveLength(3000)
  await vi.advanceTimersByTimeAsync(100)
  const frames: FrameRequestCallback[] = []
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb))
  let clock = performance.now()
  const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 1))
  return {
    wrapper,
    store,
    paint: () => {
      for (const cb of frames.splice(0)) cb(performance.now())
    },
    restore: () => {
      now.mockRestore()
      vi.unstubAllGlobals()
    },
  }
}

describe('contact list', () => {
  beforeEach(() => {
    vi.useFakeTimers(FAKE_TIMERS)
    vi.setSystemTime(NOW)
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('shows one option per contact inside role=listbox, named, with status text and counts', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    // The list once (first screen, then the rest), then one refresh from Telegram that found it unchanged.
    expect(fake.inputsOf('contacts.open')).toHaveLength(1)
    expect(fake.inputsOf('contacts.sync')).toEqual([{ revision: 1 }])
    const items = wrapper.findAll('[role="listbox"] [role="option"]')
    expect(items).toHaveLength(7)
    expect(items[0]!.text()).toContain('Anna Petrov')
    expect(items[0]!.text()).toContain('online')
    expect(items[0]!.find('.mutual').text()).toContain('mutual contact')
    expect(items[1]!.text()).toContain('last seen 5 minutes ago')
    expect(wrapper.get('[data-testid="counts"]').text()).toContain('7 contacts')
    expect(wrapper.get('[data-testid="counts"]').text()).toContain('12 saved phone numbers')
    // The count leads to the numbers themselves (issue 11 item 6, issue 14 item 3).
    await wrapper.get('[data-testid="counts"] button').trigger('click')
    expect(useNavStore().view).toBe('saved')
  })

  it('sorts by last seen like Telegram Desktop, and by name on request', async () => {
    const { wrapper } = setup()
    await flushPromises()
    expect(names(wrapper)).toEqual(['Anna Petrov', 'José García', 'Dana Earlier', 'Carl Recent', 'Zoë Ørsted', 'Eve Month', 'Bob Hidden'])
    await wrapper.get('button[aria-pressed="false"]').trigger('click')
    expect(names(wrapper)).toEqual(['Anna Petrov', 'Bob Hidden', 'Carl Recent', 'Dana Earlier', 'Eve Month', 'José García', 'Zoë Ørsted'])
  })

  it('filters case- and accent-insensitively by word prefix, username and phone digits', async () => {
    const { wrapper } = setup()
    await flushPromises()
    await search(wrapper, 'ZOE')
    expect(names(wrapper)).toEqual(['Zoë Ørsted'])
    await search(wrapper, 'jose garc')
    expect(names(wrapper)).toEqual(['José García'])
    await search(wrapper, 'orsted')
    expect(names(wrapper)).toEqual(['Zoë Ørsted'])
    await search(wrapper, 'etrov')
    expect(names(wrapper)).toEqual([])
    expect(wrapper.text()).toContain('No contacts found')
    await search(wrapper, 'evem')
    expect(names(wrapper)).toEqual(['Eve Month'])
    await search(wrapper, '7911 000')
    expect(names(wrapper)).toEqual(['Anna Petrov'])
    await search(wrapper, '612345')
    expect(names(wrapper)).toEqual(['José García'])
    expect(wrapper.get('[data-testid="counts"]').text()).toContain('1 shown')
    await search(wrapper, '')
    expect(names(wrapper)).toHaveLength(7)
  })

  it('applies pushed upserts, removals and status changes', async () => {
    const { wrapper, fake, list } = setup()
    await flushPromises()
    const newcomer = contact({ firstName: 'Newton', lastName: 'Fresh', status: { kind: 'online', expires: nowS + 60 } })
    fake.emit('contacts.upserted', { contacts: [newcomer] })
    await flushPromises()
    expect(names(wrapper)).toContain('Newton Fresh')
    const bob = useContactsStore().sorted.find((e) => e.name === 'Bob Hidden')!
    fake.emit('statuses.changed', { statuses: [{ id: bob.contact.id, status: { kind: 'online', expires: nowS + 60 } }] })
    await flushPromises()
    const bobRow = wrapper.findAll('[role="option"]').find((r) => r.text().includes('Bob Hidden'))!
    expect(bobRow.text()).toContain('online')
    fake.emit('contacts.removed', { ids: [newcomer.id] })
    await flushPromises()
    expect(names(wrapper)).not.toContain('Newton Fresh')
    // A reset or a full refresh elsewhere: the list is read again from the core.
    list.replace([contact({ firstName: 'Only', lastName: 'One' })])
    list.savedCount = 0
    fake.emit('contacts.reloaded', { count: 1, revision: list.revision })
    await flushPromises()
    expect(names(wrapper)).toEqual(['Only One'])
    expect(wrapper.get('[data-testid="counts"]').text()).toMatch(/^1 contact·/)
  })

  it('moves contacts whose status changed to their new place, at most every 3 seconds', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    const id = (name: string) => useContactsStore().sorted.find((e) => e.name === name)!.contact.id
    fake.emit('statuses.changed', {
      statuses: [
        { id: id('Bob Hidden'), status: { kind: 'online', expires: nowS + 60 } },
        { id: id('Anna Petrov'), status: { kind: 'offline', wasOnline: nowS - 10 * 86400 } },
        { id: id('Carl Recent'), status: { kind: 'offline', wasOnline: nowS - 60 } },
      ],
    })
    await flushPromises()
    // The rows say it at once; the order follows after the throttle.
    expect(wrapper.findAll('[role="option"]').at(-1)!.text()).toContain('online')
    expect(names(wrapper)[0]).toBe('Anna Petrov')
    await vi.advanceTimersByTimeAsync(3000)
    expect(names(wrapper)).toEqual(['Bob Hidden', 'Carl Recent', 'José García', 'Dana Earlier', 'Anna Petrov', 'Zoë Ørsted', 'Eve Month'])
  })

  it('keeps the search through a status re-sort: the matches in their new order, without building the search lists again', async () => {
    const people = Array.from({ length: 40 }, (_, i) => contact({ firstName: 'Person', lastName: String(i), status: { kind: 'offline', wasOnline: nowS - 600 - i * 60 } }))
    const { wrapper, fake } = setup(people)
    await flushPromises()
    // The first-character lists are built in idle slices after the sort.
    await vi.advanceTimersByTimeAsync(100)
    await search(wrapper, 'person 3')
    expect(names(wrapper)).toEqual(['Person 3', ...Array.from({ length: 10 }, (_, i) => `Person 3${i}`)])
    const building = vi.spyOn(FirstCharacters.prototype, 'addNext')
    fake.emit('statuses.changed', { statuses: [{ id: people[35]!.id, status: { kind: 'online', expires: nowS + 60 } }] })
    await vi.advanceTimersByTimeAsync(3000)
    expect(names(wrapper)).toEqual(['Person 35', 'Person 3', 'Person 30', 'Person 31', 'Person 32', 'Person 33', 'Person 34', 'Person 36', 'Person 37', 'Person 38', 'Person 39'])
    await search(wrapper, 'person')
    expect(names(wrapper).slice(0, 3)).toEqual(['Person 35', 'Person 0', 'Person 1'])
    await search(wrapper, 'p')
    expect(useContactsStore().visible).toHaveLength(40)
    expect(names(wrapper)[0]).toBe('Person 35')
    await vi.advanceTimersByTimeAsync(100)
    expect(building).not.toHaveBeenCalled()
    building.mockRestore()
  })

  it('collects the matches past the first screen only after the keystroke’s frame is painted', async () => {
    const { wrapper, store, paint, restore } = await slowMachineWithLongList()
    try {
      await search(wrapper, 'person')
      const shown = () => wrapper.get('[data-testid="counts"]').text()
      const first = store.visible.length
      expect(first).toBeGreaterThanOrEqual(40)
      expect(first).toBeLessThan(3000)
      // No frame yet: nothing more is looked at, however long the page waits.
      await vi.advanceTimersByTimeAsync(100)
      expect(store.visible).toHaveLength(first)
      for (let i = 0; i < 20 && store.visible.length < 3000; i++) {
        paint()
        await vi.advanceTimersByTimeAsync(10)
      }
      expect(shown()).toContain('3,000 shown')
    } finally {
      restore()
    }
  })

  it('collects nothing for a new query before its keystroke’s frame, while the previous query was still being collected', async () => {
    const { wrapper, store, paint, restore } = await slowMachineWithLongList()
    try {
      await search(wrapper, 'person')
      // Its frame is painted and collecting begins: one slice, far from done.
      paint()
      await vi.advanceTimersByTimeAsync(0)
      expect(store.visible.length).toBeLessThan(3000)
      await search(wrapper, 'person 1')
      const first = store.visible.length
      expect(first).toBeGreaterThanOrEqual(40)
      // No frame for the new query yet: the previous query's slices do not go on with it before that frame.
      await vi.advanceTimersByTimeAsync(100)
      expect(store.visible).toHaveLength(first)
      for (let i = 0; i < 20 && store.visible.length < 1111; i++) {
        paint()
        await vi.advanceTimersByTimeAsync(10)
      }
      expect(store.visible).toHaveLength(1111)
    } finally {
      restore()
    }
  })

  it('asks Telegram after a pause and lists strangers under "Global search"; too-short queries stay quiet', async () => {
    const { wrapper, fake } = setup()
    fake.handlers['contacts.searchGlobal'] = ({ query }) => {
      if (query.length < 3) throw rpcError('QUERY_TOO_SHORT')
      return { people: [{ id: '900', firstName: 'Pavel', lastName: 'Stranger', username: 'pavel', phone: null, isContact: false, mutual: false, status: { kind: 'recently' } }] }
    }
    await flushPromises()
    await search(wrapper, 'pa')
    await vi.advanceTimersByTimeAsync(700)
    expect(fake.inputsOf('contacts.searchGlobal')).toEqual([{ query: 'pa' }])
    expect(wrapper.get('section[aria-label="Global search"]').text()).not.toContain('QUERY_TOO_SHORT')
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    await search(wrapper, 'pav')
    await vi.advanceTimersByTimeAsync(300)
    expect(fake.inputsOf('contacts.searchGlobal')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(400)
    expect(fake.inputsOf('contacts.searchGlobal')).toEqual([{ query: 'pa' }, { query: 'pav' }])
    const global = wrapper.get('section[aria-label="Global search"]')
    expect(global.text()).toContain('Global search')
    expect(global.text()).toContain('Pavel Stranger')
    expect(global.text()).toContain('@pavel')
    // Opening one is the add flow.
    fake.handlers['contacts.details'] = () => ({
      id: '900', firstName: 'Pavel', lastName: 'Stranger', username: 'pavel', phone: null, isContact: false, mutual: false,
      status: { kind: 'recently' }, bio: null, commonChatsCount: 0, needContactsException: true, shareContact: false,
    })
    await global.get('button').trigger('click')
    await flushPromises()
    expect(fake.inputsOf('contacts.details')).toContainEqual({ id: '900' })
    expect(useAddStore().open).toBe(true)
    expect(useAddStore().person?.needContactsException).toBe(true)
  })

  it('keeps the active contact active and named to screen readers while a narrowing key and Backspace move it', async () => {
    const { wrapper } = setup()
    await flushPromises()
    const list = wrapper.get('[role="listbox"]')
    const store = useContactsStore()
    const active = () => wrapper.get(`#${list.attributes('aria-activedescendant')}`)
    await search(wrapper, 'e')
    expect(names(wrapper)).toEqual(['Dana Earlier', 'Eve Month'])
    await list.trigger('keydown', { key: 'ArrowDown' })
    await list.trigger('keydown', { key: 'ArrowDown' })
    expect(store.get(store.activeId!)!.name).toBe('Eve Month')
    await search(wrapper, 'ev')
    expect(names(wrapper)).toEqual(['Eve Month'])
    expect(active().text()).toContain('Eve Month')
    expect(active().attributes()).toMatchObject({ 'aria-selected': 'true', 'aria-posinset': '1', 'aria-setsize': '1' })
    await search(wrapper, 'e')
    expect(names(wrapper)).toEqual(['Dana Earlier', 'Eve Month'])
    expect(active().text()).toContain('Eve Month')
    expect(active().attributes()).toMatchObject({ 'aria-selected': 'true', 'aria-posinset': '2', 'aria-setsize': '2' })
    expect(wrapper.findAll('[role="option"][aria-selected="true"]')).toHaveLength(1)
  })

  it('moves with arrows, selects all visible with Ctrl+A, and focuses search with Ctrl+F', async () => {
    const { wrapper } = setup()
    await flushPromises()
    const list = wrapper.get('[role="listbox"]')
    await list.trigger('keydown', { key: 'ArrowDown' })
    await list.trigger('keydown', { key: 'ArrowDown' })
    const store = useContactsStore()
    expect(store.get(store.activeId!)!.name).toBe('José García')
    // Focus stays on the listbox; it names the active row, which is what a screen reader announces.
    const activeRow = wrapper.get(`#${list.attributes('aria-activedescendant')}`)
    expect(activeRow.text()).toContain('José García')
    expect(activeRow.attributes('aria-selected')).toBe('true')
    await search(wrapper, 'a')
    await list.trigger('keydown', { key: 'a', ctrlKey: true })
    expect(store.selection.size).toBe(store.visible.length)
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'f', ctrlKey: true }))
    expect(document.activeElement).toBe(wrapper.get('input[type="search"]').element)
  })

  it('types a letter pressed in the list into the search, as in Telegram\'s chat list; Space and shortcuts stay the list\'s', async () => {
    const { wrapper } = setup()
    await flushPromises()
    const list = wrapper.get('[role="listbox"]')
    const box = wrapper.get<HTMLInputElement>('input[type="search"][aria-label="Search contacts"]')
    await search(wrapper, 'e')
    await list.trigger('keydown', { key: 'ArrowDown' })
    ;(list.element as HTMLElement).focus()
    await list.trigger('keydown', { key: ' ' })
    await list.trigger('keydown', { key: 'a', ctrlKey: true })
    expect(box.element.value).toBe('e')
    const typed = new KeyboardEvent('keydown', { key: 'a', bubbles: true, cancelable: true })
    list.element.dispatchEvent(typed)
    await flushPromises()
    expect(typed.defaultPrevented).toBe(true)
    expect(box.element.value).toBe('ea')
    expect(document.activeElement).toBe(box.element)
    expect(names(wrapper)).toEqual(['Dana Earlier'])
  })

  it('paints the first screen of a long list before sorting all of it, in the same order', async () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      contact({ firstName: `Person${String(i).padStart(4, '0')}`, status: { kind: 'offline', wasOnline: nowS - 86_400 - i } }),
    )
    many[4321] = { ...many[4321]!, firstName: 'Olga', status: { kind: 'online', expires: nowS + 60 } }
    many[2222] = { ...many[2222]!, firstName: 'Émile', status: { kind: 'offline', wasOnline: nowS - 60 } }
    const { wrapper } = setup(many)
    await flushPromises()
    const store = useContactsStore()
    expect(store.partial).toBe(true)
    expect(wrapper.get('[data-testid="counts"]').text()).toContain('5,000 contacts')
    const firstScreen = names(wrapper)
    expect(firstScreen.slice(0, 4)).toEqual(['Olga', 'Émile', 'Person0000', 'Person0001'])
    // Searching already finds everyone, before the full sort (the matches past the first few
    // milliseconds are collected in slices after the frame).
    await search(wrapper, 'person4999')
    for (let i = 0; i < 50 && names(wrapper).length === 0; i++) await vi.advanceTimersByTimeAsync(10)
    expect(names(wrapper)).toEqual(['Person4999'])
    await search(wrapper, '')
    // The rest is prepared in slices after the first frame.
    for (let i = 0; i < 50 && store.partial; i++) {
      await flushPromises()
      await vi.advanceTimersByTimeAsync(10)
    }
    expect(store.partial).toBe(false)
    expect(store.sorted).toHaveLength(5000)
    // The rows below the fold come back once the frame that cleared the search is painted.
    await vi.advanceTimersByTimeAsync(50)
    await flushPromises()
    expect(names(wrapper)).toEqual(firstScreen)
  })

  it('selects ranges with Shift-click and toggles with Ctrl-click', async () => {
    const { wrapper } = setup()
    await flushPromises()
    const rows = () => wrapper.findAll('[role="option"]')
    await rows()[0]!.trigger('click')
    await rows()[3]!.trigger('click', { shiftKey: true })
    const store = useContactsStore()
    expect(store.selection.size).toBe(4)
    await rows()[1]!.trigger('click', { ctrlKey: true })
    expect(store.selection.size).toBe(3)
    expect(wrapper.get('[data-testid="counts"]').text()).toContain('3 selected')
  })
})
