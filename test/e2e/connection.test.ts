import { afterEach, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'
import { auditScreen } from './harness/axe'

/**
 * What the window says when something between it and Telegram goes away. Issue 12 item 1: Telegram away (the
 * emulator killed, then back on the same port): a banner at once, a way to try now, and the list's statuses greyed
 * (they are no longer current) until the connection is back. Issue 11 item 9: in browser mode the app's own backend
 * gone (npm run demo stopped) is told apart from Telegram being unreachable, said once, statuses greyed.
 */
let app: AppHarness | null = null
afterEach(async () => {
  await app?.close()
  app = null
})

const greenStatuses = (harness: AppHarness) => harness.page.locator('.contact-status.online').count()

/** Signed in, the list shown, someone in it online. */
async function listWithSomeoneOnline(seed: number): Promise<AppHarness> {
  const harness = await startApp({ emulator: { seed, users: 80, contacts: 30 }, signedIn: true })
  try {
    await harness.page.getByText('30 contacts', { exact: false }).first().waitFor()
    await expect.poll(() => greenStatuses(harness)).toBeGreaterThan(0)
    return harness
  } catch (error) {
    await harness.close()
    throw error
  }
}

/** Serious or critical axe findings on the screen as it is, light and dark, 800×600 and 1280×800 (shots saved). */
async function seriousFindings(harness: AppHarness, screen: string): Promise<string[]> {
  const audits = await auditScreen(harness.page, screen)
  return audits.flatMap((a) => a.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${a.theme} ${a.viewport.width}: ${v.id}`))
}

describe('connection banner', () => {
  it('says Telegram is unreachable at once, offers Try now, greys the statuses, and clears by itself once Telegram is back', async () => {
    app = await listWithSomeoneOnline(23)
    const { page } = app

    await app.emulator!.kill()
    const banner = page.getByTestId('connection-banner').filter({ hasText: 'No connection to Telegram' })
    await banner.waitFor({ timeout: 15_000 })
    await expect.poll(() => greenStatuses(app!)).toBe(0)
    await app.screenshot('connection-offline')
    expect(await seriousFindings(app, 'connection-offline')).toEqual([])
    const tryNow = page.getByRole('button', { name: 'Try now' })
    // Telegram still away: Try now tries, and the banner stays.
    await tryNow.click()
    await banner.waitFor()

    await app.emulator!.restart()
    await tryNow.click().catch(() => undefined)
    await banner.waitFor({ state: 'detached', timeout: 15_000 })
    await expect.poll(() => greenStatuses(app!), { timeout: 15_000 }).toBeGreaterThan(0)
    expect(app.coreErrors).toEqual([])
  })
})

describe('browser mode, the backend gone', () => {
  it("says once that the app's backend is gone, not that Telegram is, and greys the statuses", async () => {
    app = await listWithSomeoneOnline(29)
    const { page } = app

    await app.core.dispose()
    const gone = page.getByText("TG Contacts lost its connection to the app's backend — restart npm run demo")
    await gone.waitFor({ timeout: 20_000 })
    await app.screenshot('backend-gone')
    expect(await seriousFindings(app, 'backend-gone')).toEqual([])
    // Whatever the person asks for meanwhile fails at once; none of it is blamed on Telegram, and the banner is the
    // one place that explains.
    await page.getByRole('button', { name: 'Export' }).first().click()
    await page.getByRole('textbox', { name: 'Folder path' }).fill('/tmp/tgc-nowhere')
    await page.getByRole('main').getByRole('button', { name: 'Export', exact: true }).click()
    await expect(page.getByTestId('export-error').textContent()).resolves.toContain('Not done')
    await app.screenshot('backend-gone-export')
    await expect(page.getByText("Can't reach Telegram").count()).resolves.toBe(0)
    await expect(page.getByText('backend', { exact: false }).count()).resolves.toBe(1)
    await expect(page.getByText('restarting', { exact: false }).count()).resolves.toBe(0)
    expect(await greenStatuses(app)).toBe(0)
  })
})
