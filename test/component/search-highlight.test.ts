import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { Contact } from '@contract'
import ContactsView from '../../renderer/src/features/contacts/ContactsView.vue'
import { useContactsStore } from '../../renderer/src/stores/contacts'
import { useSessionStore } from '../../renderer/src/stores/session'
import { contact, createFakeApi, FAKE_TIMERS, fakeList, installHighlights, mountWith, SELF } from './fake-api'

const NOW = new Date('2026-03-20T15:00:00').getTime()

function world(): Contact[] {
  return [
    contact({ firstName: 'Ольга', lastName: 'Петрова', status: { kind: 'recently' } }),
    contact({ firstName: 'Anna', lastName: 'Müller', username: 'anna_mue', phone: '4915164132995', status: { kind: 'lastWeek' } }),
    contact({ firstName: 'Jonas', lastName: 'Berg', phone: '4917655512345', status: { kind: 'lastMonth' } }),
  ]
}

function setup(accountPhone = '+4930901820') {
  const contacts = world()
  const fake = createFakeApi({
    ...fakeList(contacts, 0).handlers,
    'contacts.searchGlobal': () => ({ people: [] }),
  })
  const wrapper = mountWith(ContactsView, fake)
  useSessionStore().auth = { state: 'signedIn', user: { ...SELF, phone: accountPhone } }
  const store = useContactsStore()
  store.listen()
  void store.load()
  return { fake, wrapper }
}

type Wrapper = ReturnType<typeof setup>['wrapper']
const rows = (w: Wrapper) => w.findAll('[role="listbox"] [role="option"]')
/** The search highlight's registry, installed for each test. */
let page: ReturnType<typeof installHighlights>
/** The texts marked inside an element: the ranges of the search highlight (CSS Custom Highlight API) in it. */
const marked = (wrapper: { element: Element }): string[] => page.marked(wrapper.element)

async function search(w: Wrapper, text: string) {
  await w.get('input[type="search"][aria-label="Search contacts"]').setValue(text)
  await flushPromises()
}

describe('search highlights and readings', () => {
  beforeEach(() => {
    page = installHighlights()
    vi.useFakeTimers(FAKE_TIMERS)
    vi.setSystemTime(NOW)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('marks the part of a Cyrillic name a transliterated or wrong-layout query matched, keeping the row text whole', async () => {
    const { wrapper } = setup()
    await flushPromises()
    await search(wrapper, 'olg')
    expect(rows(wrapper)).toHaveLength(1)
    const name = rows(wrapper)[0]!.get('.contact-name')
    // "olg" is "Ольг": the soft sign is not written in Latin.
    expect(marked(name)).toEqual(['Ольг'])
    // What a screen reader reads: the text as it is, untouched by the highlight.
    expect(name.element.textContent).toBe('Ольга Петрова')
    await search(wrapper, 'jkm gtnh')
    expect(marked(rows(wrapper)[0]!.get('.contact-name'))).toEqual(['Оль', 'Петр'])
    await search(wrapper, '')
    expect(page.highlights.get('search-match')?.size ?? 0).toBe(0)
  })

  it('marks umlaut spellings, usernames and the matched digits of the shown number', async () => {
    const { wrapper } = setup()
    await flushPromises()
    await search(wrapper, 'mue')
    expect(rows(wrapper)).toHaveLength(1)
    expect(marked(rows(wrapper)[0]!.get('.contact-name'))).toEqual(['Mü'])
    expect(marked(rows(wrapper)[0]!.get('.contact-side'))).toEqual(['mue'])
    expect(rows(wrapper)[0]!.get('.contact-side').element.textContent).toBe('@anna_mue · +49 1516 4132995')
    await search(wrapper, '641329')
    expect(marked(rows(wrapper)[0]!.get('.contact-side'))).toEqual(['6 41329'])
  })

  it("finds a national number in the account's country and never sends a number to Telegram's name search", async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    await search(wrapper, '01516 4132995')
    expect(rows(wrapper).map((r) => r.get('.contact-name').text())).toEqual(['Anna Müller'])
    expect(marked(rows(wrapper)[0]!.get('.contact-side'))).toEqual(['49 1516 4132995'])
    await search(wrapper, '0176')
    expect(rows(wrapper).map((r) => r.get('.contact-name').text())).toEqual(['Jonas Berg'])
    await vi.advanceTimersByTimeAsync(2000)
    expect(fake.inputsOf('contacts.searchGlobal')).toEqual([])
    await search(wrapper, 'jonas')
    await vi.advanceTimersByTimeAsync(2000)
    expect(fake.inputsOf('contacts.searchGlobal')).toEqual([{ query: 'jonas' }])
  })

  it('reads national numbers in the country of the signed-in number', async () => {
    const { wrapper } = setup('+33612345678')
    await flushPromises()
    await search(wrapper, '01516 4132995')
    expect(rows(wrapper)).toHaveLength(0)
  })

  it('marks the rows rendered after the keystroke: those below the fold, and those a scroll brings into view', async () => {
    const many = Array.from({ length: 80 }, (_, i) => contact({ firstName: 'Maria', lastName: `Nr${String(i).padStart(2, '0')}`, status: { kind: 'offline', wasOnline: Math.floor(NOW / 1000) - 60 * (i + 1) } }))
    const fake = createFakeApi({ ...fakeList(many, 0).handlers, 'contacts.searchGlobal': () => ({ people: [] }) })
    const wrapper = mountWith(ContactsView, fake)
    const store = useContactsStore()
    store.listen()
    void store.load()
    await flushPromises()
    await search(wrapper, 'mar')
    const shownFirst = rows(wrapper).length
    // After the frame is painted, the rows below the fold follow.
    await vi.advanceTimersByTimeAsync(50)
    await flushPromises()
    expect(rows(wrapper).length).toBeGreaterThan(shownFirst)
    expect(rows(wrapper).map((r) => marked(r.get('.contact-name')))).toEqual(rows(wrapper).map(() => ['Mar']))
    const list = wrapper.get('[role="listbox"]')
    list.element.scrollTop = 3000
    await list.trigger('scroll')
    await flushPromises()
    const names = rows(wrapper).map((r) => r.get('.contact-name').text())
    expect(names).toContain('Maria Nr60')
    expect(rows(wrapper).map((r) => marked(r.get('.contact-name')))).toEqual(names.map(() => ['Mar']))
    // The ranges of the rows scrolled away went with them.
    expect(page.highlights.get('search-match')?.size).toBe(names.length)
  })
})
