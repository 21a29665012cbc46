import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { MAX_PHONES_TEXT, type DeleteByPhonesRow } from '@contract'
import CleanupView from '../../renderer/src/features/cleanup/CleanupView.vue'
import { useNavStore } from '../../renderer/src/stores/nav'
import { createFakeApi, fakeList, mountWith, rpcError } from './fake-api'

const ROWS: DeleteByPhonesRow[] = [
  { input: '+44 7911 123401', e164: '+447911123401', match: 'contact', name: 'Anna Petrov' },
  { input: '07911 123402', e164: '+447911123402', match: 'saved', name: 'Plumber' },
  { input: '+447911123401', e164: '+447911123401', match: 'duplicate', name: 'Anna Petrov' },
  { input: '+1 415 555 0132', e164: '+14155550132', match: 'none', name: null },
  { input: '555', e164: null, match: 'invalid', name: null },
]

function setup() {
  const fake = createFakeApi({
    'cleanup.savedCount': () => ({ savedCount: 312 }),
    'cleanup.resetSaved': () => ({ removed: 312 }),
    'cleanup.previewDeleteByPhones': () => ({ rows: ROWS, total: ROWS.length, preview: null }),
    'cleanup.deleteByPhones': (input) => ({ sent: input.phones.length, requests: 1 }),
    ...fakeList([]).handlers,
  })
  const wrapper = mountWith(CleanupView, fake)
  return { fake, wrapper }
}

const button = (w: ReturnType<typeof setup>['wrapper'], text: string) => w.findAll('button').find((b) => b.text() === text)

describe('delete by phone numbers', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('previews each line with its match, confirms, and deletes the matched numbers once each', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    const text = ROWS.map((r) => r.input).join('\n')
    await wrapper.get('textarea[aria-label="Phone numbers, one per line"]').setValue(text)
    expect(wrapper.text()).toContain('5 lines')
    await button(wrapper, 'Check numbers')!.trigger('click')
    await flushPromises()
    expect(fake.inputsOf('cleanup.previewDeleteByPhones')).toEqual([{ text }])
    const rows = wrapper.findAll('tbody tr')
    expect(rows.map((r) => r.attributes('data-match'))).toEqual(['contact', 'saved', 'duplicate', 'none', 'invalid'])
    expect(rows[0]!.text()).toContain('Anna Petrov')
    expect(rows[3]!.text()).toContain('Not found')
    expect(rows[4]!.text()).toContain('Invalid number')
    const counts = wrapper.findAll('[data-testid="dbp-counts"] .pill').map((pill) => pill.text())
    expect(counts).toEqual(['1 contact', '1 saved number', '1 not found', '1 invalid', '1 duplicate'])
    await button(wrapper, 'Delete 2 numbers')!.trigger('click')
    expect(wrapper.get('[role="dialog"]').text()).toContain('2 numbers will be removed')
    expect(fake.inputsOf('cleanup.deleteByPhones')).toHaveLength(0)
    await wrapper.get('[role="dialog"]').findAll('button').find((b) => b.text() === 'Delete')!.trigger('click')
    await flushPromises()
    expect(fake.inputsOf('cleanup.deleteByPhones')).toEqual([{ phones: ['+447911123401', '+447911123402'] }])
    expect(wrapper.get('[data-testid="dbp-result"]').text()).toContain('Deleted 2 numbers')
    expect(wrapper.get('[data-testid="dbp-result"]').text()).toContain('2 lines matched nothing or were not valid numbers')
  })

  it('shows a preview the core sends in pages exactly as one sent whole', async () => {
    const { wrapper, fake } = setup()
    fake.handlers['cleanup.previewDeleteByPhones'] = () => ({ rows: ROWS.slice(0, 2), total: ROWS.length, preview: 'p1' })
    fake.handlers['cleanup.previewPage'] = ({ offset }) => ({ rows: ROWS.slice(offset, offset + 2), done: offset + 2 >= ROWS.length })
    await flushPromises()
    await wrapper.get('textarea').setValue(ROWS.map((r) => r.input).join('\n'))
    await button(wrapper, 'Check numbers')!.trigger('click')
    await flushPromises()
    expect(fake.inputsOf('cleanup.previewPage').map((input) => input.offset)).toEqual([2, 4])
    const rows = wrapper.findAll('tbody tr')
    expect(rows.map((r) => r.attributes('data-match'))).toEqual(['contact', 'saved', 'duplicate', 'none', 'invalid'])
    const counts = wrapper.findAll('[data-testid="dbp-counts"] .pill').map((pill) => pill.text())
    expect(counts).toEqual(['1 contact', '1 saved number', '1 not found', '1 invalid', '1 duplicate'])
    expect(button(wrapper, 'Delete 2 numbers')).toBeDefined()
  })

  it('keeps the pasted text when the preview fails', async () => {
    const { wrapper, fake } = setup()
    fake.handlers['cleanup.previewDeleteByPhones'] = () => {
      throw rpcError('FLOOD_WAIT_30', { code: 'FLOOD_WAIT', seconds: 30 })
    }
    await wrapper.get('textarea').setValue('+447911123401')
    await button(wrapper, 'Check numbers')!.trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('Telegram asks you to wait 30 seconds before trying again.')
    expect((wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('+447911123401')
  })

  it('says too much text is too much before sending it (issue 11 item 7)', async () => {
    const { wrapper, fake } = setup()
    await wrapper.get('textarea').setValue('+447911123401\n'.repeat(Math.ceil(MAX_PHONES_TEXT / 14) + 1))
    await button(wrapper, 'Check numbers')!.trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('Paste at most 4 MB of phone numbers at once.')
    expect(fake.inputsOf('cleanup.previewDeleteByPhones')).toHaveLength(0)
  })
})

