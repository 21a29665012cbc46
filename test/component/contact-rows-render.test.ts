import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { ComponentOptions } from 'vue'
import type { Contact } from '@contract'
import ContactsView from '../../renderer/src/features/contacts/ContactsView.vue'
import { useContactsStore } from '../../renderer/src/stores/contacts'
import { contact, createFakeApi, FAKE_TIMERS, fakeList, installHighlights, mountWith } from './fake-api'

const NOW = new Date('2026-03-20T15:00:00').getTime()
const nowS = Math.floor(NOW / 1000)

/** By last seen: Maria Alpha, Marina Gamma, Maria Beta, Bob Delta. */
function world(): Contact[] {
  return [
    contact({ firstName: 'Maria', lastName: 'Alpha', status: { kind: 'online', expires: nowS + 600 } }),
    contact({ firstName: 'Marina', lastName: 'Gamma', status: { kind: 'offline', wasOnline: nowS - 60 } }),
    contact({ firstName: 'Maria', lastName: 'Beta', username: 'mbeta', status: { kind: 'offline', wasOnline: nowS - 120 } }),
    contact({ firstName: 'Bob', lastName: 'Delta', status: { kind: 'recently' } }),
  ]
}

/** The name shown by each contact row after each of its re-renders (not its first render). */
const rerendered: string[] = []
const countRenders: ComponentOptions = {
  updated(this: { $: { type: { __name?: string } }; $el: Element }) {
    if (this.$.type.__name === 'ContactRow') rerendered.push(this.$el.querySelector('.contact-name')?.textContent ?? '')
  },
}

/** The search highlight's registry, installed for each test. */
let page: ReturnType<typeof installHighlights>
const marked = (el: Element): string[] => page.marked(el)

function setup() {
  const contacts = world()
  const fake = createFakeApi({
    ...fakeList(contacts, 0).handlers,
    'contacts.searchGlobal': () => ({ people: [] }),
  })
  const wrapper = mountWith(ContactsView, fake, {}, [countRenders])
  const store = useContactsStore()
  store.listen()
  void store.load()
  return { fake, wrapper, contacts }
}

type Wrapper = ReturnType<typeof setup>['wrapper']
const options = (w: Wrapper) => w.findAll('[role="listbox"] [role="option"]')
const names = (w: Wrapper) => options(w).map((o) => o.get('.contact-name').text())

async function type(w: Wrapper, text: string) {
  await w.get('input[type="search"][aria-label="Search contacts"]').setValue(text)
  await flushPromises()
}

describe('contact rows while typing', () => {
  beforeEach(() => {
    rerendered.length = 0
    page = installHighlights()
    vi.useFakeTimers(FAKE_TIMERS)
    vi.setSystemTime(NOW)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('re-renders only the rows whose contact changed; marks and the list size update without re-rendering a row', async () => {
    const { wrapper } = setup()
    await flushPromises()
    await type(wrapper, 'mari')
    expect(names(wrapper)).toEqual(['Maria Alpha', 'Marina Gamma', 'Maria Beta'])
    expect(marked(options(wrapper)[0]!.element)).toEqual(['Mari'])

    rerendered.length = 0
    // A keystroke that changes no row's contact or marks: no row renders again.
    await type(wrapper, 'mari ')
    expect(names(wrapper)).toEqual(['Maria Alpha', 'Marina Gamma', 'Maria Beta'])
    expect(rerendered).toEqual([])

    // Both contacts stay (only their marks change): Maria Beta's row moves up to second, and no row renders again.
    await type(wrapper, 'maria')
    expect(names(wrapper)).toEqual(['Maria Alpha', 'Maria Beta'])
    expect(rerendered).toEqual([])
    expect(options(wrapper).map((o) => marked(o.element))).toEqual([['Maria'], ['Maria']])
    // What a screen reader hears of the list: each option's place in it, and the text as shown.
    expect(options(wrapper).map((o) => [o.attributes('aria-posinset'), o.attributes('aria-setsize')])).toEqual([
      ['1', '2'],
      ['2', '2'],
    ])
    expect(options(wrapper)[1]!.get('.contact-side').text()).toBe('@mbeta')

    // Backspace to everyone: the first row still shows Maria Alpha, unmarked, and is not rendered again.
    rerendered.length = 0
    await type(wrapper, '')
    expect(names(wrapper)).toEqual(['Maria Alpha', 'Marina Gamma', 'Maria Beta', 'Bob Delta'])
    expect(rerendered).not.toContain('Maria Alpha')
    expect(page.highlights.get('search-match')?.size ?? 0).toBe(0)
    expect(options(wrapper).map((o) => o.attributes('aria-setsize'))).toEqual(['4', '4', '4', '4'])
  })

  it('re-renders the one row whose contact changed status, with the new status', async () => {
    const { wrapper, fake, contacts } = setup()
    await flushPromises()
    rerendered.length = 0
    fake.emit('statuses.changed', { statuses: [{ id: contacts[3]!.id, status: { kind: 'lastWeek' } }] })
    await flushPromises()
    expect(rerendered).toEqual(['Bob Delta'])
    expect(options(wrapper)[3]!.text()).toContain('last seen within a week')
  })
})
