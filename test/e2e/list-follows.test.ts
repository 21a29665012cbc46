import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toE164 } from '../../electron/core/phones'
import { startApp, type AppHarness } from './harness'

/**
 * Issue 11.21: the list and the details follow what the person did. A contact just added is selected and scrolled
 * into view however far down it sorts; a search never leaves the details pane (or the selection) on someone it hid.
 */
describe('the list follows the person', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 97, users: 200, contacts: 60 }, signedIn: true, viewport: { width: 1280, height: 800 } })
  })
  afterAll(async () => app?.close())

  const listbox = () => app.page.getByRole('listbox', { name: 'Contacts' })
  const rows = () => listbox().getByRole('option')
  const details = () => app.page.getByRole('complementary', { name: 'Contact details' })
  const search = () => app.page.getByRole('searchbox', { name: 'Search contacts' })

  /** Whether the selected row lies wholly inside the list's visible box (not only rendered below it). */
  function selectedRowInView(): Promise<boolean> {
    return app.page.evaluate(`(() => {
      const list = document.querySelector('[role="listbox"]').getBoundingClientRect();
      const rows = [...document.querySelectorAll('[role="option"][aria-selected="true"]')];
      if (rows.length !== 1) return false;
      const row = rows[0].getBoundingClientRect();
      return row.height > 0 && row.top >= list.top - 1 && row.bottom <= list.bottom + 1;
    })()`) as Promise<boolean>
  }

  it('a contact added at the end of the list is selected, scrolled into view and shown in the details', async () => {
    const { page, emulator } = app
    const world = emulator!.world
    await rows().first().waitFor()
    await page.getByRole('group', { name: 'Sort by' }).getByRole('button', { name: 'Name' }).click()
    // The list is several screens long: the last name sorts far below the first screen.
    expect(await listbox().evaluate((el) => el.scrollHeight > el.clientHeight * 2)).toBe(true)
    const person = world.users.find((u) => u.id !== world.accountId && !world.contactsOf(world.accountId).has(u.id) && u.findableByPhone && !u.deleted && toE164(`+${u.phone}`, null))!
    await page.getByRole('button', { name: 'Add by phone' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add by phone number' })
    await dialog.getByLabel('First name').fill('Zzyzx')
    await dialog.getByLabel('Last name').fill('Revealed')
    await dialog.getByLabel('Phone number').fill(`+${person.phone}`)
    await dialog.getByRole('button', { name: 'Add', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })

    const selected = page.getByRole('option', { selected: true })
    await expect.poll(() => selected.textContent()).toContain('Zzyzx Revealed')
    await expect.poll(selectedRowInView).toBe(true)
    await expect.poll(() => details().getByRole('heading', { level: 2 }).textContent()).toBe('Zzyzx Revealed')
    await app.screenshot('list-follows-added-1280x800')
  })

  it('a search that hides the contact in the details empties the pane; clearing it does not bring them back unasked', async () => {
    const { page } = app
    await search().fill('')
    await rows().nth(1).click()
    const name = (await details().getByRole('heading', { level: 2 }).textContent())!
    expect(name).toBeTruthy()
    // A query no contact matches but for the one just added.
    await search().fill('zzyzx')
    await expect.poll(() => rows().count()).toBe(1)
    await expect.poll(() => details().textContent()).toContain('Select a contact to see the details.')
    expect(await details().textContent()).not.toContain(name)
    expect(await page.getByRole('option', { selected: true }).count()).toBe(0)
    await search().fill('')
    await expect.poll(() => rows().count()).toBeGreaterThan(1)
    expect(await details().textContent()).toContain('Select a contact to see the details.')
  })

  it('a search keeps only the selected rows it shows: Delete asks about those alone', async () => {
    const { page } = app
    // Select the added contact and two more, then search for the added one only.
    await search().fill('zzyzx')
    await rows().first().click()
    // Clearing the search comes back where the contact in the details is, not at the top.
    await search().fill('')
    await expect.poll(selectedRowInView).toBe(true)
    const selected = page.getByRole('option', { selected: true })
    await listbox().focus()
    await page.keyboard.press('Shift+ArrowUp')
    await page.keyboard.press('Shift+ArrowUp')
    await expect.poll(() => selected.count()).toBe(3)
    await search().fill('zzyzx')
    await expect.poll(() => rows().count()).toBe(1)
    await expect.poll(() => selected.count()).toBe(1)
    await expect.poll(() => page.getByTestId('counts').textContent()).not.toContain('selected')
    await listbox().focus()
    await page.keyboard.press('Delete')
    await page.getByRole('dialog', { name: 'Delete Zzyzx Revealed?' }).waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    await search().fill('')
    expect(app.pageErrors).toEqual([])
    expect(app.coreErrors).toEqual([])
  })
})