describe('the confirms that cannot be undone', () => {
  // Unmounted even when a test fails, so that its dialog leaves the dialog stack.
  let opened: { unmount(): void } | null = null
  afterEach(() => {
    opened?.unmount()
    opened = null
    document.body.innerHTML = ''
  })

  const focusedText = () => (document.activeElement as HTMLElement | null)?.textContent?.trim()

  it('Reset saved contacts? starts on Cancel: a stray Enter must not remove every saved number', async () => {
    const { wrapper } = setup()
    opened = wrapper
    await flushPromises()
    await button(wrapper, 'Reset saved contacts')!.trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="dialog"]').text()).toContain("This can't be undone")
    expect(focusedText()).toBe('Cancel')
  })

  it('Delete these numbers? starts on Cancel', async () => {
    const { wrapper } = setup()
    opened = wrapper
    await flushPromises()
    await wrapper.get('textarea[aria-label="Phone numbers, one per line"]').setValue(ROWS.map((r) => r.input).join('\n'))
    await button(wrapper, 'Check numbers')!.trigger('click')
    await flushPromises()
    await button(wrapper, 'Delete 2 numbers')!.trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="dialog"]').text()).toContain("This can't be undone")
    expect(focusedText()).toBe('Cancel')
  })
})

describe('reset saved contacts', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('says how many, offers export first, asks once and resets', async () => {
    const { wrapper, fake } = setup()
    await flushPromises()
    expect(wrapper.get('[data-testid="saved-count"]').text()).toBe('312 saved phone contacts')
    expect(wrapper.text()).toContain('Contacts who have a Telegram account stay')
    await button(wrapper, 'Export first')!.trigger('click')
    expect(useNavStore().view).toBe('export')
    await button(wrapper, 'Reset saved contacts')!.trigger('click')
    expect(wrapper.get('[role="dialog"]').text()).toContain('This removes 312 saved phone contacts')
    await wrapper.get('[role="dialog"]').findAll('button').find((b) => b.text() === 'Reset')!.trigger('click')
    await flushPromises()
    expect(fake.inputsOf('cleanup.resetSaved')).toHaveLength(1)
    expect(fake.inputsOf('contacts.sync')).toHaveLength(1)
    expect(wrapper.text()).toContain('Removed 312 saved phone contacts.')
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
  })

  it('gives focus to the main area after the reset, where the button it came from can no longer take it (nothing left to reset)', async () => {
    const main = document.body.appendChild(document.createElement('main'))
    main.tabIndex = -1
    const { wrapper } = setup()
    await flushPromises()
    const opener = button(wrapper, 'Reset saved contacts')!
    ;(opener.element as HTMLButtonElement).focus()
    await opener.trigger('click')
    await flushPromises()
    await wrapper.get('[role="dialog"]').findAll('button').find((b) => b.text() === 'Reset')!.trigger('click')
    await flushPromises()
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
    expect(button(wrapper, 'Reset saved contacts')!.attributes('disabled')).toBeDefined()
    expect(document.activeElement).toBe(main)
  })
})
