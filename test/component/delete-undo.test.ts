import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import type { Contact, PendingDelete } from '@contract'
import ContactsView from '../../renderer/src/features/contacts/ContactsView.vue'
import ToastHost from '../../renderer/src/features/shell/ToastHost.vue'
import { useContactsStore } from '../../renderer/src/stores/contacts'
import { UNDO_MS, useDeletesStore } from '../../renderer/src/stores/deletes'
import { UNDO_MS as CORE_UNDO_MS } from '@contract'
import { contact, createFakeApi, FAKE_TIMERS, fakeList, mountWith, type FakeApi } from './fake-api'

const Page = defineComponent({ render: () => h('div', [h(ContactsView), h(ToastHost)]) })

/**
 * The core's side of the contract for deletes, as the renderer sees it: contacts.delete starts a 5 s wait and
 * announces it (deletes.changed); when it ends the contacts go (contacts.removed) and the wait with them.
 */
function fakeCore(people: Contact[]) {
  const waiting = new Map<string, { pending: PendingDelete; timer: ReturnType<typeof setTimeout> | null }>()
  let next = 0
  let fail = false
  const holds: Array<[string, boolean]> = []
  const list = (): PendingDelete[] => [...waiting.values()].map((w) => w.pending)
  const send = (id: string) => {
    const entry = waiting.get(id)!
    waiting.delete(id)
    if (entry.pending.kind !== 'contacts') return
    const ids = entry.pending.ids
    if (fail) {
      fake.emit('deletes.failed', { id, kind: 'contacts', count: ids.length, error: { code: 'NETWORK', message: 'offline' } })
    } else {
      for (const i of ids) people.splice(people.findIndex((p) => p.id === i), 1)
      fake.emit('contacts.removed', { ids })
    }
    fake.emit('deletes.changed', { pending: list() })
  }
  const fake: FakeApi = createFakeApi({
    ...fakeList(people, 0).handlers,
    'contacts.details': ({ id }) => ({ ...people.find((c) => c.id === id)!, isContact: true, bio: null, commonChatsCount: 0, needContactsException: false, shareContact: false }),
    'contacts.delete': ({ ids, label }) => {
      const id = (next++).toString(16).padStart(16, '0')
      const pending: PendingDelete = { id, kind: 'contacts', ids, label, expiresAt: Date.now() + 5000, remainingMs: 5000 }
      waiting.set(id, { pending, timer: setTimeout(() => send(id), 5000) })
      fake.emit('deletes.changed', { pending: list() })
      return { pending }
    },
    'deletes.pending': () => ({ pending: list().map((p) => ({ ...p, remainingMs: Math.max(0, p.expiresAt - Date.now()) })) }),
    'deletes.undo': ({ id }) => {
      const entry = waiting.get(id)
      if (!entry) return { undone: false }
      if (entry.timer) clearTimeout(entry.timer)
      waiting.delete(id)
      fake.emit('deletes.changed', { pending: list() })
      return { undone: true }
    },
    'deletes.hold': ({ id, held }) => {
      holds.push([id, held])
      return { changed: true }
    },
  })
  return {
    fake,
    holds,
    failNext: () => (fail = true),
  }
}

function setup(component = Page) {
  const people = [contact({ firstName: 'Anna', lastName: 'A' }), contact({ firstName: 'Boris', lastName: 'B' }), contact({ firstName: 'Clara', lastName: 'C' })]
  const core = fakeCore(people)
  const wrapper = mountWith(component, core.fake)
  const store = useContactsStore()
  store.listen()
  void store.load()
  return { ...core, wrapper, people, store }
}

const rowNames = (wrapper: ReturnType<typeof setup>['wrapper']) => wrapper.findAll('[role="option"] .contact-name').map((n) => n.text())
const toast = (wrapper: ReturnType<typeof setup>['wrapper']) => wrapper.find('section[aria-label="Notifications"] [aria-live="polite"] .toast')

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
  await flushPromises()
}

