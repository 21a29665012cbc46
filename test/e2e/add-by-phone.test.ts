import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'

/**
 * Add by phone in Chromium: a number someone has already is not renamed without asking (issue 11.1), and a number
 * the phone rule doubts or refuses never reaches Telegram unasked (issue 11.3). What Telegram received is read from
 * the emulator's call log.
 */
describe('add by phone in Chromium', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 23, users: 200, contacts: 60 }, signedIn: true })
  })
  afterAll(async () => app?.close())

  const me = () => app.emulator!.world.accountId
  const imports = () => app.emulator!.callsOf('contacts.ImportContacts')
  const list = () => app.page.getByRole('listbox', { name: 'Contacts' })
  const dialog = () => app.page.getByRole('dialog', { name: 'Add by phone number' })

  async function fillDialog(first: string, last: string, phone: string): Promise<void> {
    const { page } = app
    if (!(await dialog().isVisible())) await page.getByRole('button', { name: 'Add by phone' }).click()
    await dialog().getByLabel('First name').fill(first)
    await dialog().getByLabel('Last name').fill(last)
    await dialog().getByLabel('Phone number').fill(phone)
    await dialog().getByRole('button', { name: 'Add', exact: true }).click()
  }

  const focusedText = () => app.page.evaluate<string | null>('document.activeElement?.textContent?.trim() ?? null')

  /** A contact whose number the app's list shows, with plain Latin names. */
  function contactWithPhone(): { id: number; name: string; phone: string } {
    const world = app.emulator!.world
    for (const [id, entry] of world.contactsOf(me())) {
      const user = world.user(id)!
      const phone = world.phoneSeenBy(user, me())
      const name = `${entry.firstName} ${entry.lastName}`.trim()
      if (phone && /^[A-Za-z]+ [A-Za-z]+$/.test(name)) return { id, name, phone }
    }
    throw new Error('no contact with a visible phone in the seeded world')
  }

  it('asks before renaming the contact who has the number, with Cancel focused; nothing is sent until Rename', async () => {
    const world = app.emulator!.world
    const target = contactWithPhone()
    await list().getByRole('option').first().waitFor()
    app.emulator!.clearCalls()

    await fillDialog('Dup', 'Alice', `+${target.phone}`)
    const question = dialog().getByTestId('add-phone-question')
    await question.waitFor()
    expect(await question.textContent()).toBe(`This number belongs to ${target.name}. Rename the contact to Dup Alice?`)
    expect(await focusedText()).toBe('Cancel')
    expect(imports()).toHaveLength(0)
    await app.screenshot('add-by-phone-rename-question')

    // Enter answers with the default, Cancel: back to the form, still nothing sent, the name unchanged.
    await app.page.keyboard.press('Enter')
    await dialog().getByLabel('Phone number').waitFor()
    expect(imports()).toHaveLength(0)
    expect(world.contactsOf(me()).get(target.id)?.firstName).not.toBe('Dup')

    await dialog().getByRole('button', { name: 'Add', exact: true }).click()
    await dialog().getByRole('button', { name: 'Rename' }).click()
    await expect.poll(() => imports().length).toBe(1)
    expect(imports()[0]!.params).toMatchObject({ contacts: [{ phone: target.phone, firstName: 'Dup', lastName: 'Alice' }] })
    await expect.poll(() => world.contactsOf(me()).get(target.id)?.firstName).toBe('Dup')
    await dialog().waitFor({ state: 'detached' })
    await list().getByRole('option').filter({ hasText: 'Dup Alice' }).first().waitFor()
  })

  it('asks before renaming a saved number that is not on Telegram', async () => {
    const world = app.emulator!.world
    const phone = world.unregisteredPhones[5]!
    app.emulator!.clearCalls()
    await fillDialog('Grandma', 'Jones', `+${phone}`)
    await dialog().getByText('Grandma Jones has not joined Telegram yet').waitFor()
    expect(imports()).toHaveLength(1)
    await dialog().getByRole('button', { name: 'Add someone else' }).click()

    await fillDialog('Granny', '', `+${phone}`)
    const question = dialog().getByTestId('add-phone-question')
    await question.waitFor()
    expect(await question.textContent()).toBe('This number is saved as Grandma Jones (not on Telegram). Rename it to Granny?')
    expect(await focusedText()).toBe('Cancel')
    expect(imports()).toHaveLength(1)
    await dialog().getByRole('button', { name: 'Cancel' }).click()
    await dialog().getByRole('button', { name: 'Cancel' }).click()
    await dialog().waitFor({ state: 'detached' })
    expect(imports()).toHaveLength(1)
    expect(world.account(me()).saved.get(phone)?.firstName).toBe('Grandma')
  })

  it('asks about a number in no range its country assigns, and refuses the account’s own number', async () => {
    const world = app.emulator!.world
    app.emulator!.clearCalls()
    // A German length, in no German range: libphonenumber's small metadata took it as a number.
    await fillDialog('Junk', '', '+49 12345')
    const question = dialog().getByTestId('add-phone-question')
    await question.waitFor()
    // The form is gone behind the question: it names the number as it would be sent, the country code it was given included.
    expect(await question.textContent()).toBe('+49 12345 does not look like a number from Germany. Add it anyway?')
    expect(await focusedText()).toBe('Cancel')
    await app.page.keyboard.press('Enter')
    await dialog().getByLabel('Phone number').waitFor()
    expect(imports()).toHaveLength(0)

    await dialog().getByLabel('Phone number').fill(`+${world.user(me())!.phone}`)
    await dialog().getByRole('button', { name: 'Add', exact: true }).click()
    await dialog().getByText('This is your own phone number.').waitFor()
    expect(imports()).toHaveLength(0)

    // Asked and confirmed, the doubtful number goes out as typed.
    await dialog().getByLabel('Phone number').fill('+49 12345')
    await dialog().getByRole('button', { name: 'Add', exact: true }).click()
    await dialog().getByRole('button', { name: 'Add anyway' }).click()
    await expect.poll(() => imports().length).toBe(1)
    expect(imports()[0]!.params).toMatchObject({ contacts: [{ phone: '4912345', firstName: 'Junk' }] })
    await dialog().getByRole('button', { name: 'Done' }).click()
    expect(app.coreErrors).toEqual([])
  })

  it('offers Add by phone for a number typed into Add contact: nothing is sent, the number comes along (issue 11 item 7)', async () => {
    const { page } = app
    const phone = app.emulator!.world.unregisteredPhones[6]!
    app.emulator!.clearCalls()
    await page.getByRole('button', { name: 'Add contact' }).click()
    const find = page.getByRole('dialog', { name: 'Add contact' })
    await find.getByLabel('Username or link').fill(`+${phone}`)
    await find.getByRole('button', { name: 'Find' }).click()
    await find.getByText('This looks like a phone number. Add someone by their number with Add by phone.').waitFor()
    expect(app.emulator!.callsOf('contacts.ResolveUsername')).toHaveLength(0)
    await app.screenshot('add-contact-phone-typed')

    await find.getByRole('button', { name: 'Add by phone' }).click()
    await find.waitFor({ state: 'detached' })
    expect(await dialog().getByLabel('Phone number').inputValue()).toBe(`+${phone}`)
    // The name is what is missing: the dialog starts there.
    await expect.poll(() => app.page.evaluate<boolean>('document.activeElement === document.querySelector("[role=dialog] input")')).toBe(true)
    await dialog().getByLabel('First name').fill('Typed')
    await dialog().getByRole('button', { name: 'Add', exact: true }).click()
    await expect.poll(() => imports().length).toBe(1)
    expect(imports()[0]!.params).toMatchObject({ contacts: [{ phone, firstName: 'Typed' }] })
    await dialog().getByRole('button', { name: 'Done' }).click()
    await dialog().waitFor({ state: 'detached' })
  })

  it('Edit contact changes names only: no phone field, and the number Telegram has stays (issue 11 item 7)', async () => {
    const { page } = app
    const target = contactWithPhone()
    app.emulator!.clearCalls()
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill(target.name)
    await list().getByRole('option').filter({ hasText: target.name }).first().click()
    await page.getByRole('button', { name: 'Edit name' }).click()
    const edit = page.getByRole('dialog', { name: 'Edit contact' })
    await edit.getByLabel('Last name').fill('Edited')
    expect(await edit.getByRole('textbox').count()).toBe(2)
    expect(await edit.getByLabel(/phone/i).count()).toBe(0)
    await app.screenshot('edit-contact')
    await edit.getByRole('button', { name: 'Save' }).click()
    await edit.waitFor({ state: 'detached' })
    const added = app.emulator!.callsOf('contacts.AddContact')
    expect(added).toHaveLength(1)
    expect(added[0]!.params).toMatchObject({ phone: target.phone, lastName: 'Edited' })
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('')
    expect(app.coreErrors).toEqual([])
  })
})
