import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { PendingDelete, SavedNumber } from '@contract'
import SavedView from '../../renderer/src/features/saved/SavedView.vue'
import { useDeletesStore } from '../../renderer/src/stores/deletes'
import { useExportStore } from '../../renderer/src/stores/export'
import { useNavStore } from '../../renderer/src/stores/nav'
import { useSavedStore } from '../../renderer/src/stores/saved'
import { useContactsStore } from '../../renderer/src/stores/contacts'
import { useToastStore } from '../../renderer/src/stores/toasts'
import { createFakeApi, fakeList, mountWith } from './fake-api'

const NUMBERS: SavedNumber[] = [
  { phone: '+447911123401', firstName: 'Alice', lastName: 'Krüger', learnedAt: Date.UTC(2026, 11, 1), source: 'addByPhone' },
  { phone: '+447911123402', firstName: 'Bob', lastName: '', learnedAt: Date.UTC(2026, 10, 20), source: 'import' },
  { phone: '+14155550132', firstName: '', lastName: '', learnedAt: Date.UTC(2026, 10, 2), source: 'takeout' },
]

function setup(completeAt: number | null = null, initial: SavedNumber[] = NUMBERS) {
  let numbers = initial
  const fake = createFakeApi({
    ...fakeList([]).handlers,
    'saved.list': () => ({ numbers, completeAt }),
    'saved.delete': (input) => {
      const pending: PendingDelete = { id: 'p1', kind: 'phones', phones: input.phones, label: input.label, expiresAt: Date.now() + 5000, remainingMs: 5000 }
      return { pending }
    },
  })
  const wrapper = mountWith(SavedView, fake)
  const setNumbers = (next: SavedNumber[]) => (numbers = next)
  return { fake, wrapper, setNumbers }
}

const rows = (w: ReturnType<typeof setup>['wrapper']) => w.findAll('li.saved-row')
const button = (w: ReturnType<typeof setup>['wrapper'], text: string) => w.findAll('button').find((b) => b.text() === text)

