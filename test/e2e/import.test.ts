import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toE164 } from '../../electron/core/phones'
import { dropFiles, startApp, type AppHarness } from './harness'

/** A vCard file as a phone exports it: three people on Telegram, two who are not, one bad number. */
function vcardFile(people: { first: string; last: string; phone: string }[]): string {
  return people.map((p) => `BEGIN:VCARD\r\nVERSION:3.0\r\nN:${p.last};${p.first};;;\r\nFN:${p.first} ${p.last}\r\nTEL;TYPE=CELL:${p.phone}\r\nEND:VCARD\r\n`).join('')
}

describe('import by drag and drop, in Chromium', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 61, users: 80, contacts: 10 }, signedIn: true })
  })
  afterAll(async () => app?.close())

  it('drops a file on the window, previews it, imports, shows the report and the new contacts in the list', async () => {
    const { page } = app
    const emulator = app.emulator!
    const world = emulator.world
    const me = world.accountId
    const strangers = world.users.filter((u) => u.id !== me && !world.contactsOf(me).has(u.id) && u.findableByPhone && !u.deleted && toE164(`+${u.phone}`, null)).slice(0, 3)
    expect(strangers).toHaveLength(3)
    const people = [
      ...strangers.map((u, i) => ({ first: `Dropped${i}`, last: 'Friend', phone: `+${u.phone}` })),
      { first: 'Nobody', last: 'One', phone: '+447900000101' },
      { first: 'Nobody', last: 'Two', phone: '+447900000102' },
      { first: 'Broken', last: 'Number', phone: '12' },
    ]
    await page.getByRole('navigation', { name: 'Sections' }).waitFor()

    // A synthetic drop with real File objects in a DataTransfer, as a file manager would deliver it.
    // (A string: this file is type-checked without the DOM library.)
    const file = { name: 'phone-export.vcf', text: vcardFile(people) }
    await page.evaluate(`(() => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([${JSON.stringify(file.text)}], ${JSON.stringify(file.name)}, { type: 'text/vcard' }))
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }))
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    })()`)

    await page.getByRole('heading', { name: 'Preview' }).waitFor()
    await expect(page.getByText('phone-export.vcf').first().isVisible()).resolves.toBe(true)
    const states = await page.locator('.prow').evaluateAll((rows) => rows.map((r) => `${r.querySelector('.cell-name')?.textContent}:${r.getAttribute('data-state')}`))
    expect(states.filter((s) => s.endsWith(':new')), states.join(', ')).toHaveLength(5)
    await expect(page.locator('.prow[data-state="invalid"]').count()).resolves.toBe(1)
    await app.screenshot('import-preview')

    await page.getByRole('button', { name: 'Import 5 contacts' }).click()
    const report = page.getByRole('region', { name: 'Import report' })
    await report.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 30_000 })
    await expect(report.locator('.summary-card').first().innerText()).resolves.toMatch(/^3\s*on Telegram/)
    await expect(report.locator('.summary-card').nth(1).innerText()).resolves.toMatch(/^2\s*not on Telegram/)
    await report.getByRole('heading', { name: 'On Telegram', exact: true }).waitFor()
    for (const p of people.slice(0, 3)) await expect(report.getByText(`${p.first} ${p.last}`).isVisible()).resolves.toBe(true)
    await app.screenshot('import-report')

    // Telegram's side: the three are contacts now, under the names from the file.
    for (const [i, u] of strangers.entries()) expect(world.contactsOf(me).get(u.id)?.firstName).toBe(`Dropped${i}`)
    // The list shows them.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Contacts/ }).click()
    for (const p of people.slice(0, 3)) await page.getByText(`${p.first} ${p.last}`).first().waitFor({ timeout: 15_000 })
    expect(app.coreErrors).toEqual([])
  })
})

