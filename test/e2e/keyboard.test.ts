import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toE164 } from '../../electron/core/phones'
import { TEST_API_CREDENTIALS, focused, named, startApp, tabTo, type AppHarness } from './harness'

/**
 * Every flow of issue 13 with the keyboard only, asserting where focus is after each key: sign-in, add by username
 * (Find → the share box → Add; Escape after Find), add by phone, delete and undo, Enter / Escape in the list,
 * and an import from the file picker to the report.
 */
describe('keyboard only, in Chromium', () => {
  let app: AppHarness
  let page: Page
  const world = () => app.emulator!.world
  const me = () => world().accountId

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 83, users: 160, contacts: 30, savedUnregistered: 4 }, env: TEST_API_CREDENTIALS })
    page = app.page
  })
  afterAll(async () => app?.close())

  it('signs in: each step starts in its field; a wrong code is selected for retyping; then the search box has focus', async () => {
    const account = app.emulator!.account
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await expect.poll(async () => (await focused(page)).name).toBe('Phone number')
    await page.keyboard.type(account.phone)
    await page.keyboard.press('Enter')

    await page.getByLabel('Login code').waitFor()
    await expect.poll(async () => (await focused(page)).name).toBe('Login code')
    await page.keyboard.type('99999')
    await page.keyboard.press('Enter')
    await page.getByText('That code is not right').waitFor()
    const retry = await focused(page)
    expect(retry.name).toBe('Login code')
    expect(retry.selection).toEqual([0, 5])
    // Typing replaces the wrong code.
    await page.keyboard.type(account.code)
    await page.keyboard.press('Enter')

    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor()
    await expect.poll(async () => (await focused(page)).name).toBe('Password')
    await page.keyboard.type(account.password!)
    await page.keyboard.press('Enter')
    await page.getByRole('listbox', { name: 'Contacts' }).getByRole('option').first().waitFor()
    await expect.poll(async () => (await focused(page)).name).toBe('Search contacts')
  })

  it('adds by username: the dialog starts in its field, Escape after Find closes it, the share box is reachable, focus comes back', async () => {
    const stranger = world()
      .strangers(160)
      .find((s) => s.needContactsException && !s.addedUs && s.user.username && s.user.username.length >= 5)!.user
    expect((await tabTo(page, named('Add contact'))).tag).toBe('button')
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toMatchObject({ name: 'Username or link', inDialog: 'Add contact' })
    // Tab stays inside the dialog.
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab')
      expect((await focused(page)).inDialog).toBe('Add contact')
    }
    await tabTo(page, named('Username or link'))
    await page.keyboard.type(stranger.username!)
    await page.keyboard.press('Enter')
    // One dialog replaces the other; focus is in the new one and Escape closes it.
    await expect.poll(() => focused(page)).toMatchObject({ name: 'First name', inDialog: 'New contact' })
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    expect((await focused(page)).name).toBe('Add contact')

    app.emulator!.clearCalls()
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await focused(page)).name).toBe('Username or link')
    await page.keyboard.type(stranger.username!)
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toMatchObject({ name: 'First name', inDialog: 'New contact' })
    const share = await tabTo(page, named('Share my phone number'))
    expect(share).toMatchObject({ checked: true, inDialog: 'New contact' })
    await tabTo(page, named('Add to contacts'))
    await page.keyboard.press('Enter')
    await expect.poll(() => app.emulator!.callsOf('contacts.AddContact').length).toBe(1)
    expect(app.emulator!.callsOf('contacts.AddContact')[0]!.params).toMatchObject({ addPhonePrivacyException: true })
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    await expect.poll(async () => (await focused(page)).name).toBe('Add contact')
    // The new contact is selected and in view.
    const row = page.getByRole('option', { selected: true })
    await expect.poll(() => row.textContent()).toContain(stranger.firstName)
    expect(await row.isVisible()).toBe(true)
  })

  it('adds by phone: names, number, Enter; focus returns to "Add by phone"', async () => {
    const person = world().users.find((u) => u.id !== me() && !world().contactsOf(me()).has(u.id) && u.findableByPhone && !u.deleted && toE164(`+${u.phone}`, null))!
    app.emulator!.clearCalls()
    await tabTo(page, named('Add by phone'))
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toMatchObject({ name: 'First name', inDialog: 'Add by phone number' })
    await page.keyboard.type('Keyboard')
    await page.keyboard.press('Tab')
    expect((await focused(page)).name).toBe('Last name')
    await page.keyboard.type('Person')
    await page.keyboard.press('Tab')
    expect((await focused(page)).name).toBe('Phone number')
    await page.keyboard.type(`+${person.phone}`)
    await page.keyboard.press('Enter')
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    expect(app.emulator!.callsOf('contacts.ImportContacts')).toHaveLength(1)
    await expect.poll(async () => (await focused(page)).name).toBe('Add by phone')
    const row = page.getByRole('option', { selected: true })
    await expect.poll(() => row.textContent()).toContain('Keyboard Person')
    expect(await row.isVisible()).toBe(true)
  })

  it('moves in the list with arrows, opens the details with Enter, collapses a selection with Escape', async () => {
    await page.keyboard.press('Control+f')
    expect((await focused(page)).name).toBe('Search contacts')
    await page.keyboard.press('ArrowDown')
    const first = await focused(page)
    expect(first).toMatchObject({ role: 'listbox', name: 'Contacts' })
    expect(first.activeRow).toBeTruthy()
    await page.keyboard.press('ArrowDown')
    const second = await focused(page)
    expect(second.activeRow).not.toBe(first.activeRow)

    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h2', name: second.activeRow! })
    await page.keyboard.press('Escape')
    expect((await focused(page)).role).toBe('listbox')

    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Shift+ArrowDown')
    await expect.poll(() => page.getByRole('option', { selected: true }).count()).toBe(3)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('option', { selected: true }).count()).toBe(1)
    expect((await focused(page)).role).toBe('listbox')
  })

  it('deletes with the Delete key and undoes from the toast reached with F6', async () => {
    const listbox = await focused(page)
    const name = listbox.activeRow!
    app.emulator!.clearCalls()
    await page.keyboard.press('Delete')
    await expect.poll(() => focused(page)).toMatchObject({ name: 'Delete', inDialog: `Delete ${name}?` })
    await page.keyboard.press('Enter')
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    expect((await focused(page)).role).toBe('listbox')
    await expect.poll(() => page.getByRole('option', { name: new RegExp(name) }).count()).toBe(0)

    // The row goes at once, the toast comes with the core's answer: a person presses F6 once they see Undo.
    await page.getByRole('button', { name: 'Undo' }).waitFor()
    await page.keyboard.press('F6')
    expect(await focused(page)).toMatchObject({ tag: 'button', name: 'Undo' })
    // Focus on the toast holds the undo window open.
    await new Promise((resolve) => setTimeout(resolve, 6000))
    expect(await page.getByRole('button', { name: 'Undo' }).isVisible()).toBe(true)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('option', { name: new RegExp(name) }).count()).toBeGreaterThan(0)
    expect((await focused(page)).role).toBe('listbox')
    expect(app.emulator!.callsOf('contacts.DeleteContacts')).toHaveLength(0)
  })

  it('imports from the file picker to the report, the keyboard only', async () => {
    const people = world()
      .users.filter((u) => u.id !== me() && !world().contactsOf(me()).has(u.id) && u.findableByPhone && !u.deleted && toE164(`+${u.phone}`, null))
      .slice(1, 3)
    const vcf = people.map((u, i) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Picked${i} Person\r\nTEL:+${u.phone}\r\nEND:VCARD\r\n`).join('')
    const nav = await tabTo(page, named('Import'), { back: true })
    expect(nav.tag).toBe('button')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Import contacts' }).waitFor()
    await tabTo(page, named(/choose files/))
    const chooser = page.waitForEvent('filechooser')
    // A round trip first: Playwright turns on file-chooser interception asynchronously, and a key pressed
    // before that lands opens a native picker nobody sees.
    expect((await focused(page)).name).toMatch(/choose files/)
    await page.keyboard.press('Enter')
    await (await chooser).setFiles({ name: 'picked.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcf) })
    await page.getByRole('heading', { name: 'Preview' }).waitFor()
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h1', name: 'Preview' })
    await tabTo(page, named('Import 2 contacts'))
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 30_000 })
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h1', name: 'Import finished' })
    expect(app.pageErrors.filter((text) => !/PHONE_CODE_INVALID|not right/.test(text))).toEqual([])
    expect(app.coreErrors).toEqual([])
  })
})
