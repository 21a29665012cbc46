import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'

/** Birthdays this week above the list, the birthday in the details, the Birthday sort. */
describe.each(['light', 'dark'] as const)('birthdays in Chromium (%s)', (colorScheme) => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 53, users: 160, contacts: 50, secondDcId: 4 }, signedIn: true, colorScheme })
  })
  afterAll(async () => app?.close())

  /** The contact the world gave a birthday today (seedBirthdaysNear). */
  function birthdayToday() {
    const { world } = app.emulator!
    const today = new Date()
    const id = [...world.contactsOf(world.accountId).keys()].find((uid) => {
      const birthday = world.birthdaySeenBy(world.requireUser(uid), world.accountId)
      return birthday?.day === today.getDate() && birthday.month === today.getMonth() + 1
    })!
    const entry = world.contactsOf(world.accountId).get(id)!
    return { id, name: `${entry.firstName} ${entry.lastName}`.trim(), year: world.requireUser(id).birthday!.year }
  }

  it('lists today’s birthday above the list and opens the person from it', async () => {
    const strip = app.page.getByRole('region', { name: 'Birthdays this week' })
    const person = birthdayToday()
    const chip = strip.getByRole('button', { name: new RegExp(`${person.name}.*today`) })
    await chip.waitFor({ timeout: 15_000 })
    await app.screenshot(`birthdays-list-${colorScheme}`)
    await chip.click()
    const details = app.page.getByRole('complementary', { name: 'Contact details' })
    await details.getByText(/turns \d+ today|birthday today/).waitFor()
    expect(await details.textContent()).toContain(`${new Date().getDate()} ${new Date().toLocaleString('en-GB', { month: 'long' })}`)
    await app.screenshot(`birthdays-details-${colorScheme}`)
  })

  it('is gone while searching: not shown, not announced, not reached by Tab; back when the search is cleared', async () => {
    const page = app.page
    const strip = page.getByRole('region', { name: 'Birthdays this week' })
    await strip.waitFor()
    const search = page.getByRole('searchbox', { name: 'Search contacts' })
    await search.fill(birthdayToday().name.slice(0, 2))
    await expect.poll(() => strip.count()).toBe(0)
    expect(await page.getByRole('button', { name: /today/ }).count()).toBe(0)
    const box = await page.locator('.list-pane > div:has(.upcoming)').boundingBox()
    expect(box?.height).toBe(0)
    // Tab from the search box goes on through the toolbar, never into the strip.
    await search.focus()
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab')
      expect(await page.locator('.upcoming :focus').count()).toBe(0)
    }
    await search.fill('')
    await strip.getByRole('button', { name: /today/ }).waitFor()
    await app.screenshot(`birthdays-after-search-${colorScheme}`)
  })

  it('sorts by the next birthday', async () => {
    await app.page.getByRole('group', { name: 'Sort by' }).getByRole('button', { name: 'Birthday' }).click()
    const first = app.page.getByRole('listbox', { name: 'Contacts' }).getByRole('option').first()
    await expect.poll(() => first.textContent()).toContain(birthdayToday().name)
    expect(app.coreErrors).toEqual([])
  })
})
