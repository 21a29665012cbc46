import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MethodOutput, Result } from '../../electron/core/contract'
import { TEST_API_CREDENTIALS, auditScreen, countByImpact, startApp, zoomOverflow, type AppHarness } from './harness'

async function value<T>(result: Promise<Result<unknown>>): Promise<T> {
  const answer = await result
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`)
  return answer.value as T
}

/** The accessible name of what has focus (aria-label, else its label or text). */
const focusedName = (page: Page): Promise<string> =>
  page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '';
    return (el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : '') || el.textContent || '').replace(/\\s+/g, ' ').trim();
  })()`) as Promise<string>

/** Presses Tab (Shift+Tab backwards) until the focused control has this name. */
async function tabTo(page: Page, name: string, back = false): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
    if ((await focusedName(page)) === name) return
  }
  throw new Error(`Tab never reached ${name}; focus is on ${await focusedName(page)}`)
}

/**
 * "Try the demo" on the sign-in screen, in Chromium through the bridge: the core makes way for the demo's (the seeded
 * world of npm run demo, inside the core's process), the list appears under the DEMO banner, and "Back to sign-in"
 * brings the app's own core back, at the sign-in screen. Once in light with the mouse, once in dark with the keyboard
 * only (a second round trip), where focus lands in the search box and back in the phone field.
 */
describe('Try the demo, then back to sign-in', () => {
  let app: AppHarness

  beforeAll(async () => {
    // API credentials, no session: the sign-in screen asks for a phone number.
    app = await startApp({ env: TEST_API_CREDENTIALS })
  })
  afterAll(async () => app?.close())

  for (const theme of ['light', 'dark'] as const) {
    it(`opens the demo's list under the DEMO banner and comes back to the sign-in screen (${theme})`, async () => {
      const { page } = app
      await page.emulateMedia({ colorScheme: theme })
      await page.getByRole('heading', { name: 'Sign in' }).waitFor()
      await app.screenshot(`demo-offer-${theme}`)
      const accountPid = app.core.process?.pid

      const keyboard = theme === 'dark'
      if (keyboard) {
        await tabTo(page, 'Try the demo')
        await page.keyboard.press('Enter')
      } else await page.getByRole('button', { name: 'Try the demo' }).click()
      const list = page.getByRole('listbox', { name: 'Contacts' })
      await list.getByRole('option').first().waitFor({ timeout: 60_000 })
      if (keyboard) await expect.poll(() => focusedName(page)).toBe('Search contacts')
      await page.getByTestId('counts').getByText('300 contacts').waitFor()
      const banner = page.getByRole('region', { name: 'Demo' })
      await expect(banner.textContent()).resolves.toMatch(/Made-up people on a built-in stand-in for Telegram/)
      // Announced once it has appeared: the live region inside the banner carries the text.
      await banner.getByRole('status').filter({ hasText: /^Demo\. Made-up people/ }).waitFor()
      expect(app.core.process?.pid).not.toBe(accountPid)
      expect(app.core.demo?.mode).toBe('demo')
      const info = await value<MethodOutput<'app.info'>>(app.core.router.dispatch('app.info', {}))
      expect(info).toMatchObject({ demo: true, demoSwitch: true })
      await app.screenshot(`demo-list-${theme}`)

      if (keyboard) {
        await tabTo(page, 'Back to sign-in', true)
        await page.keyboard.press('Enter')
      } else await banner.getByRole('button', { name: 'Back to sign-in' }).click()
      await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 60_000 })
      if (keyboard) await expect.poll(() => focusedName(page)).toBe('Phone number')
      await expect(banner.count()).resolves.toBe(0)
      await expect(page.getByRole('button', { name: 'Try the demo' }).isVisible()).resolves.toBe(true)
      expect(app.core.demo?.mode).toBe('account')
      const status = await value<MethodOutput<'auth.status'>>(app.core.router.dispatch('auth.status', {}))
      expect(status.state).toBe('signedOut')
      await app.screenshot(`demo-back-${theme}`)

      // The socket to a core that made way fails while the next one starts; nothing else may.
      expect(app.pageErrors.filter((text) => !/WebSocket connection to .* failed/.test(text))).toEqual([])
      expect(app.coreErrors).toEqual([])
    })
  }

  it('passes axe (no serious or critical violation) on the sign-in screen with the offer and on the demo list, light and dark, 800×600 and 1280×800', async () => {
    const { page } = app
    const serious = async (screen: string): Promise<string[]> => {
      const audits = await auditScreen(page, screen)
      const found = audits.flatMap((a) =>
        a.violations.filter((v) => countByImpact([v], ['serious', 'critical']) > 0).map((v) => `${screen} ${a.theme} ${a.viewport.width}x${a.viewport.height} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      )
      return [...found, ...(await zoomOverflow(page, screen)).map((line) => `${screen} at 200%: ${line}`)]
    }
    await page.getByRole('button', { name: 'Try the demo' }).waitFor()
    const offer = await serious('demo-offer')
    await page.getByRole('button', { name: 'Try the demo' }).click()
    await page.getByRole('listbox', { name: 'Contacts' }).getByRole('option').first().waitFor({ timeout: 60_000 })
    const list = await serious('demo-list')
    await page.getByRole('button', { name: 'Back to sign-in' }).click()
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 60_000 })
    expect([...offer, ...list]).toEqual([])
  })
})
