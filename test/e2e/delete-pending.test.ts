import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'

/**
 * Issue 11.2: a delete the user was told about is not lost when the page reloads or closes inside the 5 s undo
 * window, because the wait lives in the core; only Undo (or Ctrl/Cmd+Z while its toast shows) cancels it. What
 * Telegram received is read from the emulator's state and call log.
 */
describe('a delete waiting for Undo, in Chromium', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 43, users: 300, contacts: 80 }, signedIn: true })
  })
  afterAll(async () => app?.close())

  const list = () => app.page.getByRole('listbox', { name: 'Contacts' })
  const search = () => app.page.getByRole('searchbox', { name: 'Search contacts' })
  const me = () => app.emulator!.world.accountId
  const rowsWith = (text: string) => list().getByRole('option').filter({ hasText: text })
  const toastWith = (text: string) => app.page.getByRole('region', { name: 'Notifications' }).locator('.toast').filter({ hasText: text })
  const deletedIds = () => app.emulator!.callsOf('contacts.DeleteContacts').flatMap((call) => (call.params.id as Array<{ userId: string }>).map((u) => Number(u.userId)))

  /** Contacts with a plain full name no other contact shares: searching it finds one row. */
  function uniqueContact(skip: number): { id: number; name: string } {
    const entries = [...app.emulator!.world.contactsOf(me())].map(([id, entry]) => ({ id, name: `${entry.firstName} ${entry.lastName}`.trim() }))
    const counts = new Map<string, number>()
    for (const entry of entries) counts.set(entry.name.toLowerCase(), (counts.get(entry.name.toLowerCase()) ?? 0) + 1)
    const found = entries.filter((entry) => counts.get(entry.name.toLowerCase()) === 1 && /^[A-Za-z]+ [A-Za-z]+$/.test(entry.name))[skip]
    if (!found) throw new Error('no uniquely named contact in the seeded world')
    return found
  }

  async function deleteByKeyboard(name: string): Promise<void> {
    await search().fill(name)
    await rowsWith(name).first().click()
    await app.page.keyboard.press('Delete')
    await app.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click()
    await expect.poll(() => rowsWith(name).count()).toBe(0)
  }

  it('is sent after a reload inside the undo window: gone on Telegram and in the list, the toast shown again', async () => {
    const target = uniqueContact(0)
    await list().getByRole('option').first().waitFor()
    app.emulator!.clearCalls()
    await deleteByKeyboard(target.name)
    expect(deletedIds()).toEqual([])

    // A new page on the same core, about a second into the window (the bridge URL differs only in its #token: leave first).
    await app.page.goto('about:blank')
    await app.open()
    await list().getByRole('option').first().waitFor()
    const toast = toastWith(`Deleted ${target.name}`)
    await toast.waitFor()
    await toast.getByRole('button', { name: 'Undo' }).waitFor()
    await search().fill(target.name)
    expect(await rowsWith(target.name).count()).toBe(0)
    await app.screenshot('delete-pending-after-reload')

    await expect.poll(() => deletedIds(), { timeout: 10_000 }).toEqual([target.id])
    expect(app.emulator!.world.isContact(me(), target.id)).toBe(false)
    await toast.waitFor({ state: 'detached' })
    expect(await rowsWith(target.name).count()).toBe(0)
    await search().fill('')
  })

  it('Ctrl+Z while the toast shows undoes it: nothing is sent, the contact stays', async () => {
    const target = uniqueContact(1)
    app.emulator!.clearCalls()
    await deleteByKeyboard(target.name)
    await toastWith(`Deleted ${target.name}`).waitFor()
    // Focus is on the list (not a text field): Ctrl+Z is the app's undo.
    await list().focus()
    await app.page.keyboard.press('Control+z')
    await rowsWith(target.name).first().waitFor()
    // Past the undo window: still no deleteContacts, still a contact.
    await new Promise((resolve) => setTimeout(resolve, 6000))
    expect(deletedIds()).toEqual([])
    expect(app.emulator!.world.isContact(me(), target.id)).toBe(true)
    await search().fill('')
  })

  it('is sent when the page closes inside the undo window', async () => {
    const target = uniqueContact(2)
    app.emulator!.clearCalls()
    await deleteByKeyboard(target.name)
    await app.page.close()
    await expect.poll(() => deletedIds(), { timeout: 10_000 }).toEqual([target.id])
    expect(app.emulator!.world.isContact(me(), target.id)).toBe(false)
    expect(app.coreErrors).toEqual([])
  })
})
