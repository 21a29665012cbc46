import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { startApp, type AppHarness } from './harness'

/**
 * The page's highlight registry (CSS Custom Highlight API): the search marks its matches there, as static ranges inside
 * one text node each (a range's start is a DOM node; the node tsconfig has no DOM types). A static range has no
 * toString: its text is its node's, from start to end.
 */
declare const CSS: { highlights: Map<string, Set<{ startContainer: never; startOffset: number; endOffset: number }>> }
/** What markedIn uses of a row element. */
interface RowElement {
  querySelector(selector: string): { textContent: string | null; contains(node: never): boolean } | null
}

/**
 * Runs in the page: for each row, the text of its `part` (a selector inside the row) and what the search highlight
 * paints inside that part. Playwright sends the function's source, so it uses nothing from this module.
 */
function markedIn(rows: RowElement[], part: string): Array<{ text: string; marked: string[] }> {
  const marks = [...(CSS.highlights.get('search-match') ?? [])]
  return rows.map((row) => {
    const el = row.querySelector(part)
    return {
      text: el?.textContent ?? '',
      marked: marks.filter((r) => el?.contains(r.startContainer)).map((r) => (r.startContainer as { data: string }).data.slice(r.startOffset, r.endOffset)),
    }
  })
}

/**
 * Typing into the search box in Chromium, key by key: transliterated and wrong-layout names, national
 * numbers, highlights, and Backspace back to the whole list. Asserts what the rows show.
 */
describe('search as one types, in Chromium', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 7, users: 900, contacts: 600 }, signedIn: true })
  })
  afterAll(async () => app?.close())

  const box = () => app.page.getByRole('searchbox', { name: 'Search contacts' })
  const list = () => app.page.getByRole('listbox', { name: 'Contacts' })
  const rows = () => list().getByRole('option')
  const contacts = () => [...app.emulator!.world.contactsOf(app.emulator!.world.accountId).values()]

  async function typeKeys(text: string): Promise<void> {
    await box().click()
    await box().fill('')
    await app.page.keyboard.type(text, { delay: 30 })
  }

  async function shown(): Promise<Array<{ name: string; marked: string[] }>> {
    return (await rows().evaluateAll(markedIn, '.contact-name')).map(({ text, marked }) => ({ name: text, marked }))
  }

  it('finds "Ольга" by olga and by jkmuf (the wrong layout), marking the matched letters', async () => {
    await rows().first().waitFor()
    const olgas = contacts().filter((c) => c.firstName === 'Ольга')
    expect(olgas.length).toBeGreaterThan(0)
    await typeKeys('olga')
    await expect.poll(async () => (await shown()).filter((r) => r.name.startsWith('Ольга')).length).toBeGreaterThan(0)
    for (const row of await shown()) {
      // Olga, Ольга, or a last name starting with the same sounds, and always something marked.
      expect(row.marked.length, row.name).toBeGreaterThan(0)
    }
    const cyrillic = (await shown()).find((r) => r.name.startsWith('Ольга'))!
    expect(cyrillic.marked).toContain('Ольга')
    // Assistive technology reads the whole name, not pieces of it around the mark.
    const snapshot = await rows().filter({ hasText: cyrillic.name }).first().ariaSnapshot()
    expect(snapshot).toContain(cyrillic.name)
    await app.screenshot('search-olga')

    await typeKeys('jkmu')
    await expect.poll(async () => (await shown()).every((r) => r.name.startsWith('Ольга') || /Ольг/.test(r.name))).toBe(true)
    expect((await shown())[0]!.marked).toEqual(['Ольг'])
  })

  it('finds Müller by mueller, and Иванова by ivanova', async () => {
    await typeKeys('mueller')
    await expect.poll(async () => (await shown()).length).toBeGreaterThan(0)
    expect((await shown()).every((r) => r.name.includes('Müller'))).toBe(true)
    await typeKeys('ivanova')
    await expect.poll(async () => (await shown()).length).toBeGreaterThan(0)
    expect((await shown()).every((r) => r.name.includes('Иванова'))).toBe(true)
  })

  it("finds a number typed the national way of the account's country", async () => {
    const world = app.emulator!.world
    const country = parsePhoneNumberFromString(`+${world.requireUser(world.accountId).phone}`)!.country!
    const target = contacts().find((c) => c.phone !== undefined && parsePhoneNumberFromString(`+${c.phone}`)?.country === country)
    expect(target, `a contact with a number from ${country}`).toBeDefined()
    const national = parsePhoneNumberFromString(`+${target!.phone}`)!.formatNational()
    await typeKeys(national)
    const name = `${target!.firstName} ${target!.lastName}`.trim()
    await expect.poll(async () => (await shown()).map((r) => r.name)).toEqual([name])
    const [side] = await rows().first().evaluateAll(markedIn, '.contact-side')
    expect(side!.marked.join('').replace(/\D/g, '')).toBe(target!.phone!.replace(/\D/g, ''))
    // Telegram's name search is not asked about a number.
    const region = app.page.getByRole('region', { name: 'Global search' })
    await expect.poll(() => region.textContent()).toContain('use Add by phone')
  })

  it('shows every contact again after Backspace to an empty box', async () => {
    await typeKeys('ma')
    await expect.poll(async () => (await shown()).length).toBeGreaterThan(0)
    await app.page.keyboard.press('Backspace')
    await app.page.keyboard.press('Backspace')
    await app.page.getByTestId('counts').getByText('600 contacts').waitFor()
    await expect.poll(() => app.page.getByTestId('counts').textContent()).not.toContain('shown')
    expect(await app.page.evaluate(() => CSS.highlights.get('search-match')?.size ?? 0)).toBe(0)
  })
})
