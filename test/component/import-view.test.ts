import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { MAX_IMPORT_FILE_BYTES as CONTRACT_MAX, UPLOAD_PIECE_BYTES } from '@contract'
import type { ImportJob, PreviewFile, PreviewRow } from '@contract'
import ImportView from '../../renderer/src/features/import/ImportView.vue'
import SideNav from '../../renderer/src/features/shell/SideNav.vue'
import { MAX_IMPORT_FILE_BYTES, useImportStore } from '../../renderer/src/stores/import'
import { apiError, createFakeApi, FAKE_TIMERS, mountWith } from './fake-api'
import { formatPhone } from '../../renderer/src/lib/phone'

function row(key: string, name: string, state: PreviewRow['state'], e164: string | null): PreviewRow {
  const [firstName = '', lastName = ''] = name.split(' ')
  return { key, file: 'phone.vcf', name, firstName, lastName, phone: e164 ?? (state === 'invalid' ? '123' : null), e164, label: null, state, contactName: state === 'contact' ? 'Old Name' : null, garbled: false }
}

function file(partial: Partial<PreviewFile> & Pick<PreviewFile, 'name'>): PreviewFile {
  return { id: `id-${partial.name}`, sameAs: [], region: 'GB', kind: 'vcard', error: null, contactCount: 0, problems: [], charset: null, charsetGuessed: false, garbled: 0, ...partial }
}

const ROWS: PreviewRow[] = [
  row('0.0.0', 'Anna Petrov', 'new', '+447911123401'),
  row('0.1.0', 'Boris Ivanov', 'new', '+447911123402'),
  row('0.2.0', 'Clara Known', 'contact', '+447911123403'),
  row('0.3.0', 'Anna Again', 'duplicate', '+447911123401'),
  row('0.4.0', 'Dmitri Bad', 'invalid', null),
  row('0.5.0', 'Eva Nonumber', 'noNumber', null),
]

function job(partial: Partial<ImportJob>): ImportJob {
  return {
    id: 'j1', state: 'running', total: 100, done: 40, onTelegram: 25, notOnTelegram: 15, retrying: 0, failed: 0, cancelled: 0, requests: 2,
    waitUntil: null, waitReason: null, ratePerMinute: 120, estimatedEndAt: Date.now() + 30 * 60_000, startedAt: Date.now() - 60_000, finishedAt: null, error: null, ...partial,
  }
}

function setup() {
  const fake = createFakeApi({
    'import.status': () => ({ job: null }),
    'import.preview': (input) => ({
      preview: 'p1',
      files: [
        file({ name: input.files[0]!.name, contactCount: 6, problems: [{ line: 12, message: 'Card without END' }] }),
        file({ id: '', name: 'holiday.jpg', region: null, kind: null, error: 'This is a binary file, not a contact file.' }),
      ],
      total: ROWS.length,
      rows: ROWS,
    }),
    'import.start': (input) => job({ total: input.contacts.length, done: 0, onTelegram: 0, notOnTelegram: 0 }),
  })
  const wrapper = mountWith(ImportView, fake)
  void useImportStore().init()
  return { fake, wrapper }
}

async function preview(wrapper: ReturnType<typeof setup>['wrapper']) {
  const file = new File(['BEGIN:VCARD\r\nFN:Anna\r\nEND:VCARD\r\n'], 'phone.vcf', { type: 'text/vcard' })
  await useImportStore().previewFiles([file])
  await flushPromises()
  return wrapper
}

const stateTotal = (wrapper: ReturnType<typeof setup>['wrapper'], state: string) => wrapper.get(`label[data-state="${state}"] [data-testid="state-total"]`).text()

