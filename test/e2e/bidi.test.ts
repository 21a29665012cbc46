import type { Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'
import { settle } from './harness/settle'

/** Contacts' names, given before the app reads the list: each ends or starts in a right-to-left script. */
const ENDS_RTL = 'Aabidi حسن'
const STARTS_RTL = 'فاطمة Aabidi'
const LATIN = 'Aabidi Zed'
/** Too long for a row at 200% zoom (640×400): what the row cuts off must be the end of the name, not its beginning. */
const LONG_HEBREW = 'שרה אליזבת בת אברהם יצחק ויעקב מבית הלוי שבירושלים העתיקה שליד שער יפו'

/**
 * Names in scripts written right to left, as a person sees them in a left-to-right window: a name reads in its own
 * direction and never pulls the words around it into its own (Unicode bidi isolation), in the rows, the details and
 * the sentences that name people.
 */
describe('right-to-left names', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 97, users: 120, contacts: 30 }, signedIn: true, open: false, viewport: { width: 800, height: 600 } })
    const world = app.emulator!.world
    const entries = [...world.contactsOf(world.accountId).values()]
    for (const [i, name] of [ENDS_RTL, STARTS_RTL, LATIN, LONG_HEBREW].entries()) {
      const [first, ...rest] = name.split(' ')
      Object.assign(entries[i]!, { firstName: first, lastName: rest.join(' ') })
    }
    await app.open()
  })
  afterAll(async () => app?.close())

  const rows = () => app.page.getByRole('listbox', { name: 'Contacts' }).getByRole('option')
  const row = (name: string) => rows().filter({ has: app.page.locator('.contact-name', { hasText: name }) })

  /** x of the left edge of `part` where it is drawn inside the element `selector` (its first text occurrence). */
  function leftOf(selector: string, part: string): Promise<number> {
    return app.page.evaluate(`(() => {
      const el = document.querySelector(${JSON.stringify(selector)});
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(${JSON.stringify(part)});
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + ${part.length});
        return Math.min(...[...range.getClientRects()].map((r) => r.left));
      }
      throw new Error('not in ' + el.textContent);
    })()`) as Promise<number>
  }

  it('a name that starts right to left reads right to left in its row and in the details', async () => {
    const { page } = app
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('aabidi')
    await row(STARTS_RTL).waitFor()
    const direction = (name: Locator) => name.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).direction)
    expect(await direction(row(STARTS_RTL).locator('.contact-name'))).toBe('rtl')
    expect(await direction(row(LATIN).locator('.contact-name'))).toBe('ltr')
    await row(STARTS_RTL).click()
    await page.getByRole('heading', { name: STARTS_RTL }).waitFor()
    expect(await direction(page.locator('.details-name'))).toBe('rtl')
    await page.keyboard.press('Escape')
  })

  it('a long Hebrew name cut to fit its row keeps its beginning', async () => {
    await app.page.setViewportSize({ width: 640, height: 400 })
    await app.page.getByRole('searchbox', { name: 'Search contacts' }).fill('שבירושלים')
    const name = row(LONG_HEBREW).locator('.contact-name')
    await name.waitFor()
    // Where the name's first letter is drawn: inside the row's name box, not in the part cut off.
    const drawn = await name.evaluate((el) => {
      const range = el.ownerDocument.createRange()
      range.setStart(el.firstChild!, 0)
      range.setEnd(el.firstChild!, 1)
      const first = range.getBoundingClientRect()
      const box = el.getBoundingClientRect()
      return { overflows: el.scrollWidth > el.clientWidth, firstInside: first.left >= box.left - 1 && first.right <= box.right + 1 }
    })
    await app.page.setViewportSize({ width: 800, height: 600 })
    expect(drawn).toEqual({ overflows: true, firstInside: true })
  })

  it('the delete confirm lists names in order: "Aabidi حسن, فاطمة Aabidi and …" is not turned around at the comma', async () => {
    const { page } = app
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('aabidi')
    await row(ENDS_RTL).click()
    await row(STARTS_RTL).click({ modifiers: ['Control'] })
    await row(LATIN).click({ modifiers: ['Control'] })
    await page.keyboard.press('Delete')
    const dialog = page.getByRole('dialog', { name: /^Delete 3 contacts/ })
    await dialog.getByRole('button', { name: 'Cancel' }).waitFor()
    // The dialog's pop-in finished (a spinner's endless turn is left alone: finish() throws on it).
    await settle(page)
    await app.screenshot('bidi-delete-confirm')
    // The first name's last word comes before the second name's first word, left to right, as the sentence reads.
    expect(await leftOf('.modal h2', 'حسن')).toBeLessThan(await leftOf('.modal h2', 'فاطمة'))
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
  })
})
