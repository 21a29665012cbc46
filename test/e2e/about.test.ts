import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_API_CREDENTIALS, startApp, type AppHarness } from './harness'

/** Telegram's API terms, as a person meets them: on the sign-in screen, and in About with the shipped libraries. */
describe('the unofficial-app notice on the sign-in screen', () => {
  let app: AppHarness
  beforeAll(async () => {
    app = await startApp({ env: TEST_API_CREDENTIALS })
  })
  afterAll(async () => app?.close())

  it('the sign-in screen says the app is unofficial and uses the Telegram API', async () => {
    const { page } = app
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await expect(page.getByText(/unofficial app that uses the Telegram API/).isVisible()).resolves.toBe(true)
  })

})

describe('About', () => {
  let app: AppHarness
  beforeAll(async () => {
    app = await startApp({ emulator: true, signedIn: true })
  })
  afterAll(async () => app?.close())

  it('names the version, repeats the notice and lists the bundled libraries with their licences; Escape returns focus', async () => {
    const { page } = app
    const about = page.getByRole('button', { name: 'About' })
    await about.click()
    const dialog = page.getByRole('dialog', { name: /About TG Contacts/ })
    await dialog.waitFor()
    await expect(dialog.getByText(/version 0\.1\.0/).isVisible()).resolves.toBe(true)
    await expect(dialog.getByText(/unofficial app that uses the Telegram API/).isVisible()).resolves.toBe(true)
    const libraries = dialog.getByRole('list', { name: 'Libraries and their licences' })
    await app.screenshot('about-dialog')
    await libraries.getByRole('listitem').filter({ hasText: /^telegram\s/ }).waitFor()
    expect(await libraries.getByRole('listitem').count()).toBeGreaterThan(20)
    await expect(libraries.getByRole('listitem').filter({ hasText: /^pinia/ }).textContent()).resolves.toMatch(/MIT/)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await about.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true)
  })
})
