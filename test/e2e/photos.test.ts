import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'

/** Profile photos in the list and the details pane, served from the core's cache on the page's own origin. */
describe.each(['light', 'dark'] as const)('profile photos in Chromium (%s)', (colorScheme) => {
  let app: AppHarness

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 47, users: 200, contacts: 60, secondDcId: 4 }, signedIn: true, colorScheme })
  })
  afterAll(async () => app?.close())

  const list = () => app.page.getByRole('listbox', { name: 'Contacts' })
  /** Loaded photo images in the list: [src, naturalWidth]. */
  const listPhotos = () =>
    app.page.evaluate(`[...document.querySelectorAll('[role="listbox"] img.avatar-photo')].filter((img) => img.complete && img.naturalWidth > 0 && !img.classList.contains('preview')).map((img) => [img.getAttribute('src'), img.naturalWidth])`) as Promise<Array<[string, number]>>

  it('shows the small photo of the people on screen, fetched from both DCs, from /photos on its own origin', async () => {
    await list().getByRole('option').first().waitFor()
    await expect.poll(async () => (await listPhotos()).length, { timeout: 15_000 }).toBeGreaterThan(5)
    const photos = await listPhotos()
    expect(photos.every(([src, width]) => src.startsWith(`/photos/${app.emulator!.account.id}/`) && src.includes('-s.jpg?token=') && width === 160)).toBe(true)
    const calls = app.emulator!.callsOf('upload.GetFile')
    // Only the rows on screen: not one request per contact.
    expect(new Set(calls.map((call) => (call.params.location as { photoId: string }).photoId)).size).toBeLessThan(30)
    expect(new Set(calls.map((call) => call.dcId))).toEqual(new Set([2, 4]))
    await app.screenshot(`photos-list-${colorScheme}`)
  })

  it('refuses a photo to a page without the bridge token', async () => {
    const [src] = (await listPhotos())[0]!
    const status = await app.page.evaluate(`fetch(${JSON.stringify(src.split('?')[0])}).then((r) => r.status)`)
    expect(status).toBe(401)
    // The harness records every HTTP error the page meets; this one was the point.
    expect(app.pageErrors.splice(0)).toEqual([expect.stringMatching(/^HTTP 401 for .*\/photos\//)])
  })

  it('shows the big photo in the details pane', async () => {
    const withPhoto = list().getByRole('option').filter({ has: app.page.locator('img.avatar-photo') }).first()
    await withPhoto.click()
    const details = app.page.getByRole('complementary', { name: 'Contact details' })
    await expect
      .poll(() => details.locator('img.avatar-photo').evaluate((img) => ((img as { complete: boolean }).complete ? (img as { naturalWidth: number }).naturalWidth : 0)), { timeout: 15_000 })
      .toBe(640)
    expect(await details.locator('img.avatar-photo').getAttribute('src')).toContain('-b.jpg?token=')
    expect(app.pageErrors).toEqual([])
    await app.screenshot(`photos-details-${colorScheme}`)
  })
})
