import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'

/** "Message" opens the chat in Telegram through the allow-list; Copy puts the text on the real clipboard. */
describe('Message and Copy in Chromium', () => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 43, users: 120, contacts: 40 }, signedIn: true })
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.bridge.url).origin })
  })
  afterAll(async () => app?.close())

  const list = () => app.page.getByRole('listbox', { name: 'Contacts' })
  const details = () => app.page.getByRole('complementary', { name: 'Contact details' })

  /** A contact the account sees with a username, and one it sees only by phone. */
  function people() {
    const world = app.emulator!.world
    const me = world.accountId
    const seen = [...world.contactsOf(me)].map(([id, entry]) => ({ id, entry, user: world.requireUser(id) }))
    const named = seen.find(({ user }) => user.username !== undefined)!
    const byPhone = seen.find(({ user }) => user.username === undefined && world.phoneSeenBy(user, me) !== undefined)!
    return { named, byPhone }
  }

  async function openRow(firstName: string, lastName: string) {
    await app.page.getByRole('searchbox', { name: 'Search contacts' }).fill(`${firstName} ${lastName}`.trim())
    return list().getByRole('option').filter({ hasText: firstName }).first()
  }

  it('double-click opens the chat by username; Message in the details by phone', async () => {
    const { named, byPhone } = people()
    await (await openRow(named.entry.firstName, named.entry.lastName)).dblclick()
    await expect.poll(() => app.platform.log.openedExternal).toContain(`tg://resolve?domain=${named.user.username}`)

    await (await openRow(byPhone.entry.firstName, byPhone.entry.lastName)).click()
    await details().getByRole('button', { name: 'Message' }).click()
    await expect.poll(() => app.platform.log.openedExternal).toContain(`tg://resolve?phone=${byPhone.user.phone}`)
    expect(app.coreErrors).toEqual([])
  })

  it('copies the phone number, the username and the t.me link to the clipboard', async () => {
    const { named } = people()
    await (await openRow(named.entry.firstName, named.entry.lastName)).click()
    const clipboard = () => app.page.evaluate('navigator.clipboard.readText()')
    await details().getByRole('button', { name: 'Copy username' }).click()
    await expect.poll(clipboard).toBe(`@${named.user.username}`)
    await app.page.getByText('Username copied').waitFor()
    await details().getByRole('button', { name: 'Copy t.me link' }).click()
    await expect.poll(clipboard).toBe(`https://t.me/${named.user.username}`)
    if (app.emulator!.world.phoneSeenBy(named.user, app.emulator!.world.accountId) !== undefined) {
      await details().getByRole('button', { name: 'Copy phone number' }).click()
      await expect.poll(clipboard).toBe(`+${named.user.phone}`)
    }
    await app.screenshot('details-message-copy')
  })
})