describe('Not on Telegram (issue 14 item 3)', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('lists the saved numbers with when and how the app learnt each, and says the list may not be complete', async () => {
    const { wrapper } = setup()
    await flushPromises()
    expect(rows(wrapper).map((r) => r.get('.saved-name').text())).toEqual(['Alice Krüger', 'Bob', '+1 415 555 0132'])
    expect(rows(wrapper)[0]!.text()).toContain('+44 7911 123401')
    expect(rows(wrapper)[0]!.text()).toContain('added by phone 1 Dec 2026')
    expect(rows(wrapper)[1]!.text()).toContain('imported 20 Nov 2026')
    expect(wrapper.get('[data-testid="saved-completeness"]').text()).toContain('Only an export from Telegram lists them all.')
  })

  it('names the count Telegram gives beside the numbers it knows, which the contact list links here with', async () => {
    const some = setup()
    useContactsStore().savedCount = 275
    await flushPromises()
    expect(some.wrapper.get('[data-testid="saved-completeness"]').text()).toContain(
      'Telegram counts 275 saved phone numbers; here are the 3 this app has added or imported. Only an export from Telegram lists them all.',
    )
    some.wrapper.unmount()
    const none = setup(null, [])
    useContactsStore().savedCount = 275
    await flushPromises()
    expect(none.wrapper.get('[data-testid="saved-completeness"]').text()).toContain('Telegram counts 275 saved phone numbers, but says which they are only in an export.')
  })

  it('names the date of the last complete list, without saying an export gave it: a reset of the saved contacts gives one too', async () => {
    const { wrapper } = setup(Date.UTC(2026, 10, 2, 12))
    await flushPromises()
    const text = wrapper.get('[data-testid="saved-completeness"]').text()
    expect(text).toContain("Telegram's complete list as of 2 Nov 2026 is here, with the numbers added since.")
    expect(text.replace('Get the complete list with an export…', '')).not.toMatch(/export/i)
  })

  it('with no numbers says none are known while the list may be incomplete, and that there are none once it is complete', async () => {
    const incomplete = setup(null, [])
    await flushPromises()
    expect(incomplete.wrapper.get('.empty-state h2').text()).toBe('No saved numbers known')
    incomplete.wrapper.unmount()
    const complete = setup(Date.UTC(2026, 11, 6, 12), [])
    await flushPromises()
    expect(complete.wrapper.get('.empty-state h2').text()).toBe('No saved numbers')
  })

  it('finds numbers by name (accents aside) and by digits however they are grouped', async () => {
    const { wrapper } = setup()
    await flushPromises()
    const search = wrapper.get('input[aria-label="Search saved numbers"]')
    await search.setValue('kruger')
    expect(rows(wrapper).map((r) => r.get('.saved-name').text())).toEqual(['Alice Krüger'])
    await search.setValue('415 555')
    expect(rows(wrapper).map((r) => r.get('.saved-name').text())).toEqual(['+1 415 555 0132'])
    await search.setValue('zzz')
    expect(rows(wrapper)).toHaveLength(0)
    expect(wrapper.text()).toContain('No saved number matches “zzz”.')
  })

  it('deletes the selected numbers after a confirm that names them, with Undo; nothing is sent before the confirm', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    useDeletesStore().listen()
    await rows(wrapper)[0]!.get('input[type="checkbox"]').setValue(true)
    await rows(wrapper)[1]!.get('input[type="checkbox"]').setValue(true)
    await button(wrapper, 'Delete 2')!.trigger('click')
    const dialog = wrapper.get('[role="dialog"]')
    expect(dialog.text()).toContain('Delete 2 saved numbers: Alice Krüger and Bob?')
    expect(dialog.text()).toContain('You can undo for 5 seconds.')
    expect(fake.inputsOf('saved.delete')).toHaveLength(0)
    await dialog.findAll('button').find((b) => b.text() === 'Delete')!.trigger('click')
    await flushPromises()
    expect(fake.inputsOf('saved.delete')).toEqual([{ phones: ['+447911123401', '+447911123402'], label: 'Deleted 2 saved numbers' }])
    // Waiting for Undo, they are gone from the view already.
    expect(rows(wrapper).map((r) => r.get('.saved-name').text())).toEqual(['+1 415 555 0132'])
  })

  it('puts one row with its own Delete to the question by name', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    await rows(wrapper)[0]!.get('button[aria-label="Delete Alice Krüger"]').trigger('click')
    expect(wrapper.get('[role="dialog"]').text()).toContain('Delete Alice Krüger?')
    await wrapper.get('[role="dialog"]').findAll('button').find((b) => b.text() === 'Cancel')!.trigger('click')
    expect(fake.inputsOf('saved.delete')).toHaveLength(0)
  })

  it('copies an invite with the Telegram download link', async () => {
    const writeText = vi.fn(() => Promise.resolve())
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    const { wrapper } = setup()
    await flushPromises()
    await rows(wrapper)[1]!.get('button[aria-label="Copy an invite for Bob"]').trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith('I use Telegram to chat. Join me there: https://telegram.org/dl')
    expect(useToastStore().toasts.map((t) => t.text)).toContain('Invite copied: send it to Bob by text message or email')
  })

  it('asks before sending someone to a takeout, which notifies their other devices, and opens Export with Not on Telegram included', async () => {
    const { wrapper } = setup()
    await flushPromises()
    useExportStore().includeNotOnTelegram = false
    await button(wrapper, 'Get the complete list with an export…')!.trigger('click')
    expect(wrapper.get('[role="dialog"]').text()).toContain('notifies your other devices')
    await wrapper.get('[role="dialog"]').findAll('button').find((b) => b.text() === 'Go to Export')!.trigger('click')
    expect(useNavStore().view).toBe('export')
    expect(useExportStore().includeNotOnTelegram).toBe(true)
  })

  it('follows saved.changed: a number forgotten by the core leaves the view and the selection', async () => {
    const { wrapper, fake, setNumbers } = setup()
    await flushPromises()
    useSavedStore().listen()
    await rows(wrapper)[1]!.get('input[type="checkbox"]').setValue(true)
    expect(button(wrapper, 'Delete 1')).toBeDefined()
    setNumbers([NUMBERS[0]!])
    fake.emit('saved.changed', { count: 1 })
    await flushPromises()
    expect(rows(wrapper).map((r) => r.get('.saved-name').text())).toEqual(['Alice Krüger'])
    expect(button(wrapper, 'Delete')!.attributes('disabled')).toBeDefined()
  })
})
