import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'

describe("the core's own process, seen from the window", () => {
  let app: AppHarness
  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 17, users: 80, contacts: 24 }, signedIn: true })
  })
  afterAll(async () => app?.close())

  it('runs in a process other than the one that serves the window', () => {
    expect(app.core.process?.pid).toBeGreaterThan(0)
    expect(app.core.process?.pid).not.toBe(process.pid)
  })

  it('says so when the core process dies, restarts it, and shows the same account and list again', async () => {
    const { page } = app
    await page.getByText('24 contacts', { exact: false }).first().waitFor()
    const firstPid = app.core.process?.pid
    app.core.process?.kill('SIGKILL')
    // Meanwhile someone is added on another device: the restarted core's list has them, and the window shows it.
    const world = app.emulator!.world
    const stranger = world.strangers(1)[0]!.user
    world.addContact(world.accountId, stranger.id, { firstName: 'While', lastName: 'Away', phone: undefined, date: 1 })
    const banner = page.getByRole('status').filter({ hasText: "TG Contacts' background process stopped — restarting…" })
    await banner.waitFor()
    await app.screenshot('core-restarting')
    await banner.waitFor({ state: 'detached', timeout: 60_000 })
    expect(app.core.process?.pid).not.toBe(firstPid)
    // The views reloaded from the new core.
    await page.getByText('25 contacts', { exact: false }).first().waitFor({ timeout: 30_000 })
    await expect(page.getByRole('heading', { name: 'Sign in' }).count()).resolves.toBe(0)
    expect(app.coreErrors).toEqual([])
  })
})