describe('dropping more files than the preview takes, at 800×600', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 62, users: 40, contacts: 5 }, signedIn: true, viewport: { width: 800, height: 600 } })
  })
  afterAll(async () => app?.close())

  it('says in one line how many were not added, and the Import button stays in view', async () => {
    const { page } = app
    await page.getByRole('navigation', { name: 'Sections' }).waitFor()
    const files = Array.from({ length: 72 }, (_, i) => ({
      name: `card-${String(i).padStart(2, '0')}.vcf`,
      type: 'text/vcard',
      content: vcardFile([{ first: `Person${i}`, last: 'Many', phone: `+4479000${String(i).padStart(5, '0')}` }]),
    }))
    await dropFiles(page, files)
    await page.getByRole('heading', { name: 'Preview' }).waitFor()
    await expect(page.getByTestId('files-not-added').innerText()).resolves.toBe('22 files were not added: at most 50 at once.')
    await expect(page.locator('.alert-error').count()).resolves.toBe(0)
    const button = page.getByRole('button', { name: 'Import 50 contacts' })
    const inView = async () => {
      const box = (await button.boundingBox())!
      return box.y >= 0 && box.y + box.height <= 600
    }
    await expect(inView()).resolves.toBe(true)
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await app.screenshot(`import-many-files-800x600-${scheme}`)
    }
    // Scrolled to the end of the page and back: still in view.
    const scroll = (to: 'end' | 'start') => page.evaluate(`(() => { const el = document.querySelector('.import-page'); el.scrollTo(0, ${to === 'end' ? 'el.scrollHeight' : '0'}) })()`)
    await scroll('end')
    await expect(inView()).resolves.toBe(true)
    await app.screenshot('import-many-files-800x600-dark-scrolled')
    await scroll('start')
    await expect(inView()).resolves.toBe(true)
    expect(app.pageErrors).toEqual([])
  })
})

describe('a long preview with the keyboard only, at 800×600', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 64, users: 40, contacts: 5 }, signedIn: true, viewport: { width: 800, height: 600 } })
  })
  afterAll(async () => app?.close())

  /** What has focus: its tag and accessible name. */
  const focused = (page: AppHarness['page']) =>
    page.evaluate(`(() => { const el = document.activeElement; return el ? el.tagName.toLowerCase() + ':' + (el.getAttribute('aria-label') || el.textContent || '').replace(/\\s+/g, ' ').trim() : '' })()`) as Promise<string>

  it('the rows are one stop of Tab (arrows move between them, Space includes), so Import is a few presses away', async () => {
    const { page } = app
    const people = Array.from({ length: 300 }, (_, i) => ({ first: `Row${i}`, last: 'Person', phone: `+4479002${String(i).padStart(5, '0')}` }))
    people.splice(2, 0, { first: 'Broken', last: 'Number', phone: '12' })
    await page.getByRole('navigation', { name: 'Sections' }).waitFor()
    await dropFiles(page, [{ name: 'long.vcf', type: 'text/vcard', content: vcardFile(people) }])
    await page.getByRole('heading', { name: 'Preview' }).waitFor()
    await page.getByRole('heading', { name: 'Preview' }).focus()
    const stops: string[] = []
    for (let i = 0; i < 15 && !stops.at(-1)?.startsWith('button:Import 300'); i++) {
      await page.keyboard.press('Tab')
      stops.push(await focused(page))
    }
    expect(stops.at(-1), stops.join(' → ')).toBe('button:Import 300 contacts')
    expect(stops.filter((s) => s.startsWith('input:Include Row'))).toEqual(['input:Include Row0 Person'])
    // Back into the rows: the arrows move between them (past the one that cannot be included), Space leaves one out.
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Shift+Tab')
    await expect(focused(page)).resolves.toBe('input:Include Row0 Person')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await expect(focused(page)).resolves.toBe('input:Include Row2 Person')
    await page.keyboard.press('End')
    await expect(focused(page)).resolves.toBe('input:Include Row299 Person')
    await page.keyboard.press('Space')
    await page.getByRole('button', { name: 'Import 299 contacts' }).waitFor()
    await page.keyboard.press('Home')
    await expect(focused(page)).resolves.toBe('input:Include Row0 Person')
    expect(app.pageErrors).toEqual([])
  })
})

