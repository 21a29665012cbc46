import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { focused, named, startApp, tabCycle, tabTo, type AppHarness, type TabStop } from './harness'

/** The stops that are wrong: off screen, covered (WCAG 2.4.11) or without a focus indicator (2.4.7). */
const problems = (stops: TabStop[]) => stops.filter((s) => s.problems.length > 0).map((s) => `${s.name}: ${s.problems.join(', ')}`)

/** Where each name first stands among the stops (-1: never reached). */
const positions = (stops: TabStop[], names: string[]) => names.map((name) => stops.findIndex((s) => s.name === name))

/**
 * Issue 13, keyboard only: Tab walks every view in reading order and comes back (no trap), each stop on screen,
 * uncovered and with a visible focus ring, at 1280×800 and at 400×300 (an 800×600 window at 200% zoom); the
 * drawer of a narrow window closes when focus leaves it; every dialog keeps Tab inside and gives focus back
 * to the control that opened it.
 */
describe('focus order, focus return, no traps', () => {
  let app: AppHarness
  let page: Page

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 83, users: 160, contacts: 30, savedUnregistered: 4 }, signedIn: true, viewport: { width: 1280, height: 800 } })
    page = app.page
    await page.getByRole('listbox', { name: 'Contacts' }).getByRole('option').first().waitFor()
  })
  afterAll(async () => app?.close())

  const nav = (name: RegExp) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name })
  const listbox = () => page.getByRole('listbox', { name: 'Contacts' })

  it('contacts, 1280×800: Tab goes search → toolbar → sort → list → details → title bar → sections and comes back', async () => {
    await listbox().getByRole('option').nth(2).click()
    await page.getByRole('button', { name: 'Edit name' }).waitFor()
    await page.keyboard.press('Control+f')
    const stops = await tabCycle(page)
    expect(problems(stops)).toEqual([])
    const order = positions(stops, ['Add contact', 'Add by phone', 'Last seen', 'Name', 'Birthday', 'Contacts', 'Edit name', 'Delete contact', 'Sign out', 'About'])
    expect(order.every((at) => at >= 0), `every control reached: ${stops.map((s) => s.name).join(' → ')}`).toBe(true)
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(stops.find((s) => s.role === 'listbox')?.activeRow).toBeTruthy()
    expect(stops.filter((s) => s.region === 'Contact details').length).toBeGreaterThanOrEqual(2)
  })

  it('contacts, 800×600: the drawer takes focus on Enter, and focus leaving it closes it instead of landing under it', async () => {
    await page.setViewportSize({ width: 800, height: 600 })
    const drawer = page.getByRole('complementary', { name: 'Contact details' })
    await listbox().focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h2', region: 'Contact details' })
    // A whole round from the drawer: nothing it covers is ever focused while it is open.
    expect(problems(await tabCycle(page))).toEqual([])

    await listbox().focus()
    await page.keyboard.press('Enter')
    await tabTo(page, named('Delete contact'))
    // Past the drawer's last action (focus may leave the page for the browser's own UI on the way).
    expect(await tabTo(page, (f) => f.tag !== 'body', { max: 2 })).toMatchObject({ name: 'Sign out' })
    await drawer.waitFor({ state: 'detached' })

    await listbox().focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'h2', region: 'Contact details' })
    await page.keyboard.press('Shift+Tab')
    expect(await focused(page)).toMatchObject({ name: 'Close details', region: 'Contact details' })
    await page.keyboard.press('Shift+Tab')
    await drawer.waitFor({ state: 'detached' })
    expect(await focused(page)).toMatchObject({ role: 'listbox', name: 'Contacts' })
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  /** Opens a dialog from `opener` with the keyboard, walks it, closes it with `close` and checks where focus went. */
  async function dialogRound(opener: string, title: string | RegExp, close: 'Escape' | 'Cancel' = 'Escape'): Promise<void> {
    const button = page.getByRole('button', { name: opener, exact: true }).first()
    await button.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: title })
    await dialog.waitFor()
    await expect.poll(async () => (await focused(page)).inDialog, { message: `${opener}: focus starts in the dialog` }).toMatch(title)
    const stops = await tabCycle(page, { max: 30 })
    expect(stops.filter((s) => !s.inDialog), `${opener}: Tab stays in the dialog`).toEqual([])
    expect(problems(stops), `${opener}: every stop in the dialog shows`).toEqual([])
    if (close === 'Escape') await page.keyboard.press('Escape')
    else {
      await tabTo(page, named('Cancel'), { max: 30 })
      await page.keyboard.press('Enter')
    }
    await dialog.waitFor({ state: 'detached' })
    expect(await focused(page), `${opener}: focus comes back after ${close}`).toMatchObject({ name: opener })
  }

  it('every dialog of Contacts and the title bar: focus inside, Tab kept inside, focus back to the opener', async () => {
    await listbox().getByRole('option').nth(2).click()
    await dialogRound('Add contact', 'Add contact')
    await dialogRound('Add by phone', 'Add by phone number')
    await dialogRound('Edit name', 'Edit contact')
    await dialogRound('Delete contact', /^Delete/)
    await dialogRound('Delete contact', /^Delete/, 'Cancel')
    await dialogRound('Sign out', 'Sign out?')
    await dialogRound('Sign out', 'Sign out?', 'Cancel')
    await dialogRound('About', /^About/)
  })

  it('the dialogs of Clean up and Requests: focus back to the opener', async () => {
    await nav(/Clean up/).click()
    await page.getByRole('heading', { name: 'Clean up' }).waitFor()
    await page.getByTestId('saved-count').locator('b').waitFor()
    await dialogRound('Reset saved contacts', 'Reset saved contacts?')
    await nav(/Requests/).click()
    await page.getByRole('button', { name: 'Share my phone number' }).first().waitFor()
    await dialogRound('Share my phone number', 'Share your phone number?')
    await dialogRound('Report spam', 'Report spam?', 'Cancel')
  })

  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 400, height: 300 },
  ]) {
    it(`every view at ${viewport.width}×${viewport.height}: Tab reaches each control on screen and comes back, nothing scrolls sideways`, async () => {
      await page.setViewportSize(viewport)
      for (const [view, heading] of [
        [/Contacts/, null],
        [/Not on Telegram/, 'Not on Telegram'],
        [/Import/, 'Import contacts'],
        [/Export/, 'Export contacts'],
        [/Clean up/, 'Clean up'],
        [/Requests/, 'Requests'],
      ] as const) {
        await nav(view).click()
        if (heading) await page.getByRole('heading', { name: heading, level: 1 }).waitFor()
        else await listbox().getByRole('option').first().waitFor()
        // Requests lists six actions per request: a long round, but one that ends.
        const stops = await tabCycle(page, { max: 200 })
        expect(problems(stops), `${view}`).toEqual([])
        expect(stops.some((s) => s.region === 'Sections') && stops.some((s) => s.region !== 'Sections' && s.region !== 'header'), `${view}: the view's own controls`).toBe(true)
        if (!heading) expect(stops.some((s) => s.role === 'listbox'), 'the contact list is reached').toBe(true)
        const wide = await page.evaluate('document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth + 1')
        expect(wide, `${view}: the page scrolls sideways`).toBe(false)
      }
      if (viewport.width === 400) {
        await nav(/Contacts/).click()
        await listbox().focus()
        await page.keyboard.press('ArrowDown')
        await app.screenshot('focus-contacts-list-400x300')
      }
      await page.setViewportSize({ width: 1280, height: 800 })
    })
  }

  it('a search that matches no contact, only people on Telegram: Tab never stops on the empty list, where no focus can be seen', async () => {
    await nav(/Contacts/).click()
    const world = app.emulator!.world
    const stranger = world.strangers(160).find((s) => s.user.username !== undefined && s.user.username.length >= 6)!.user
    const search = page.getByRole('searchbox', { name: 'Search contacts' })
    await search.fill(stranger.username!)
    await page.getByTestId('counts').getByText('0 shown').waitFor()
    const found = page.getByRole('region', { name: 'Global search' }).getByRole('button').first()
    await found.waitFor()
    await search.focus()
    const stops = await tabCycle(page)
    expect(problems(stops)).toEqual([])
    expect(stops.map((s) => s.name)).toContain((await found.textContent())!.replace(/\s+/g, ' ').trim())
    // Its ring is drawn whole: a person found spans the main area, so a ring outside its box loses both sides.
    await tabTo(page, (f) => f.name === stops.find((s) => s.region === 'Global search')!.name)
    const ring = await page.evaluate(`(() => {
      const el = document.activeElement, s = getComputedStyle(el), box = el.getBoundingClientRect(), main = document.querySelector('main').getBoundingClientRect();
      const out = parseFloat(s.outlineOffset) + parseFloat(s.outlineWidth);
      return { left: box.left - out >= main.left, right: box.right + out <= main.right };
    })()`)
    expect(ring).toEqual({ left: true, right: true })
    await search.fill('')
  })

  it('a control that opens another view (the saved numbers count, Export first) leaves focus in that view, not on the page', async () => {
    const inMain = () => page.evaluate("document.activeElement !== null && document.activeElement.tagName !== 'MAIN' && document.activeElement.closest('main') !== null")
    await nav(/Contacts/).click()
    await listbox().getByRole('option').first().waitFor()
    await page.getByRole('button', { name: /saved phone numbers?$/ }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Not on Telegram', level: 1 }).waitFor()
    expect(await focused(page)).toMatchObject({ tag: 'main' })
    // The next Tab goes on in the view that opened, not from the top of the page.
    await page.keyboard.press('Tab')
    expect(await inMain()).toBe(true)

    await nav(/Clean up/).click()
    await page.getByRole('button', { name: 'Export first' }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Export contacts', level: 1 }).waitFor()
    expect(await focused(page)).toMatchObject({ tag: 'main' })
    await page.keyboard.press('Tab')
    expect(await inMain()).toBe(true)
  })

  it('saw no page or core error', () => {
    expect(app.pageErrors).toEqual([])
    expect(app.coreErrors).toEqual([])
  })
})
