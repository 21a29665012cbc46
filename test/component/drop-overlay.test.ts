import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import DropOverlay from '../../renderer/src/features/shell/DropOverlay.vue'
import { useNavStore } from '../../renderer/src/stores/nav'
import { createFakeApi, mountWith } from './fake-api'

/** A drag event as Chromium fires it for files from the desktop. */
function dragEvent(type: string, files: File[] = []): Event {
  const event = new Event(type, { bubbles: true, cancelable: true })
  Object.defineProperty(event, 'dataTransfer', { value: { types: ['Files'], files, dropEffect: 'none' } })
  return event
}

describe('dropping files anywhere on the window', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows the overlay while dragging and sends the dropped files to the import preview', async () => {
    const fake = createFakeApi({ 'import.preview': () => ({ preview: 'p', files: [], total: 0, rows: [] }) })
    const wrapper = mountWith(DropOverlay, fake)
    expect(wrapper.find('[data-testid="drop-overlay"]').exists()).toBe(false)
    window.dispatchEvent(dragEvent('dragenter'))
    await flushPromises()
    expect(wrapper.get('[data-testid="drop-overlay"]').text()).toContain('Drop contact files to import')
    const drop = dragEvent('drop', [new File(['BEGIN:VCARD\r\nEND:VCARD\r\n'], 'friends.vcf')])
    window.dispatchEvent(drop)
    await flushPromises()
    expect(drop.defaultPrevented).toBe(true)
    expect(wrapper.find('[data-testid="drop-overlay"]').exists()).toBe(false)
    expect(useNavStore().view).toBe('import')
    expect(fake.inputsOf('import.preview')[0]!.files.map((f) => f.name)).toEqual(['friends.vcf'])
  })

  it('hides the overlay when the drag leaves the window', async () => {
    const wrapper = mountWith(DropOverlay, createFakeApi())
    window.dispatchEvent(dragEvent('dragenter'))
    await flushPromises()
    window.dispatchEvent(dragEvent('dragleave'))
    await flushPromises()
    expect(wrapper.find('[data-testid="drop-overlay"]').exists()).toBe(false)
  })
})