describe('cancelling an import during a flood wait', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 63, users: 60, contacts: 5 }, signedIn: true })
  })
  afterAll(async () => app?.close())

  it('the report counts what was sent and lists the rest as cancelled — not sent, not failed', async () => {
    const { page } = app
    const emulator = app.emulator!
    const people = Array.from({ length: 1500 }, (_, i) => ({ first: `Later${i}`, last: 'Person', phone: `+4479001${String(i).padStart(5, '0')}` }))
    // Two requests go through; the third meets a 10-minute flood wait, during which the user cancels.
    emulator.script('contacts.ImportContacts', { delayMs: 0, times: 2 })
    emulator.script('contacts.ImportContacts', { error: 'FLOOD_WAIT_600' })
    await page.getByRole('navigation', { name: 'Sections' }).waitFor()
    await dropFiles(page, [{ name: 'big.vcf', type: 'text/vcard', content: vcardFile(people) }])
    await page.getByRole('button', { name: 'Import 1,500 contacts' }).click()
    await page.getByTestId('import-wait').waitFor({ timeout: 30_000 })
    // The countdown, and a time left that includes the wait; no rate while waiting.
    await expect(page.getByTestId('import-wait').innerText()).resolves.toMatch(/^Telegram asked us to wait — resuming in (10:00|9:5\d)$/)
    await expect(page.getByTestId('import-meta').innerText()).resolves.toMatch(/^time left: about 1[01] min\s+3 requests$/)
    await app.screenshot('import-waiting')
    await page.getByRole('button', { name: 'Cancel import' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel import' }).click()

    const report = page.getByRole('region', { name: 'Import report' })
    await report.getByRole('heading', { name: 'Import cancelled' }).waitFor({ timeout: 30_000 })
    await expect(page.getByTestId('import-sent').innerText()).resolves.toBe('1,000 of 1,500 numbers sent in 3 requests.')
    await expect(page.getByTestId('summary-cancelled').innerText()).resolves.toMatch(/^500\s*cancelled — not sent$/)
    await expect(page.getByTestId('summary-failed').innerText()).resolves.toMatch(/^0\s*failed$/)
    await expect(report.getByRole('heading', { name: 'Failed' }).count()).resolves.toBe(0)
    await report.getByRole('heading', { name: 'Not sent (cancelled)' }).waitFor()
    await app.screenshot('import-cancelled-report')
    // Telegram got the first 1,000 and nothing after the cancel.
    const sent = emulator.callsOf('contacts.ImportContacts').flatMap((c) => (c.params.contacts as unknown[]).length)
    expect(sent).toEqual([500, 500, 500])
    expect(app.coreErrors).toEqual([])
  })
})

describe('an import across a Telegram outage, at 800×600', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 64, users: 60, contacts: 5 }, signedIn: true, viewport: { width: 800, height: 600 } })
  })
  afterAll(async () => app?.close())

  it('the page says the import waits for the connection (no rate, no time left) and the import finishes by itself once Telegram is back', async () => {
    const { page } = app
    const emulator = app.emulator!
    const people = Array.from({ length: 1500 }, (_, i) => ({ first: `Away${i}`, last: 'Person', phone: `+4479002${String(i).padStart(5, '0')}` }))
    // Slow answers, so Telegram goes away with a request on its way.
    emulator.script('contacts.ImportContacts', { delayMs: 400, times: Number.POSITIVE_INFINITY })
    await page.getByRole('navigation', { name: 'Sections' }).waitFor()
    await dropFiles(page, [{ name: 'away.vcf', type: 'text/vcard', content: vcardFile(people) }])
    await page.getByRole('button', { name: 'Import 1,500 contacts' }).click()
    await page.getByTestId('import-done').getByText('500 / 1,500').waitFor({ timeout: 30_000 })
    await emulator.kill()

    const wait = page.getByTestId('import-wait')
    await wait.getByText('No connection to Telegram — the import goes on by itself once it is back.').waitFor({ timeout: 15_000 })
    await expect(page.getByTestId('import-meta').innerText()).resolves.toMatch(/^\d+ requests?$/)
    await expect(page.getByRole('heading', { name: 'Importing contacts' }).isVisible()).resolves.toBe(true)
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await app.screenshot(`import-offline-800x600-${scheme}`)
    }
    await page.emulateMedia({ colorScheme: 'light' })

    await emulator.restart()
    const report = page.getByRole('region', { name: 'Import report' })
    await report.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 45_000 })
    await expect(page.getByTestId('import-sent').innerText()).resolves.toMatch(/^1,500 numbers sent in \d requests\.$/)
    await expect(page.getByTestId('summary-failed').innerText()).resolves.toMatch(/^0\s*failed$/)
    const saved = emulator.world.account(emulator.world.accountId).saved
    for (const p of people) expect(saved.has(p.phone.slice(1)), p.phone).toBe(true)
    expect(app.coreErrors).toEqual([])
  })
})

