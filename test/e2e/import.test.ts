import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toE164 } from '../../electron/core/phones'
import { startApp, type AppHarness } from './harness'

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