describe('import preview', () => {
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('uploads the files, previews them by id and shows one row per person and number with its state', async () => {
    const { wrapper, fake } = setup()
    await preview(wrapper)
    const sent = fake.inputsOf('import.preview')[0]!
    expect(sent.files[0]!.name).toBe('phone.vcf')
    expect(sent.files[0]!.base64).toBeUndefined()
    expect(new TextDecoder().decode(fake.uploaded(sent.files[0]!.id))).toBe('BEGIN:VCARD\r\nFN:Anna\r\nEND:VCARD\r\n')
    const rows = wrapper.findAll('[role="list"][aria-label="Preview rows"] [role="listitem"]')
    expect(rows).toHaveLength(6)
    expect(rows.map((r) => r.attributes('data-state'))).toEqual(['new', 'new', 'contact', 'duplicate', 'invalid', 'noNumber'])
    expect(rows[2]!.text()).toContain('Already a contact')
    expect(rows[4]!.text()).toContain('Invalid number')
    expect(rows[5]!.text()).toContain('No number')
    expect(wrapper.text()).toContain('holiday.jpg: This is a binary file, not a contact file.')
    expect(wrapper.text()).toContain('1 problem in this file')
  })

  it('sends a file larger than one upload piece in pieces, in order, and previews what arrived (issue 16)', async () => {
    const { fake } = setup()
    const bytes = Uint8Array.from({ length: UPLOAD_PIECE_BYTES + 5 }, (_, i) => (i * 7) % 251)
    await useImportStore().previewFiles([new File([bytes], 'big.vcf')])
    await flushPromises()
    const pieces = fake.inputsOf('import.upload')
    expect(pieces.map((p) => [p.offset, p.size, p.upload === null])).toEqual([
      [0, bytes.length, true],
      [UPLOAD_PIECE_BYTES, bytes.length, false],
    ])
    const arrived = fake.uploaded(fake.inputsOf('import.preview')[0]!.files[0]!.id)!
    expect(arrived.length === bytes.length && arrived.every((b, i) => b === bytes[i])).toBe(true)
  })

  it('includes new rows by default, others not; invalid and numberless rows cannot be included', async () => {
    const { wrapper } = setup()
    await preview(wrapper)
    const boxes = wrapper.findAll('[role="listitem"] input[type="checkbox"]').map((b) => b.element as HTMLInputElement)
    expect(boxes.map((b) => b.checked)).toEqual([true, true, false, false, false, false])
    expect(boxes.map((b) => b.disabled)).toEqual([false, false, false, false, true, true])
    expect(stateTotal(wrapper, 'new')).toBe('2 of 2')
    expect(stateTotal(wrapper, 'contact')).toBe('0 of 1')
    expect(wrapper.get('[data-testid="import-total"]').text()).toContain('2 of 6 rows will be imported')
  })

  it('includes and excludes in bulk by state and per row, and keeps the totals right', async () => {
    const { wrapper } = setup()
    await preview(wrapper)
    await wrapper.get('input[aria-label="Include all: Already a contact"]').setValue(true)
    expect(stateTotal(wrapper, 'contact')).toBe('1 of 1')
    await wrapper.get('input[aria-label="Include all: New"]').setValue(false)
    expect(stateTotal(wrapper, 'new')).toBe('0 of 2')
    expect(wrapper.get('input[aria-label="Include all: Invalid number"]').attributes('disabled')).toBeDefined()
    await wrapper.get('input[aria-label="Include Boris Ivanov"]').setValue(true)
    expect(stateTotal(wrapper, 'new')).toBe('1 of 2')
    expect((wrapper.get('input[aria-label="Include all: New"]').element as HTMLInputElement).indeterminate).toBe(true)
    expect(wrapper.get('[data-testid="import-total"]').text()).toContain('2 of 6 rows')
    expect(wrapper.findAll('button').some((b) => b.text() === 'Import 2 contacts')).toBe(true)
  })

  it('starts the import with the included rows, one per number', async () => {
    const { wrapper, fake } = setup()
    await preview(wrapper)
    await wrapper.get('input[aria-label="Include all: Duplicate"]').setValue(true)
    // The duplicate repeats Anna's number: Telegram gets it once.
    expect(wrapper.get('[data-testid="import-total"]').text()).toContain('2 of 6 rows')
    await wrapper.findAll('button').find((b) => b.text() === 'Import 2 contacts')!.trigger('click')
    await flushPromises()
    expect(fake.inputsOf('import.start')).toEqual([
      {
        contacts: [
          { firstName: 'Anna', lastName: 'Petrov', phone: '+447911123401' },
          { firstName: 'Boris', lastName: 'Ivanov', phone: '+447911123402' },
        ],
      },
    ])
    expect(wrapper.text()).toContain('Importing contacts')
    expect(wrapper.get('[data-testid="import-done"]').text()).toBe('0 / 2')
  })

  it('adds more files to an open preview without reading a file twice', async () => {
    const { wrapper, fake } = setup()
    const first = new File(['BEGIN:VCARD'], 'phone.vcf')
    await useImportStore().previewFiles([first])
    await useImportStore().addFiles([first, new File(['a,b'], 'google.csv')])
    await flushPromises()
    expect(fake.inputsOf('import.preview').map((i) => i.files.map((f) => f.name))).toEqual([['phone.vcf'], ['phone.vcf', 'google.csv']])
    expect(wrapper.findAll('[role="listitem"]')).toHaveLength(6)
  })

  it('shows numbers formatted as the contact list does, and the current name in full (issue 11.15)', async () => {
    const { wrapper } = setup()
    await preview(wrapper)
    const rows = wrapper.findAll('[role="listitem"]')
    expect(rows[0]!.text()).toContain(formatPhone('+447911123401'))
    expect(formatPhone('+447911123401')).not.toBe('+447911123401')
    const state = rows[2]!.get('[data-testid="row-state"]')
    expect(state.text()).toBe('Already a contact as Old Name')
    expect(state.attributes('title')).toBe('Already a contact as Old Name')
  })

  it('reads national numbers in the country picked for a file, at once and by id, and keeps the choice (issue 11.11)', async () => {
    const { wrapper, fake } = setup()
    await preview(wrapper)
    const select = wrapper.get('select[data-testid="file-region"]')
    expect(select.attributes('aria-label')).toBe('Country for numbers without a country code in phone.vcf')
    expect(wrapper.text()).toContain('Numbers without a country code are read as')
    expect((select.element as HTMLSelectElement).selectedOptions[0]!.text).toBe('United Kingdom (+44)')
    await select.setValue('DE')
    await flushPromises()
    expect(fake.inputsOf('import.preview')[1]).toEqual({ files: [{ name: 'phone.vcf', id: 'id-phone.vcf', region: 'DE' }] })
    // Adding a file keeps the first file's country.
    await useImportStore().addFiles([new File(['a,b'], 'google.csv')])
    await flushPromises()
    expect(fake.inputsOf('import.preview')[2]!.files[0]).toEqual({ name: 'phone.vcf', id: 'id-phone.vcf', region: 'DE' })
  })

  it('shows the guessed charset with a picker and flags names that still look garbled (issue 11.13)', async () => {
    const fake = createFakeApi({
      'import.status': () => ({ job: null }),
      'import.preview': (input) => ({
        preview: 'p',
        files: [file({ name: 'old.vcf', contactCount: 2, charset: input.files[0]!.charset ?? 'windows-1251', charsetGuessed: !input.files[0]!.charset, garbled: input.files[0]!.charset ? 0 : 1 })],
        total: 2,
        rows: [row('0:0:0', 'Иван Петров', 'new', '+447911123401'), { ...row('0:1:0', 'Ãéþñãïò', 'new', '+447911123402'), garbled: !input.files[0]!.charset }],
      }),
    })
    const wrapper = mountWith(ImportView, fake)
    await useImportStore().previewFiles([new File(['x'], 'old.vcf')])
    await flushPromises()
    const select = wrapper.get('select[data-testid="file-charset"]')
    expect((select.element as HTMLSelectElement).selectedOptions[0]!.text).toBe('Cyrillic (Windows-1251)')
    expect(wrapper.text()).toContain('(a guess)')
    expect(wrapper.get('[data-testid="file-garbled"]').text()).toBe('1 name looks garbled: try another character set above. Those rows are marked.')
    expect(wrapper.findAll('[role="listitem"]').map((r) => r.find('[data-testid="row-garbled"]').exists())).toEqual([false, true])
    await select.setValue('koi8-r')
    await flushPromises()
    expect(fake.inputsOf('import.preview')[1]).toEqual({ files: [{ name: 'old.vcf', id: 'id-old.vcf', charset: 'koi8-r' }] })
    expect(wrapper.find('[data-testid="file-garbled"]').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('(a guess)')
  })

  it('says when the same file was dropped twice (issue 11.12)', async () => {
    const fake = createFakeApi({
      'import.status': () => ({ job: null }),
      'import.preview': () => ({ preview: 'p', files: [file({ name: 'a.vcf', sameAs: ['a (1).vcf'], contactCount: 1 })], total: 1, rows: [row('0:0:0', 'Anna', 'new', '+447911123401')] }),
    })
    const wrapper = mountWith(ImportView, fake)
    await useImportStore().previewFiles([new File(['x'], 'a.vcf'), new File(['x'], 'a (1).vcf')])
    await flushPromises()
    expect(wrapper.get('[data-testid="same-file"]').text()).toBe('Also dropped as a (1).vcf: the same file, read once.')
    expect(wrapper.findAll('[role="listitem"]')).toHaveLength(1)
  })

  it('fetches a large preview page by page, and sends the bytes again when the core no longer has them', async () => {
    const many = Array.from({ length: 12 }, (_, i) => row(`0:${i}:0`, `P${i}`, 'new', `+4479111234${String(i).padStart(2, '0')}`))
    let calls = 0
    const fake = createFakeApi({
      'import.status': () => ({ job: null }),
      'import.preview': (input) => {
        calls++
        if (calls === 2 && input.files[0]!.id !== undefined) throw apiError({ code: 'NOT_FOUND', message: 'no longer loaded' })
        return { preview: `p${calls}`, files: [file({ name: 'big.vcf', contactCount: 12 })], total: 12, rows: many.slice(0, 5) }
      },
      'import.previewRows': (input) => ({ rows: many.slice(input.from, input.from + 5) }),
    })
    const wrapper = mountWith(ImportView, fake)
    const big = new File(['BEGIN:VCARD'], 'big.vcf')
    await useImportStore().previewFiles([big])
    await flushPromises()
    expect(fake.inputsOf('import.previewRows')).toEqual([{ preview: 'p1', from: 5 }, { preview: 'p1', from: 10 }])
    expect(useImportStore().rows.map((r) => r.name)).toEqual(many.map((r) => r.name))
    await useImportStore().setFileRegion('id-big.vcf', 'FR')
    await flushPromises()
    const [byId, resent] = fake.inputsOf('import.preview').slice(1).map((i) => i.files[0]!)
    expect(byId).toEqual({ name: 'big.vcf', id: 'id-big.vcf', region: 'FR' })
    expect(resent).toMatchObject({ name: 'big.vcf', region: 'FR' })
    expect(new TextDecoder().decode(fake.uploaded(resent!.id))).toBe('BEGIN:VCARD')
    expect(fake.inputsOf('import.upload')).toHaveLength(2)
    expect(wrapper.findAll('[role="listitem"]').length).toBeGreaterThan(0)
  })

  it('more than 50 files: previews the first 50 and says once, above the preview, how many were not added', async () => {
    const { wrapper, fake } = setup()
    const many = Array.from({ length: 72 }, (_, i) => new File(['BEGIN:VCARD'], `card-${i}.vcf`))
    await useImportStore().previewFiles(many)
    await flushPromises()
    expect(fake.inputsOf('import.preview')[0]!.files.map((f) => f.name)).toEqual(many.slice(0, 50).map((f) => f.name))
    const notice = wrapper.get('[data-testid="files-not-added"]')
    expect(notice.text()).toBe('22 files were not added: at most 50 at once.')
    // One line, not a red box per file; it comes before the rows.
    expect(wrapper.findAll('.alert-error').map((a) => a.text())).toEqual(['holiday.jpg: This is a binary file, not a contact file.'])
    expect(notice.element.compareDocumentPosition(wrapper.get('[aria-label="Preview rows"]').element) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    // Adding more to a full preview: nothing is read again, and the line counts what was left out this time.
    await useImportStore().addFiles([new File(['BEGIN:VCARD'], 'late.vcf')])
    await flushPromises()
    expect(fake.inputsOf('import.preview')).toHaveLength(1)
    expect(wrapper.get('[data-testid="files-not-added"]').text()).toBe('1 file was not added: at most 50 at once.')
    useImportStore().clearPreview()
    await flushPromises()
    expect(wrapper.find('[data-testid="files-not-added"]').exists()).toBe(false)
  })

  it('refuses a file over the size limit before reading it, without losing the rest', async () => {
    expect(MAX_IMPORT_FILE_BYTES).toBe(CONTRACT_MAX)
    const { wrapper, fake } = setup()
    const huge = new File(['x'], 'huge.vcf')
    Object.defineProperty(huge, 'size', { value: MAX_IMPORT_FILE_BYTES + 1 })
    await useImportStore().previewFiles([huge, new File(['BEGIN:VCARD'], 'ok.vcf')])
    await flushPromises()
    expect(fake.inputsOf('import.preview')[0]!.files.map((f) => f.name)).toEqual(['ok.vcf'])
    expect(wrapper.text()).toContain('huge.vcf: Too large to be a contact file')
    expect(wrapper.findAll('[role="listitem"]')).toHaveLength(6)
  })
})

describe('import progress and report', () => {
  beforeEach(() => vi.useFakeTimers(FAKE_TIMERS))
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('picks up a job left running at start and counts down a flood wait, with the time left including it', async () => {
    const fake = createFakeApi({
      // The core gives no rate while waiting; its end estimate includes the wait (42 s) and the rest (30 min).
      'import.status': () => ({ job: job({ state: 'waiting', waitUntil: Date.now() + 42_000, waitReason: 'floodWait', ratePerMinute: null, estimatedEndAt: Date.now() + 42_000 + 30 * 60_000 }) }),
      'import.pause': () => ({ job: job({ state: 'paused', ratePerMinute: null, estimatedEndAt: null }) }),
    })
    const wrapper = mountWith(ImportView, fake)
    await useImportStore().init()
    await flushPromises()
    expect(wrapper.get('[data-testid="import-done"]').text()).toBe('40 / 100')
    expect(wrapper.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('40')
    expect(wrapper.get('[data-testid="import-meta"]').text()).toBe('time left: about 31 min2 requests')
    expect(wrapper.text()).not.toContain('per minute')
    expect(wrapper.get('[data-testid="import-wait"]').text()).toBe('Telegram asked us to wait — resuming in 0:42')
    await vi.advanceTimersByTimeAsync(700)
    expect(wrapper.get('[data-testid="live-status"]').text()).toBe('Import waiting for Telegram at 40 of 100.')
    await vi.advanceTimersByTimeAsync(2000)
    expect(wrapper.get('[data-testid="import-wait"]').text()).toBe('Telegram asked us to wait — resuming in 0:40')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(wrapper.get('[data-testid="import-meta"]').text()).toContain('time left: about 30 min')
    await wrapper.findAll('button').find((b) => b.text() === 'Pause')!.trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('Import paused')
    expect(wrapper.get('[data-testid="import-meta"]').text()).toBe('2 requests')
    await vi.advanceTimersByTimeAsync(700)
    expect(wrapper.get('[data-testid="live-status"]').text()).toBe('Import paused at 40 of 100.')
    expect(wrapper.findAll('button').some((b) => b.text() === 'Resume')).toBe(true)
  })

  it('while the connection is down says so, with no countdown, rate or time left', async () => {
    const fake = createFakeApi({ 'import.status': () => ({ job: job({ state: 'waiting', waitReason: 'offline', waitUntil: null, ratePerMinute: null, estimatedEndAt: null }) }) })
    const wrapper = mountWith(ImportView, fake)
    await useImportStore().init()
    await flushPromises()
    expect(wrapper.get('[data-testid="import-wait"]').text()).toBe('No connection to Telegram — the import goes on by itself once it is back.')
    expect(wrapper.get('[data-testid="import-meta"]').text()).toBe('2 requests')
    await vi.advanceTimersByTimeAsync(700)
    expect(wrapper.get('[data-testid="live-status"]').text()).toBe('Import waiting for the connection to Telegram at 40 of 100.')
  })

  it('while running shows the rate and the time left, and tells a screen reader every tenth of the way', async () => {
    const fake = createFakeApi({ 'import.status': () => ({ job: job({ state: 'running', done: 47, ratePerMinute: 998.4, estimatedEndAt: Date.now() + 90 * 60_000 }) }) })
    const wrapper = mountWith(ImportView, fake)
    await useImportStore().init()
    await flushPromises()
    expect(wrapper.get('[data-testid="import-meta"]').text()).toBe('998 per minutetime left: about 1 h 30 min2 requests')
    await vi.advanceTimersByTimeAsync(700)
    expect(wrapper.get('[data-testid="live-status"]').text()).toBe('Import 40% done.')
    fake.emit('import.progress', job({ state: 'running', done: 49, estimatedEndAt: Date.now() + 20_000 }))
    await vi.advanceTimersByTimeAsync(700)
    expect(wrapper.get('[data-testid="live-status"]').text()).toBe('Import 40% done.')
    expect(wrapper.get('[data-testid="import-meta"]').text()).toContain('time left: less than a minute')
    // Before two answers the core has no estimate: nothing is made up.
    fake.emit('import.progress', job({ state: 'running', done: 50, ratePerMinute: null, estimatedEndAt: null }))
    await flushPromises()
    expect(wrapper.get('[data-testid="import-meta"]').text()).toBe('2 requests')
    await vi.advanceTimersByTimeAsync(700)
    expect(wrapper.get('[data-testid="live-status"]').text()).toBe('Import 50% done.')
  })

  it('shows the report when the job ends and saves it as CSV', async () => {
    const fake = createFakeApi({
      'import.status': () => ({ job: job({ state: 'running' }) }),
      'import.report': () => ({
        report: {
          onTelegram: [{ name: 'Anna Petrov', phone: '+447911123401', userId: '9', username: 'annap' }],
          notOnTelegram: [{ name: 'Grandma', phone: '+447911123405', popularInvites: 3 }],
          failed: [{ name: 'Zed', phone: '+447911123406', reason: 'Telegram refused this number' }],
          cancelled: [],
          notDone: [],
        },
        csv: 'name,phone\r\n',
      }),
    })
    const wrapper = mountWith(ImportView, fake)
    await useImportStore().init()
    await flushPromises()
    fake.emit('import.progress', job({ state: 'done', done: 100, onTelegram: 1, notOnTelegram: 1, failed: 1, finishedAt: Date.now() }))
    await flushPromises()
    expect(fake.inputsOf('import.report')).toHaveLength(1)
    expect(wrapper.text()).toContain('Import finished')
    expect(wrapper.text()).toContain('@annap')
    expect(wrapper.text()).toContain('Telegram refused this number')
    const created: Blob[] = []
    const createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob)
      return 'blob:report'
    })
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }))
    const clicks: string[] = []
    const anchorClick = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download)
    })
    await wrapper.findAll('button').find((b) => b.text() === 'Save report as CSV')!.trigger('click')
    expect(clicks[0]).toMatch(/^tg-contacts-import-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(await created[0]!.text()).toBe('name,phone\r\n')
    anchorClick.mockRestore()
    vi.unstubAllGlobals()
  })

  it("leaves out the column of Telegram users who saved a number when no one saved any of them (0), instead of a column of empty cells", async () => {
    const reportOf = (popularInvites: number) => ({
      report: {
        onTelegram: [],
        notOnTelegram: [
          { name: 'Grandma', phone: '+447911123405', popularInvites },
          { name: 'Plumber', phone: '+447911123407', popularInvites: 0 },
        ],
        failed: [],
        cancelled: [],
        notDone: [],
      },
      csv: 'x',
    })
    const headersAfter = async (popularInvites: number) => {
      const fake = createFakeApi({ 'import.status': () => ({ job: job({ state: 'running' }) }), 'import.report': () => reportOf(popularInvites) })
      const wrapper = mountWith(ImportView, fake)
      await useImportStore().init()
      await flushPromises()
      fake.emit('import.progress', job({ state: 'done', done: 100, onTelegram: 0, notOnTelegram: 2, finishedAt: Date.now() }))
      await flushPromises()
      const table = wrapper.findAll('section.block').find((s) => s.get('h2').text() === 'Not on Telegram')!
      const shown = { headers: table.findAll('th').map((th) => th.text()), rows: table.findAll('tbody tr').map((tr) => tr.findAll('td').map((td) => td.text())) }
      wrapper.unmount()
      return shown
    }
    expect(await headersAfter(0)).toEqual({
      headers: ['Name', 'Phone'],
      rows: [
        ['Grandma', '+44 7911 123405'],
        ['Plumber', '+44 7911 123407'],
      ],
    })
    expect((await headersAfter(3)).headers).toEqual(['Name', 'Phone', 'Telegram users who saved this number'])
  })

  it('a cancelled import reports what was sent, and the rest as cancelled — not sent, not as failures', async () => {
    const cancelled = job({ state: 'cancelled', total: 2968, done: 1200, onTelegram: 700, notOnTelegram: 500, failed: 0, cancelled: 1768, requests: 3, finishedAt: Date.now() })
    const fake = createFakeApi({
      'import.status': () => ({ job: cancelled }),
      'import.report': () => ({
        report: {
          onTelegram: [{ name: 'Anna Petrov', phone: '+447911123401', userId: '9', username: null }],
          notOnTelegram: [],
          failed: [],
          cancelled: [{ name: 'Boris Later', phone: '+447911123402' }],
          notDone: [],
        },
        csv: 'x',
      }),
    })
    const wrapper = mountWith(ImportView, fake)
    await useImportStore().init()
    await flushPromises()
    expect(wrapper.get('h1').text()).toBe('Import cancelled')
    expect(wrapper.get('[data-testid="import-sent"]').text()).toBe('1,200 of 2,968 numbers sent in 3 requests.')
    expect(wrapper.get('[data-testid="summary-cancelled"]').text()).toBe('1,768cancelled — not sent')
    const failed = wrapper.get('[data-testid="summary-failed"]')
    expect(failed.text()).toBe('0failed')
    expect(failed.classes()).not.toContain('bad')
    expect(wrapper.get('[data-testid="summary-on-telegram"]').classes()).toContain('ok')
    expect(wrapper.findAll('h2').map((h) => h.text())).toEqual(['On Telegram', 'Not sent (cancelled)'])
    expect(wrapper.text()).toContain('Boris Later')
  })

  it('an import that found nobody on Telegram shows its 0 as a plain figure, not in the colour of success', async () => {
    const none = job({ state: 'done', total: 3, done: 3, onTelegram: 0, notOnTelegram: 3, failed: 0, requests: 1, finishedAt: Date.now() })
    const fake = createFakeApi({
      'import.status': () => ({ job: none }),
      'import.report': () => ({ report: { onTelegram: [], notOnTelegram: [], failed: [], cancelled: [], notDone: [] }, csv: 'x' }),
    })
    const wrapper = mountWith(ImportView, fake)
    await useImportStore().init()
    await flushPromises()
    const onTelegram = wrapper.get('[data-testid="summary-on-telegram"]')
    expect(onTelegram.text()).toBe('0on Telegram — now in your contacts')
    expect(onTelegram.classes()).not.toContain('ok')
  })

  it('a stopped import counts what is not done yet, lists it, and offers Resume, which goes on with it', async () => {
    const error = 'Telegram could not be reached (ECONNRESET). Resume to try again.'
    const stopped = job({ state: 'failed', total: 300, done: 100, onTelegram: 60, notOnTelegram: 40, requests: 4, ratePerMinute: null, estimatedEndAt: null, finishedAt: Date.now(), error })
    const fake = createFakeApi({
      'import.status': () => ({ job: stopped }),
      'import.report': () => ({
        report: { onTelegram: [], notOnTelegram: [], failed: [], cancelled: [], notDone: [{ name: 'Boris Later', phone: '+447911123402' }] },
        csv: 'x',
      }),
      'import.resume': () => ({ job: job({ ...stopped, state: 'running', finishedAt: null, error: null }) }),
    })
    const wrapper = mountWith(ImportView, fake)
    await useImportStore().init()
    await flushPromises()
    expect(wrapper.get('h1').text()).toBe('Import stopped')
    expect(wrapper.get('[role="alert"]').text()).toBe(error)
    expect(wrapper.get('[data-testid="import-sent"]').text()).toBe('100 of 300 numbers sent in 4 requests.')
    expect(wrapper.get('[data-testid="summary-not-done"]').text()).toBe('200not done yet — Resume goes on with them')
    expect(wrapper.findAll('h2').map((h) => h.text())).toEqual(['Not done yet'])
    expect(wrapper.text()).toContain('Boris Later')
    await wrapper.findAll('button').find((b) => b.text() === 'Resume')!.trigger('click')
    await flushPromises()
    expect(fake.inputsOf('import.resume')).toHaveLength(1)
    expect(wrapper.get('h1').text()).toBe('Importing contacts')
  })

  it('a finished or cancelled import offers no Resume', async () => {
    const fake = createFakeApi({
      'import.status': () => ({ job: job({ state: 'cancelled', done: 40, cancelled: 60, finishedAt: Date.now() }) }),
      'import.report': () => ({ report: { onTelegram: [], notOnTelegram: [], failed: [], cancelled: [], notDone: [] }, csv: 'x' }),
    })
    const wrapper = mountWith(ImportView, fake)
    await useImportStore().init()
    await flushPromises()
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain('Resume')
    expect(wrapper.find('[data-testid="summary-not-done"]').exists()).toBe(false)
  })

  it("the sidebar says how the import stands: running, paused, stopped (it can be resumed), nothing once it is over", async () => {
    const fake = createFakeApi({ 'import.status': () => ({ job: job({ state: 'waiting', waitUntil: Date.now() + 60_000, waitReason: 'floodWait' }) }) })
    const wrapper = mountWith(SideNav, fake)
    await useImportStore().init()
    await flushPromises()
    const hint = () => wrapper.findAll('button').find((b) => b.text().startsWith('Import'))!.find('.nav-hint')
    expect(hint().text()).toBe('running')
    for (const [state, text] of [['paused', 'paused'], ['failed', 'stopped'], ['running', 'running']] as const) {
      fake.emit('import.progress', job({ state }))
      await flushPromises()
      expect(hint().text()).toBe(text)
    }
    fake.emit('import.progress', job({ state: 'done', done: 100, finishedAt: Date.now() }))
    await flushPromises()
    expect(hint().exists()).toBe(false)
  })
})
