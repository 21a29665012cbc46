import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { isReactive } from 'vue'
import type { Contact } from '@contract'
import ContactsView from '../../renderer/src/features/contacts/ContactsView.vue'
import { useContactsStore } from '../../renderer/src/stores/contacts'
import { contact, createFakeApi, fakeList, mountWith } from './fake-api'

const nowS = Math.floor(Date.now() / 1000)

/** A list longer than two chunks, with every kind of status, in no order. */
function many(count: number): Contact[] {
  const kinds: Contact['status'][] = [{ kind: 'recently' }, { kind: 'lastWeek' }, { kind: 'hidden' }, { kind: 'lastMonth' }]
  return Array.from({ length: count }, (_, i) =>
    contact({
      firstName: `Person ${String((i * 7919) % count).padStart(5, '0')}`,
      status: i % 5 === 0 ? { kind: 'offline', wasOnline: nowS - ((i * 31) % 100_000) } : kinds[i % 4]!,
    }),
  )
}

function setup(contacts: Contact[]) {
  const list = fakeList(contacts, 3)
  const fake = createFakeApi({ ...list.handlers, 'contacts.searchGlobal': () => ({ people: [] }) })
  const wrapper = mountWith(ContactsView, fake)
  const store = useContactsStore()
  store.listen()
  return { fake, wrapper, store, list }
}

/** The order the whole list must end up in, computed from scratch. */
function fullySorted(store: ReturnType<typeof useContactsStore>): string[] {
  return [...store.sorted]
    .map((e) => e.contact)
    .sort((a, b) => {
      const key = (c: Contact) => (c.status.kind === 'offline' ? c.status.wasOnline : { recently: -1, lastWeek: -2, lastMonth: -3, hidden: -4, online: 0 }[c.status.kind])
      return key(b) - key(a) || (a.firstName < b.firstName ? -1 : a.firstName > b.firstName ? 1 : 0)
    })
    .map((c) => c.id)
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('the list, first screen first', () => {
  it('shows the first screen from the first answer, then folds the rest in chunk by chunk, in order', async () => {
    const contacts = many(12_000)
    const { fake, store } = setup(contacts)
    const loading = store.load()
    await flushPromises()
    // The first answer: 60 rows in list order, the total known at once.
    expect(fake.inputsOf('contacts.open')).toEqual([{ sort: 'lastSeen', firstRows: 60 }])
    expect(store.partial).toBe(true)
    expect(store.total).toBe(12_000)
    expect(store.sorted.length).toBeGreaterThanOrEqual(60)
    expect(store.sorted.length).toBeLessThan(12_000)
    await loading
    expect(store.partial).toBe(false)
    expect(fake.inputsOf('contacts.page').map((p) => p.offset)).toEqual([0, 2500, 5000, 7500, 10_000])
    expect(store.sorted).toHaveLength(12_000)
    expect(new Set(store.sorted.map((e) => e.contact.id)).size).toBe(12_000)
    expect(store.sorted.map((e) => e.contact.id)).toEqual(fullySorted(store))
  })

  it('keeps Vue out of the list: a shallow ref over a plain array of plain entries', async () => {
    const { store } = setup(many(200))
    await store.load()
    expect(isReactive(store.sorted)).toBe(false)
    expect(isReactive(store.sorted[0])).toBe(false)
  })

  it('never brings back a contact removed while the list was coming, nor overwrites one pushed meanwhile', async () => {
    const contacts = many(11_000)
    const { fake, store } = setup(contacts)
    const loading = store.load()
    await flushPromises()
    const late = contacts.find((c) => !store.sorted.some((e) => e.contact.id === c.id))!
    const renamed = contacts.filter((c) => !store.sorted.some((e) => e.contact.id === c.id))[1]!
    fake.emit('contacts.removed', { ids: [late.id] })
    fake.emit('contacts.upserted', { contacts: [{ ...renamed, firstName: 'Renamed', status: { kind: 'online', expires: nowS + 300 } }] })
    await loading
    expect(store.get(late.id)).toBeUndefined()
    expect(store.sorted.some((e) => e.contact.id === late.id)).toBe(false)
    expect(store.get(renamed.id)?.contact.firstName).toBe('Renamed')
    expect(store.sorted.filter((e) => e.contact.id === renamed.id)).toHaveLength(1)
    expect(store.sorted[0]?.contact.id).toBe(renamed.id)
    expect(store.sorted).toHaveLength(10_999)
  })

  it('sends the list once at a start from Telegram: no second open for its own reloaded event, no refresh right after', async () => {
    const { fake, store, list } = setup(many(100))
    list.synced = true
    const loading = store.load()
    // The core announces the list it is about to answer with (its first getContacts changed an empty list).
    fake.emit('contacts.reloaded', { count: 100, revision: list.revision })
    await loading
    await flushPromises()
    expect(fake.inputsOf('contacts.open')).toHaveLength(1)
    expect(fake.inputsOf('contacts.sync')).toHaveLength(0)
  })

  it('after a refresh that found the list unchanged, sends nothing again; after one that changed it, opens it again', async () => {
    const { fake, store, list } = setup(many(100))
    await store.load()
    expect(fake.inputsOf('contacts.sync')).toHaveLength(1)
    expect(fake.inputsOf('contacts.open')).toHaveLength(1)
    list.replace(many(101))
    await store.refresh()
    expect(fake.inputsOf('contacts.open')).toHaveLength(2)
    expect(store.total).toBe(101)
  })
})