describe('delete with undo (the wait is the core’s)', () => {
  beforeEach(() => vi.useFakeTimers(FAKE_TIMERS))
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('words the same undo window the core keeps', () => {
    expect(UNDO_MS).toBe(CORE_UNDO_MS)
  })

  it('asks once with the count, hides at once, hands the delete to the core, and Undo brings them back', async () => {
    const { wrapper, fake, people } = setup()
    await flushPromises()
    await deleteFirstTwo(wrapper)
    expect(rowNames(wrapper)).toEqual(['Clara C'])
    expect(fake.inputsOf('contacts.delete')).toEqual([{ ids: [people[0]!.id, people[1]!.id], label: 'Deleted 2 contacts' }])
    expect(toast(wrapper).text()).toContain('Deleted 2 contacts')
    await vi.advanceTimersByTimeAsync(4000)
    await toast(wrapper).findAll('button').find((b) => b.text() === 'Undo')!.trigger('click')
    await flushPromises()
    expect(fake.inputsOf('deletes.undo')).toHaveLength(1)
    expect(rowNames(wrapper)).toEqual(['Anna A', 'Boris B', 'Clara C'])
    await vi.advanceTimersByTimeAsync(10_000)
    // The core's wait was cancelled: nobody was deleted.
    expect(people).toHaveLength(3)
  })

  it('leaves the sending to the core: the rows go with contacts.removed, the toast with the wait', async () => {
    const { wrapper, people } = setup()
    await flushPromises()
    await deleteFirstTwo(wrapper)
    await vi.advanceTimersByTimeAsync(5000)
    await flushPromises()
    expect(people.map((p) => p.firstName)).toEqual(['Clara'])
    expect(rowNames(wrapper)).toEqual(['Clara C'])
    expect(wrapper.text()).not.toContain('Undo')
  })

  it('puts them back and says why when the core could not send it', async () => {
    const { wrapper, failNext } = setup()
    failNext()
    await flushPromises()
    await deleteFirstTwo(wrapper)
    await vi.advanceTimersByTimeAsync(5000)
    await flushPromises()
    expect(rowNames(wrapper)).toEqual(['Anna A', 'Boris B', 'Clara C'])
    const alert = wrapper.get('[role="alert"]')
    expect(alert.text()).toContain("Couldn't delete 2 contacts; they are back in the list.")
    expect(alert.text()).toContain("Can't reach Telegram")
  })

  it('after a reload, hides what is still waiting and shows its toast again with the time left', async () => {
    const first = setup()
    await flushPromises()
    await deleteFirstTwo(first.wrapper)
    await vi.advanceTimersByTimeAsync(2000)
    first.wrapper.unmount()
    document.body.innerHTML = ''
    // A new page against the same core.
    const reloaded = mountWith(Page, first.fake)
    const store = useContactsStore()
    store.listen()
    void store.load()
    await flushPromises()
    expect(rowNames(reloaded)).toEqual(['Clara C'])
    expect(reloaded.text()).toContain('Deleted 2 contacts')
    await vi.advanceTimersByTimeAsync(3000)
    await flushPromises()
    expect(reloaded.text()).not.toContain('Undo')
    expect(rowNames(reloaded)).toEqual(['Clara C'])
  })

  it('holds the core’s clock while the pointer is on the toast', async () => {
    const { wrapper, holds } = setup()
    await flushPromises()
    await deleteFirstTwo(wrapper)
    await toast(wrapper).trigger('pointerenter')
    await toast(wrapper).trigger('pointerleave')
    await flushPromises()
    expect(holds.map(([, held]) => held)).toEqual([true, false])
  })

  it('deletes one from the details pane with its name in the question', async () => {
    const { wrapper, fake, people } = setup()
    await flushPromises()
    await wrapper.findAll('[role="option"]')[2]!.trigger('click')
    await wrapper.findAll('button').find((b) => b.text() === 'Delete contact')!.trigger('click')
    expect(wrapper.get('[role="dialog"] h2').text()).toBe('Delete Clara C?')
    await wrapper.get('[role="dialog"]').findAll('button').find((b) => b.text() === 'Delete')!.trigger('click')
    await flushPromises()
    expect(rowNames(wrapper)).toEqual(['Anna A', 'Boris B'])
    expect(fake.inputsOf('contacts.delete')).toEqual([{ ids: [people[2]!.id], label: 'Deleted Clara C' }])
  })

  it('Ctrl+Z undoes the newest delete while its toast shows, but not inside a text field', async () => {
    const { wrapper, fake } = setup()
    const keys = useDeletesStore().undoKey
    window.addEventListener('keydown', keys)
    try {
      await flushPromises()
      await deleteFirstTwo(wrapper)
      await wrapper.get('input[type="search"]').trigger('keydown', { key: 'z', ctrlKey: true })
      expect(fake.inputsOf('deletes.undo')).toHaveLength(0)
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true }))
      await flushPromises()
      expect(fake.inputsOf('deletes.undo')).toHaveLength(1)
      expect(rowNames(wrapper)).toEqual(['Anna A', 'Boris B', 'Clara C'])
      // No toast left: Ctrl+Z has nothing to undo.
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', metaKey: true, bubbles: true }))
      expect(fake.inputsOf('deletes.undo')).toHaveLength(1)
    } finally {
      window.removeEventListener('keydown', keys)
    }
  })
})
