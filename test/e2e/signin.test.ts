import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'

/** Sign-in from nothing, in Chromium through the bridge: phone, a wrong code, the code, a wrong 2FA password, the password. */
describe('signing in', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 31, users: 120, contacts: 40, password: 'correct horse' } })
  })
  afterAll(async () => app?.close())

  it('signs in with code and 2FA password, explaining the wrong ones, then shows the contacts', async () => {
    const { page, emulator } = app
    const account = emulator!.account
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await page.getByLabel('Phone number').fill(account.phone)
    await page.getByRole('button', { name: 'Send code' }).click()

    await page.getByLabel('Login code').waitFor()
    await page.getByLabel('Login code').fill('99999')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not right/)

    await page.getByLabel('Login code').fill(account.code)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor()
    await expect(page.getByText('horse').first().isVisible()).resolves.toBe(true)

    await page.getByLabel('Password').fill('battery staple')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/password/i)

    await page.getByLabel('Password').fill(account.password!)
    await page.getByRole('button', { name: 'Sign in' }).click()
    const list = page.getByRole('listbox', { name: 'Contacts' })
    await list.getByRole('option').first().waitFor()
    expect(await list.getByRole('option').count()).toBeGreaterThan(5)
    await page.getByTestId('counts').getByText('40 contacts').waitFor()

    expect(emulator!.callsOf('auth.CheckPassword').map((call) => call.outcome.kind)).toEqual(['error', 'result'])
    expect(app.pageErrors.filter((text) => !/PHONE_CODE_INVALID|PASSWORD_HASH_INVALID|not right/.test(text))).toEqual([])
    expect(app.coreErrors).toEqual([])
    await app.screenshot('signin-done')
  })
})
