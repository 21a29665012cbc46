import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import ExportView from '../../renderer/src/features/export/ExportView.vue'
import { useSessionStore } from '../../renderer/src/stores/session'
import { apiError, createFakeApi, mountWith, SELF } from './fake-api'
import { formatDateTime } from '../../renderer/src/lib/format'

async function setup(nativeDialogs: boolean) {
  const fake = createFakeApi({
    'app.info': () => ({ name: 'TG Contacts', version: '1', platform: 'linux', shell: nativeDialogs ? 'electron' : 'browser', nativeDialogs, demo: false, demoSwitch: false }),
    'auth.status': () => ({ state: 'signedIn', user: SELF }),
    'export.status': () => ({ availableAt: null, running: false, lastResult: null, options: null }),
    'dialog.chooseDirectory': () => ({ path: '/home/me/Backups' }),
    'export.run': (input) => ({ count: 1234, files: input.formats.map((format) => ({ format, path: `${input.directory}/${format === 'json' ? 'result.json' : `contacts.${format}`}` })), finishedAt: 1 }),
    'shell.showInFolder': () => ({ ok: true }),
  })
  const wrapper = mountWith(ExportView, fake)
  await useSessionStore().start()
  await flushPromises()
  return { fake, wrapper }
}

const button = (wrapper: Awaited<ReturnType<typeof setup>>['wrapper'], text: string) => wrapper.findAll('button').find((b) => b.text() === text)