describe('real address books in the preview (issue 11.11–11.15), in Chromium', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 63, users: 40, contacts: 5 }, signedIn: true })
  })
  afterAll(async () => app?.close())

  it('a legacy Greek file reads right with its guessed charset; a country picked for national numbers applies at once; the same file twice is one', async () => {
    const { page } = app
    await page.getByRole('navigation', { name: 'Sections' }).waitFor()
    const greek = readFileSync(join(import.meta.dirname, '../fixtures/contact-files/legacy/greek.windows-1253.vcf'))
    const national = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Gruber\r\nTEL;TYPE=CELL:0664 1234567\r\nEND:VCARD\r\n'
    // Austria first: its row stays among the rows on screen (the list is virtual).
    await dropFiles(page, [
      { name: 'austria.vcf', content: national },
      { name: 'greek.vcf', content: greek },
      { name: 'greek copy.vcf', content: greek },
    ])
    await page.getByRole('heading', { name: 'Preview' }).waitFor()
    await page.getByText('Γιώργος Παπαδόπουλος').first().waitFor()
    const charset = page.getByRole('combobox', { name: 'Character set of greek.vcf' })
    await expect(charset.evaluate((s) => (s as unknown as { selectedOptions: { text: string }[] }).selectedOptions[0]?.text)).resolves.toBe('Greek (Windows-1253)')
    await expect(page.getByTestId('same-file').innerText()).resolves.toBe('Also dropped as greek copy.vcf: the same file, read once.')
    await expect(page.locator('.prow').count()).resolves.toBeGreaterThan(0)
    await expect(page.getByTestId('file-garbled').count()).resolves.toBe(0)

    await page.getByRole('combobox', { name: 'Country for numbers without a country code in austria.vcf' }).selectOption('AT')
    const anna = page.locator('.prow', { hasText: 'Anna Gruber' })
    await anna.locator('.cell-phone', { hasText: '+43 664 1234567' }).waitFor()
    await expect(anna.getAttribute('data-state')).resolves.toBe('new')
    // The Greek names are still there, read once.
    await expect(page.locator('.prow', { hasText: 'Γιώργος Παπαδόπουλος' }).count()).resolves.toBe(1)
    await app.screenshot('import-preview-legacy')

    // A wrong charset shows garbled names, flagged.
    await charset.selectOption('windows-1252')
    await page.getByTestId('file-garbled').waitFor()
    await expect(page.locator('[data-testid="row-garbled"]').count()).resolves.toBeGreaterThan(0)
    for (const viewport of [{ width: 1280, height: 800 }, { width: 800, height: 600 }]) {
      await page.setViewportSize(viewport)
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme })
        await app.screenshot(`import-preview-garbled-${viewport.width}x${viewport.height}-${scheme}`)
      }
    }
    await page.emulateMedia({ colorScheme: 'light' })
    expect(app.coreErrors).toEqual([])
  })
})
