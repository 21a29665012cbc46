import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import type { ImportJob } from '@contract'
import DropOverlay from '../../renderer/src/features/shell/DropOverlay.vue'
import ToastHost from '../../renderer/src/features/shell/ToastHost.vue'
import ImportView from '../../renderer/src/features/import/ImportView.vue'
import { useImportStore } from '../../renderer/src/stores/import'
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

describe('dropping files while the import view shows the last import', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  const job = (state: ImportJob['state']): ImportJob => ({
    id: 'j1', state, total: 5, done: state === 'running' ? 2 : 5, onTelegram: 0, notOnTelegram: 5, retrying: 0, failed: 0, cancelled: 0, requests: 1,
    waitUntil: null, waitReason: null, ratePerMinute: null, estimatedEndAt: null, startedAt: Date.now() - 60_000, finishedAt: state === 'running' ? null : Date.now(), error: null,
  })
  /** The window as it is around the import view: the view, the drop overlay and the toasts. */
  const Window = defineComponent({ render: () => [h(ImportView), h(DropOverlay), h(ToastHost)] })

  async function dropOnto(state: ImportJob['state']) {
    const fake = createFakeApi({
      'import.status': () => ({ job: job(state) }),
      'import.report': () => ({ report: { onTelegram: [], notOnTelegram: [], failed: [], cancelled: [], notDone: [] }, csv: 'x' }),
      'import.preview': (input) => ({
        preview: 'p2',
        files: [{ id: 'f1', name: input.files[0]!.name, sameAs: [], region: 'GB', kind: 'vcard', error: null, contactCount: 1, problems: [], charset: null, charsetGuessed: false, garbled: 0 }],
        total: 1,
        rows: [{ key: '0.0.0', file: input.files[0]!.name, name: 'Nina New', firstName: 'Nina', lastName: 'New', phone: '+447911123409', e164: '+447911123409', label: null, state: 'new', contactName: null, garbled: false }],
      }),
    })
    const wrapper = mountWith(Window, fake)
    await useImportStore().init()
    await flushPromises()
    window.dispatchEvent(dragEvent('drop', [new File(['BEGIN:VCARD\r\nFN:Nina New\r\nEND:VCARD\r\n'], 'more.vcf')]))
    await flushPromises()
    return { wrapper, fake }
  }

  it("after a finished import, the dropped files' preview takes the report's place", async () => {
    const { wrapper, fake } = await dropOnto('done')
    expect(fake.inputsOf('import.preview')[0]!.files.map((f) => f.name)).toEqual(['more.vcf'])
    expect(wrapper.find('h1').text()).toBe('Preview')
    expect(wrapper.text()).toContain('Nina New')
    expect(wrapper.text()).not.toContain('Import finished')
  })

  it('after an import that stopped, keeps its report and its Resume, and says what to do first', async () => {
    const { wrapper, fake } = await dropOnto('failed')
    expect(fake.inputsOf('import.preview')).toEqual([])
    expect(wrapper.find('h1').text()).toBe('Import stopped')
    expect(wrapper.get('section[aria-label="Notifications"]').text()).toContain('The last import stopped before the end: resume it or press Import more, then drop the files again.')
  })

  it('while an import runs, says the files wait for it instead of reading them where no one sees them', async () => {
    const { wrapper, fake } = await dropOnto('running')
    expect(fake.inputsOf('import.preview')).toEqual([])
    expect(wrapper.get('section[aria-label="Notifications"]').text()).toContain('An import is still under way: drop the files again once it has finished.')
  })
})