describe('export form', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('in the browser bridge offers a download first, and runs for download', async () => {
    const { wrapper, fake } = await setup(false)
    fake.handlers['export.run'] = (input) => ({
      count: 7,
      files: input.formats.map((format) => ({ format, path: `/data/downloads/ab/${format === 'json' ? 'result.json' : `contacts.${format}`}`, url: `/downloads/ab/${format === 'json' ? 'result.json' : `contacts.${format}`}` })),
      finishedAt: 1,
    })
    expect((wrapper.get('input[type="radio"][value="download"]').element as HTMLInputElement).checked).toBe(true)
    expect(button(wrapper, 'Export')!.attributes('disabled')).toBeUndefined()
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.inputsOf('export.run')).toEqual([{ formats: ['json', 'csv', 'vcf'], includeNotOnTelegram: true, download: true }])
    expect(wrapper.get('[data-testid="export-result"]').text()).toContain('Exported 7 contacts, ready to download')
    const links = wrapper.findAll('[data-testid="export-result"] a')
    expect(links.map((a) => [a.text(), a.attributes('href'), a.attributes('download')])).toEqual([
      ['Download result.json', '/downloads/ab/result.json', 'result.json'],
      ['Download contacts.csv', '/downloads/ab/contacts.csv', 'contacts.csv'],
      ['Download contacts.vcf', '/downloads/ab/contacts.vcf', 'contacts.vcf'],
    ])
  })

  it('in the browser bridge writes to a folder typed in the path field, with the chosen formats', async () => {
    const { wrapper, fake } = await setup(false)
    expect(button(wrapper, 'Choose folder…')).toBeUndefined()
    const path = wrapper.get('input[aria-label="Folder path"]')
    await path.setValue('/srv/export')
    expect((wrapper.get('input[type="radio"][value="folder"]').element as HTMLInputElement).checked).toBe(true)
    const vcard = wrapper.findAll('label.checkbox').find((l) => l.text().startsWith('vCard'))!
    await vcard.get('input').setValue(false)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.inputsOf('export.run')).toEqual([{ formats: ['json', 'csv'], includeNotOnTelegram: true, directory: '/srv/export' }])
    expect(wrapper.get('[data-testid="export-result"]').text()).toContain('Exported 1,234 contacts')
    expect(wrapper.text()).toContain('/srv/export/result.json')
    expect(button(wrapper, 'Show in folder')).toBeUndefined()
  })

  it('in Electron offers a native folder chooser and "Show in folder"', async () => {
    const { wrapper, fake } = await setup(true)
    expect(wrapper.find('input[aria-label="Folder path"]').exists()).toBe(false)
    await button(wrapper, 'Choose folder…')!.trigger('click')
    await flushPromises()
    expect(fake.inputsOf('dialog.chooseDirectory')).toHaveLength(1)
    expect(wrapper.text()).toContain('/home/me/Backups')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    await button(wrapper, 'Show in folder')!.trigger('click')
    expect(fake.inputsOf('shell.showInFolder')).toEqual([{ path: '/home/me/Backups/result.json' }])
  })

  it('explains TAKEOUT_DELAY with the date from which the export may run, then a banner when it is available', async () => {
    const { wrapper, fake } = await setup(false)
    const availableAt = Date.now() + 24 * 3600_000
    fake.handlers['export.run'] = () => {
      throw apiError({ code: 'TAKEOUT_DELAY', message: 'delayed', availableAt })
    }
    await wrapper.get('input[aria-label="Folder path"]').setValue('/srv/export')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const error = wrapper.get('[data-testid="export-error"]').text()
    expect(error).toBe(`For security reasons Telegram lets you export from ${formatDateTime(availableAt)}. Telegram notified your other devices.`)
    expect(wrapper.find('[data-testid="export-available"]').exists()).toBe(false)
    fake.emit('export.available', { availableAt })
    await flushPromises()
    expect(wrapper.get('[data-testid="export-available"]').text()).toContain('Telegram now allows your export')
    expect((wrapper.get('input[aria-label="Folder path"]').element as HTMLInputElement).value).toBe('/srv/export')
  })

  it('explains TAKEOUT_INVALID', async () => {
    const { wrapper, fake } = await setup(false)
    fake.handlers['export.run'] = () => {
      throw apiError({ code: 'TAKEOUT_INVALID', message: 'TAKEOUT_INVALID' })
    }
    await wrapper.get('input[aria-label="Folder path"]').setValue('/srv/export')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="export-error"]').text()).toBe('A newer export cancelled this one. Start the export again.')
  })

  it('asks before replacing files already in the folder, Cancel first; Replace runs again with overwrite', async () => {
    const { wrapper, fake } = await setup(false)
    const run = fake.handlers['export.run']!
    fake.handlers['export.run'] = (input) => {
      if (!input.overwrite) throw apiError({ code: 'EXISTS', message: 'result.json and contacts.csv are already in /srv/export.', files: ['result.json', 'contacts.csv'] })
      return run(input)
    }
    await wrapper.get('input[aria-label="Folder path"]').setValue('/srv/export')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const dialog = document.querySelector<HTMLElement>('[role="dialog"]')!
    expect(dialog.textContent).toContain('Replace the files already there?')
    expect(dialog.textContent).toContain('result.json and contacts.csv are already in /srv/export, from an earlier export or another program.')
    expect(document.activeElement?.textContent?.trim()).toBe('Cancel')
    expect(wrapper.find('[data-testid="export-error"]').exists()).toBe(false)
    ;[...dialog.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Replace')!.click()
    await flushPromises()
    expect(fake.inputsOf('export.run').at(-1)).toMatchObject({ directory: '/srv/export', overwrite: true })
    expect(document.querySelector('[role="dialog"]')).toBeNull()
    expect(wrapper.get('[data-testid="export-result"]').text()).toContain('Exported 1,234 contacts')
  })

  it('offers the options of the last export again', async () => {
    const fake = createFakeApi({
      'app.info': () => ({ name: 'TG Contacts', version: '1', platform: 'linux', shell: 'browser', nativeDialogs: false, demo: false, demoSwitch: false }),
      'auth.status': () => ({ state: 'signedIn', user: SELF }),
      'export.status': () => ({ availableAt: null, running: false, lastResult: null, options: { formats: ['vcf'], includeNotOnTelegram: false, directory: '/srv/last', download: false } }),
    })
    const wrapper = mountWith(ExportView, fake)
    await useSessionStore().start()
    await flushPromises()
    const checked = wrapper.findAll('label.checkbox').filter((l) => (l.get('input').element as HTMLInputElement).checked).map((l) => l.text())
    expect(checked.map((t) => t.slice(0, 8))).toEqual(['vCardcon', 'A folder'])
    expect((wrapper.get('input[aria-label="Folder path"]').element as HTMLInputElement).value).toBe('/srv/last')
  })

  it('shows progress while running', async () => {
    const { wrapper, fake } = await setup(false)
    let finish: (value: { count: number; files: []; finishedAt: number }) => void = () => undefined
    fake.handlers['export.run'] = () => new Promise((resolve) => (finish = resolve))
    await wrapper.get('input[aria-label="Folder path"]').setValue('/srv/export')
    await wrapper.get('form').trigger('submit')
    fake.emit('export.progress', { phase: 'saved', done: 500, total: 2000 })
    await flushPromises()
    expect(wrapper.text()).toContain('Fetching saved phone contacts…')
    expect(wrapper.text()).toContain('500 of 2,000')
    expect(wrapper.get('[role="progressbar"]').attributes('aria-valuemax')).toBe('2000')
    finish({ count: 0, files: [], finishedAt: 1 })
    await flushPromises()
    expect(wrapper.find('[role="progressbar"]').exists()).toBe(false)
  })
})
