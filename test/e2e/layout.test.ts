import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { foldForSearch } from '../../electron/emulator/world'
import { startApp, type AppHarness } from './harness'

/** Issue 11.18–11.19: the contact list at 800×600 and at 1920×1080, as a person sees it. */
describe('the contact list in small and large windows', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 91, users: 200, contacts: 40 }, signedIn: true, viewport: { width: 800, height: 600 } })
  })
  afterAll(async () => app?.close())

  const rows = () => app.page.getByRole('listbox', { name: 'Contacts' }).getByRole('option')

  /** Texts of `selector` that do not fit their box (cut with an ellipsis or pushed out of the window). */
  function cut(selector: string): Promise<string[]> {
    return app.page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})]
      .filter((el) => el.getBoundingClientRect().height > 0)
      .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > window.innerWidth)
      .map((el) => el.textContent.trim())`) as Promise<string[]>
  }

  it('800×600: every row shows its whole number, the sort buttons fit, and the details open over the list', async () => {
    const { page } = app
    await rows().first().waitFor()
    expect(await cut('.contact-side')).toEqual([])
    expect(await cut('.segmented button')).toEqual([])

    await rows().nth(2).click()
    const details = page.getByRole('complementary', { name: 'Contact details' })
    await details.getByRole('button', { name: 'Close details' }).waitFor()
    // A drawer over the list, wide enough for the number and the actions.
    expect(await cut('.details dd span')).toEqual([])
    const box = (await details.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(800)
    expect(box.width).toBeGreaterThanOrEqual(300)
    await page.keyboard.press('Escape')
    await details.waitFor({ state: 'detached' })
  })

  it("800×600: the Requests count sits on its icon's corner (as Telegram's unread badges), count and icon both readable", async () => {
    const { page } = app
    const requests = page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Requests/ })
    const badge = requests.locator('.badge')
    await badge.waitFor()
    expect(Number((await badge.textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0)
    const b = (await badge.boundingBox())!
    const icon = (await requests.locator('svg').boundingBox())!
    const side = (await page.locator('.sidenav').boundingBox())!
    const overlapX = Math.max(0, Math.min(b.x + b.width, icon.x + icon.width) - Math.max(b.x, icon.x))
    const overlapY = Math.max(0, Math.min(b.y + b.height, icon.y + icon.height) - Math.max(b.y, icon.y))
    // At most the icon's top-right quarter is under the count.
    expect(overlapX).toBeLessThanOrEqual(icon.width / 2)
    expect(overlapY).toBeLessThanOrEqual(icon.height / 2)
    expect(b.x + b.width / 2).toBeGreaterThan(icon.x + icon.width / 2)
    expect(b.y + b.height / 2).toBeLessThan(icon.y + icon.height / 2)
    // The whole count is drawn, inside the sidebar.
    expect(await cut('.sidenav .badge')).toEqual([])
    expect(b.x).toBeGreaterThanOrEqual(side.x)
    expect(b.x + b.width).toBeLessThanOrEqual(side.x + side.width)
    expect(b.y).toBeGreaterThanOrEqual(side.y)
    await app.screenshot('sidenav-badge-800x600')
  })

  it("the mutual-contact mark is not a blue check: Telegram users read that as 'verified'", async () => {
    const { page } = app
    await rows().first().waitFor()
    const mark = page.locator('.contact-row .mutual').first()
    await mark.waitFor()
    expect(await mark.getAttribute('title')).toMatch(/^Mutual contact/)
    // Drawn in the colour of the row's secondary text (a status that is not "online"), not the accent of Telegram's badges.
    const colours = (await page.evaluate(`({
      mark: getComputedStyle(document.querySelector('.contact-row:not(.selected):not(.active) .mutual')).color,
      status: getComputedStyle(document.querySelector('.contact-row:not(.selected):not(.active) .contact-status:not(.online)')).color,
    })`)) as { mark: string; status: string }
    expect(colours.mark).toBe(colours.status)
    await app.screenshot('mutual-mark-800x600')
  })

  it('800×600: a short search and the people found on Telegram scroll as one', async () => {
    const { page, emulator } = app
    const world = emulator!.world
    // A query with a few local matches and global ones: the first letters of a first name contacts and strangers share.
    const contactNames = [...world.contactsOf(world.accountId).values()].map((c) => foldForSearch(c.firstName))
    const query = world
      .strangers(200)
      .filter((s) => s.user.username !== undefined && /^[a-z]{3}/.test(foldForSearch(s.user.firstName)))
      .map((s) => foldForSearch(s.user.firstName).slice(0, 3))
      .find((prefix) => {
        const local = contactNames.filter((name) => name.startsWith(prefix)).length
        return local >= 2 && local <= 10
      })!
    expect(query).toBeTruthy()
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill(query)
    const global = page.getByRole('region', { name: 'Global search' })
    await global.getByRole('button').first().waitFor()
    expect(await rows().count()).toBeGreaterThanOrEqual(2)
    const last = global.getByRole('button').last()
    // Scrolling the one area brings the last global result into view; the list is as tall as its rows and the
    // global box cannot scroll by itself.
    const scrolls = await page.evaluate(`(() => {
      const area = document.querySelector('.list-area');
      const list = document.querySelector('.contact-list');
      area.scrollTop = area.scrollHeight;
      return {
        area: getComputedStyle(area).overflowY,
        listScrolls: list.scrollHeight > list.clientHeight + 1,
        global: getComputedStyle(document.querySelector('.global')).overflowY,
      };
    })()`)
    expect(scrolls).toEqual({ area: 'auto', listScrolls: false, global: 'visible' })
    await expect.poll(() => last.isVisible()).toBe(true)
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('')
  })

  it('1920×1080: the username and number sit in columns next to the name, not across the window', async () => {
    const { page } = app
    await page.setViewportSize({ width: 1920, height: 1080 })
    await rows().first().waitFor()
    const gaps = (await page.evaluate(`[...document.querySelectorAll('.contact-row')].slice(0, 10).map((row) => {
      const name = row.querySelector('.contact-name').getBoundingClientRect();
      const phone = row.querySelector('.side-phone');
      return phone ? phone.getBoundingClientRect().left - name.left : null;
    }).filter((gap) => gap !== null)`)) as number[]
    expect(gaps.length).toBeGreaterThan(3)
    for (const gap of gaps) expect(gap).toBeLessThan(700)
    // Columns: every number starts at the same x.
    expect(new Set(gaps.map(Math.round)).size).toBe(1)
    await app.screenshot('contacts-1920x1080')
    expect(app.pageErrors).toEqual([])
    expect(app.coreErrors).toEqual([])
  })
})
