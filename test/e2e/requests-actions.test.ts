import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'

/** Requests: search, Block with Undo, Report spam after a confirm, Dismiss; in light and dark. */
describe.each(['light', 'dark'] as const)('request actions in Chromium (%s)', (colorScheme) => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 59, users: 160, contacts: 40, secondDcId: 4 }, signedIn: true, colorScheme })
    await app.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Requests/ }).click()
    await app.page.getByRole('heading', { name: 'Requests' }).waitFor()
    await app.page.getByRole('button', { name: 'Share my phone number' }).first().waitFor()
  })
  afterAll(async () => app?.close())

  const me = () => app.emulator!.world.accountId
  const rows = () => app.page.locator('li.request')
  const nameOf = async (index: number) => (await rows().nth(index).locator('.request-name').textContent())!.trim()

  it('shows each request with its actions', async () => {
    await app.screenshot(`requests-${colorScheme}`)
    const first = rows().first()
    for (const name of ['Share my phone number', 'Dismiss', 'Block', 'Report spam']) await first.getByRole('button', { name }).waitFor()
  })

  it('searches within the requests', async () => {
    const name = await nameOf(0)
    const total = await rows().count()
    await app.page.getByRole('searchbox', { name: 'Search requests' }).fill(name)
    await expect.poll(() => rows().count()).toBeLessThan(total + 1)
    expect(await rows().first().textContent()).toContain(name)
    await app.page.getByRole('searchbox', { name: 'Search requests' }).fill('')
  })

  it('blocks with Undo', async () => {
    const name = await nameOf(0)
    await rows().first().getByRole('button', { name: 'Block' }).click()
    await expect.poll(() => app.emulator!.world.account(me()).blocked.size).toBe(1)
    await expect.poll(() => rows().filter({ hasText: name }).count()).toBe(0)
    await app.page.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => app.emulator!.world.account(me()).blocked.size).toBe(0)
    await rows().filter({ hasText: name }).first().waitFor()
  })

  it('reports spam only after the confirm', async () => {
    await rows().nth(1).getByRole('button', { name: 'Report spam' }).click()
    const dialog = app.page.getByRole('dialog', { name: 'Report spam?' })
    await dialog.waitFor()
    expect(app.emulator!.world.account(me()).spamReports).toEqual([])
    await dialog.getByRole('button', { name: 'Report spam' }).click()
    await expect.poll(() => app.emulator!.world.account(me()).spamReports.length).toBe(1)
  })

  it('dismisses locally', async () => {
    const name = await nameOf(2)
    app.emulator!.clearCalls()
    await rows().nth(2).getByRole('button', { name: 'Dismiss' }).click()
    await expect.poll(() => rows().filter({ hasText: name }).count()).toBe(0)
    expect(app.emulator!.callsOf('contacts.Block')).toEqual([])
    expect(app.coreErrors).toEqual([])
  })

  it('from the keyboard: the requests are one Tab stop, arrows move between them, a dismissed one hands focus on', async () => {
    const focused = () =>
      app.page.evaluate<string>("(() => { const el = document.activeElement; return `${el?.closest('li')?.querySelector('.request-name')?.textContent?.trim() ?? '-'}: ${el?.textContent?.trim()}` })()")
    const [first, second, third] = [await nameOf(0), await nameOf(1), await nameOf(2)]
    await app.page.getByRole('searchbox', { name: 'Search requests' }).focus()
    await app.page.keyboard.press('Tab')
    // Tab goes to the request used last (the tests before clicked some), Home to the first.
    expect(await focused()).toMatch(/^(.+): \1$/)
    await app.page.keyboard.press('Home')
    expect(await focused()).toBe(`${first}: ${first}`)
    const buttons = await rows().first().locator('button').count()
    for (let i = 1; i < buttons; i++) await app.page.keyboard.press('Tab')
    expect(await focused()).toBe(`${first}: Report spam`)
    await app.page.keyboard.press('Tab')
    expect(await app.page.evaluate<boolean>("document.activeElement?.closest('ul.requests') !== null")).toBe(false)
    await app.page.keyboard.press('Shift+Tab')
    await app.page.keyboard.press('ArrowDown')
    expect(await focused()).toBe(`${second}: Report spam`)
    await app.page.keyboard.press('Shift+Tab')
    await app.page.keyboard.press('Shift+Tab')
    expect(await focused()).toBe(`${second}: Dismiss`)
    await app.page.keyboard.press('Enter')
    await expect.poll(() => rows().filter({ hasText: second }).count()).toBe(0)
    await expect.poll(focused).toBe(`${third}: Dismiss`)
    await app.screenshot(`requests-keyboard-${colorScheme}`)
  })
})
