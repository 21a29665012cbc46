import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'

/** The page's highlight registry (CSS Custom Highlight API): the search marks its matches there (a range's start is a DOM node; the node tsconfig has no DOM types). */
declare const CSS: { highlights: Map<string, Set<{ startContainer: never }>> }

/** The list, search, delete with undo and for real, global search + add, and sharing our number, in Chromium. */
describe('the contact list in Chromium', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 41, users: 400, contacts: 150 }, signedIn: true })
  })
  afterAll(async () => app?.close())

  const list = () => app.page.getByRole('listbox', { name: 'Contacts' })
  const search = () => app.page.getByRole('searchbox', { name: 'Search contacts' })
  const me = () => app.emulator!.world.accountId
  /** A contact whose full name (plain letters) no other contact shares, so searching it finds one row. */
  function uniqueContact(skip = 0) {
    const entries = [...app.emulator!.world.contactsOf(me())].map(([id, entry]) => ({ id, name: `${entry.firstName} ${entry.lastName}`.trim() }))
    const counts = new Map<string, number>()
    for (const entry of entries) counts.set(entry.name.toLowerCase(), (counts.get(entry.name.toLowerCase()) ?? 0) + 1)
    const unique = entries.filter((entry) => counts.get(entry.name.toLowerCase()) === 1 && /^[A-Za-z]+ [A-Za-z]+$/.test(entry.name))
    const found = unique[skip]
    if (!found) throw new Error('no uniquely named contact in the seeded world')
    return found
  }
  const rowsWith = (text: string) => list().getByRole('option').filter({ hasText: text })

  it('shows the list with counts', async () => {
    await list().getByRole('option').first().waitFor()
    await app.page.getByTestId('counts').getByText('150 contacts').waitFor()
    expect(await list().getByRole('option').count()).toBeGreaterThan(5)
  })

  it('narrows the list as one types', async () => {
    const target = uniqueContact()
    const before = await list().getByRole('option').count()
    await search().fill(target.name)
    await rowsWith(target.name).first().waitFor()
    await expect.poll(() => list().getByRole('option').count()).toBeLessThan(before)
    // Each row shows what matched (the name as typed, or another spelling of it: Olga, Ольга).
    const rows = await list().getByRole('option').all()
    for (const row of rows) {
      const marked = await row.evaluate((el) => [...(CSS.highlights.get('search-match') ?? [])].filter((r) => el.contains(r.startContainer)).length)
      expect(marked).toBeGreaterThan(0)
    }
    await search().fill('')
  })

  async function deleteViaDetails(name: string): Promise<void> {
    await search().fill(name)
    await rowsWith(name).first().click()
    await app.page.getByRole('button', { name: 'Delete contact' }).click()
    await app.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click()
  }

  it('deletes one with undo: it vanishes, Undo brings it back, nothing is sent', async () => {
    const target = uniqueContact(1)
    app.emulator!.clearCalls()
    await deleteViaDetails(target.name)
    await expect.poll(() => rowsWith(target.name).count()).toBe(0)
    await app.page.getByRole('button', { name: 'Undo' }).click()
    await rowsWith(target.name).first().waitFor()
    // Past the 5 s undo window: still no deleteContacts, still a contact.
    await new Promise((resolve) => setTimeout(resolve, 5500))
    expect(app.emulator!.callsOf('contacts.DeleteContacts')).toHaveLength(0)
    expect(app.emulator!.world.isContact(me(), target.id)).toBe(true)
    await search().fill('')
  })

  it('deletes one for real after the undo window', async () => {
    const target = uniqueContact(2)
    app.emulator!.clearCalls()
    await deleteViaDetails(target.name)
    await expect.poll(() => app.emulator!.callsOf('contacts.DeleteContacts').length, { timeout: 10_000 }).toBe(1)
    await expect.poll(() => app.emulator!.world.isContact(me(), target.id)).toBe(false)
    await search().fill(target.name)
    await expect.poll(() => rowsWith(target.name).count()).toBe(0)
    await search().fill('')
  })

  it('finds a stranger in global search and adds them with "Share my phone number"', async () => {
    const world = app.emulator!.world
    const stranger = world
      .strangers(400)
      .find((entry) => entry.needContactsException && !entry.addedUs && entry.user.username !== undefined && entry.user.username.length >= 6)!.user
    app.emulator!.clearCalls()
    await search().fill(stranger.username!)
    const global = app.page.getByRole('region', { name: 'Global search' })
    await global.getByRole('button', { name: new RegExp(`@${stranger.username}`) }).click()
    const dialog = app.page.getByRole('dialog', { name: 'New contact' })
    const share = dialog.getByRole('checkbox', { name: 'Share my phone number' })
    await share.waitFor()
    await expect(share.isChecked()).resolves.toBe(true)
    await dialog.getByRole('button', { name: 'Add to contacts' }).click()
    await expect.poll(() => app.emulator!.callsOf('contacts.AddContact').length).toBe(1)
    expect(app.emulator!.callsOf('contacts.AddContact')[0]!.params).toMatchObject({ addPhonePrivacyException: true })
    expect(world.isContact(me(), stranger.id)).toBe(true)
    await search().fill(stranger.username!)
    await list().getByRole('option').first().waitFor()
    await search().fill('')
    await app.screenshot('contacts-added')
  })

  it('shares our number with someone who added us', async () => {
    const world = app.emulator!.world
    const { page } = app
    // People who added us without our number; each has a recent chat with us (messages.getDialogs).
    const requesters = world.strangers(400).filter((entry) => world.peerSettings(me(), entry.user.id).shareContact).length
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /Requests/ }).click()
    await page.getByRole('heading', { name: 'Requests' }).waitFor()
    const shareButtons = page.getByRole('button', { name: 'Share my phone number' })
    await shareButtons.first().waitFor()
    expect(await shareButtons.count()).toBe(requesters)
    app.emulator!.clearCalls()
    await shareButtons.first().click()
    const confirm = page.getByRole('dialog', { name: 'Share your phone number?' })
    await expect(confirm.textContent()).resolves.toMatch(/Share your phone number \+/)
    await confirm.getByRole('button', { name: 'Share' }).click()
    await expect.poll(() => app.emulator!.callsOf('contacts.AcceptContact').length).toBe(1)
    await expect.poll(() => page.getByRole('button', { name: 'Share my phone number' }).count()).toBe(requesters - 1)
    const accepted = app.emulator!.callsOf('contacts.AcceptContact')[0]!.params as { id: { userId: string } }
    expect(world.account(me()).phoneExceptions.has(Number(accepted.id.userId))).toBe(true)
    expect(app.coreErrors).toEqual([])
  })
})
