import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'

/**
 * Issue 14.3 in Chromium: the numbers a person saved whose people are not on Telegram are a view of their own
 * ("Not on Telegram"): found by name or number, deleted with Undo (contacts.deleteByPhones, read from the emulator's
 * call log and its phone book).
 */
describe('Not on Telegram in Chromium', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 29, users: 200, contacts: 40 }, signedIn: true })
  })
  afterAll(async () => app?.close())

  const me = () => app.emulator!.world.accountId
  const addDialog = () => app.page.getByRole('dialog', { name: 'Add by phone number' })
  const savedList = () => app.page.getByRole('list', { name: 'Saved numbers' })
  const rowWith = (text: string) => savedList().getByRole('listitem').filter({ hasText: text })
  // Digits: the emulator, like Telegram, takes a number with or without its '+'.
  const deletedPhones = () => app.emulator!.callsOf('contacts.DeleteByPhones').flatMap((call) => (call.params.phones as string[]).map((phone) => phone.replace(/\D/g, '')))

  async function addByPhone(first: string, phone: string): Promise<void> {
    await app.page.getByRole('button', { name: 'Add by phone' }).click()
    await addDialog().getByLabel('First name').fill(first)
    await addDialog().getByLabel('Phone number').fill(`+${phone}`)
    await addDialog().getByRole('button', { name: 'Add', exact: true }).click()
    await addDialog().getByText('has not joined Telegram yet').waitFor()
    await addDialog().getByRole('button', { name: 'Done' }).click()
    await addDialog().waitFor({ state: 'detached' })
  }

  it('shows the numbers added by phone that are not on Telegram, finds them, and deletes one with Undo after a confirm naming it', async () => {
    const { page } = app
    const world = app.emulator!.world
    const [grandma, plumber] = [world.unregisteredPhones[2]!, world.unregisteredPhones[3]!]
    await page.getByRole('listbox', { name: 'Contacts' }).getByRole('option').first().waitFor()
    await addByPhone('Grandma', grandma)
    await addByPhone('Plumber', plumber)

    await page.getByRole('button', { name: 'Not on Telegram' }).click()
    await page.getByRole('heading', { name: 'Not on Telegram' }).waitFor()
    await rowWith('Grandma').waitFor()
    await rowWith('Plumber').waitFor()
    expect(await page.getByTestId('saved-completeness').textContent()).toContain('Only an export from Telegram lists them all.')
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      for (const size of [
        { width: 1280, height: 800 },
        { width: 800, height: 600 },
      ]) {
        await page.setViewportSize(size)
        await app.screenshot(`not-on-telegram-${scheme}-${size.width}x${size.height}`)
      }
    }
    await page.emulateMedia({ colorScheme: 'light' })

    await page.getByRole('searchbox', { name: 'Search saved numbers' }).fill(plumber.slice(-6))
    await expect.poll(() => savedList().getByRole('listitem').count()).toBe(1)
    await rowWith('Plumber').waitFor()
    await page.getByRole('searchbox', { name: 'Search saved numbers' }).fill('')

    app.emulator!.clearCalls()
    await page.getByRole('button', { name: 'Delete Plumber' }).click()
    const confirm = page.getByRole('dialog', { name: 'Delete Plumber?' })
    await confirm.getByRole('button', { name: 'Delete' }).click()
    await expect.poll(() => rowWith('Plumber').count()).toBe(0)
    const toast = page.getByRole('region', { name: 'Notifications' }).locator('.toast').filter({ hasText: 'Deleted Plumber' })
    await toast.waitFor()
    expect(deletedPhones()).toEqual([])
    // Undo: it comes back and nothing goes to Telegram.
    await toast.getByRole('button', { name: 'Undo' }).click()
    await rowWith('Plumber').waitFor()

    await page.getByRole('button', { name: 'Delete Plumber' }).click()
    await confirm.getByRole('button', { name: 'Delete' }).click()
    // After the undo window, Telegram gets contacts.deleteByPhones and forgets the number.
    await expect.poll(() => deletedPhones(), { timeout: 15_000 }).toEqual([plumber])
    expect(world.account(me()).saved.get(plumber)).toBeUndefined()
    expect(world.account(me()).saved.get(grandma)?.firstName).toBe('Grandma')
    await page.reload()
    await page.getByRole('button', { name: 'Not on Telegram' }).click()
    await rowWith('Grandma').waitFor()
    expect(await rowWith('Plumber').count()).toBe(0)
    expect(app.coreErrors).toEqual([])
    expect(app.pageErrors).toEqual([])
  })
})
