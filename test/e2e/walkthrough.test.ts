import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toE164 } from '../../electron/core/phones'
import { dropFiles, resultsDir, startApp, type AppHarness } from './harness'

const fixtures = join(__dirname, '..', 'fixtures', 'contact-files')
const shots = join(resultsDir, 'walkthrough')
const THEMES = ['light', 'dark'] as const
const SIZES = [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
] as const

/**
 * The whole app as a new user meets it (issue 11's walk-through), one account from sign-in to clean up: add by
 * username and by phone, import two real-world files, export each format (with the people not on Telegram), delete with undo and across a reload, reset
 * the saved phone contacts. Each stop is checked by what a person sees and what Telegram (the emulator) received, and
 * saved to test-results/walkthrough/ in light and dark at 800×600 and 1280×800.
 */
describe('walk-through: a new user, end to end', () => {
  let app: AppHarness
  let page: Page
  let shot = 0
  let out: string

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 97, users: 300, contacts: 30, savedUnregistered: 3 }, viewport: SIZES[1] })
    page = app.page
    await mkdir(shots, { recursive: true })
    out = await mkdtemp(join(tmpdir(), 'tgc-e2e-walk-'))
  })
  afterAll(async () => {
    await app?.close()
    await rm(out, { recursive: true, force: true })
  })

  /** Saves the screen as it is now in the four combinations, then goes back to light at 1280×800. */
  async function shoot(name: string): Promise<void> {
    shot += 1
    for (const colorScheme of THEMES) {
      for (const size of SIZES) {
        await page.emulateMedia({ colorScheme })
        await page.setViewportSize(size)
        // Two frames: the media change restyles, the resize lays out again.
        await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))')
        await page.screenshot({ path: join(shots, `${String(shot).padStart(2, '0')}-${name}-${colorScheme}-${size.width}x${size.height}.png`) })
      }
    }
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize(SIZES[1])
  }

  const world = () => app.emulator!.world
  const me = () => world().accountId
  const list = () => page.getByRole('listbox', { name: 'Contacts' })
  const search = () => page.getByRole('searchbox', { name: 'Search contacts' })
  const rowsWith = (text: string) => list().getByRole('option').filter({ hasText: text })
  const nav = (name: RegExp) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click()
  const toast = () => page.getByRole('region', { name: 'Notifications' }).getByText(/^Deleted /)

  /** A contact whose plain-letter full name no other contact shares, so searching it finds one row. */
  function uniqueContact(skip: number): { id: number; name: string } {
    const entries = [...world().contactsOf(me())].map(([id, entry]) => ({ id, name: `${entry.firstName} ${entry.lastName}`.trim() }))
    const counts = new Map<string, number>()
    for (const entry of entries) counts.set(entry.name.toLowerCase(), (counts.get(entry.name.toLowerCase()) ?? 0) + 1)
    const found = entries.filter((entry) => counts.get(entry.name.toLowerCase()) === 1 && /^[A-Za-z]+ [A-Za-z]+$/.test(entry.name))[skip]
    if (!found) throw new Error('no uniquely named contact in the seeded world')
    return found
  }

  it('signs in with the login code and the 2FA password and sees the contacts', async () => {
    const account = app.emulator!.account
    await page.getByRole('heading', { name: 'Sign in' }).waitFor()
    await shoot('signin-phone')
    await page.getByLabel('Phone number').fill(account.phone)
    await page.getByRole('button', { name: 'Send code' }).click()
    await page.getByLabel('Login code').waitFor()
    await shoot('signin-code')
    await page.getByLabel('Login code').fill(account.code)
    await page.getByRole('button', { name: 'Sign in' }).click()
    // The seeded account has two-step verification, as many real ones do.
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor()
    await shoot('signin-password')
    await page.getByLabel('Password').fill(account.password!)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await list().getByRole('option').first().waitFor()
    await page.getByTestId('counts').getByText('30 contacts').waitFor()
    await shoot('contacts')
  })

  it('adds someone by username: the new contact is in the list, selected and in view', async () => {
    const stranger = world()
      .strangers(300)
      .find((entry) => !entry.addedUs && entry.user.username !== undefined && entry.user.username.length >= 6)!.user
    await page.getByRole('button', { name: 'Add contact' }).click()
    const find = page.getByRole('dialog', { name: 'Add contact' })
    await find.getByLabel('Username or link').fill(`https://t.me/${stranger.username!}`)
    await shoot('add-username')
    await find.getByRole('button', { name: 'Find' }).click()
    const dialog = page.getByRole('dialog', { name: 'New contact' })
    await dialog.getByRole('button', { name: 'Add to contacts' }).waitFor()
    await shoot('add-username-found')
    await dialog.getByRole('button', { name: 'Add to contacts' }).click()
    await expect.poll(() => world().isContact(me(), stranger.id)).toBe(true)
    const name = `${stranger.firstName} ${stranger.lastName ?? ''}`.trim()
    const row = rowsWith(name).first()
    await expect.poll(() => row.getAttribute('aria-selected')).toBe('true')
    expect(await row.isVisible()).toBe(true)
    await shoot('add-username-done')
  })

  it('adds someone by phone number', async () => {
    const stranger = world().users.find(
      (u) => u.id !== me() && !world().contactsOf(me()).has(u.id) && u.findableByPhone && !u.deleted && toE164(`+${u.phone}`, null) !== null,
    )!
    app.emulator!.clearCalls()
    await page.getByRole('button', { name: 'Add by phone' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add by phone number' })
    await dialog.getByLabel('First name').fill('Walk')
    await dialog.getByLabel('Last name').fill('Through')
    await dialog.getByLabel('Phone number').fill(`+${stranger.phone}`)
    await shoot('add-phone')
    await dialog.getByRole('button', { name: 'Add', exact: true }).click()
    await expect.poll(() => world().isContact(me(), stranger.id)).toBe(true)
    const sent = app.emulator!.callsOf('contacts.ImportContacts')
    expect(sent).toHaveLength(1)
    expect(sent[0]!.params).toMatchObject({ contacts: [{ phone: stranger.phone, firstName: 'Walk', lastName: 'Through' }] })
    await rowsWith('Walk Through').first().waitFor()
  })

  it('imports two real-world files (an iPhone vCard, a Google Contacts CSV) and reports each row', async () => {
    await nav(/Import/)
    const files = ['corpus/ez-vcard/John_Doe_IPHONE.vcf', 'handmade/google-current.csv']
    await dropFiles(
      page,
      await Promise.all(files.map(async (file) => ({ name: file.split('/').pop()!, content: await readFile(join(fixtures, file)) }))),
    )
    await page.getByRole('heading', { name: 'Preview' }).waitFor()
    for (const name of ['John_Doe_IPHONE.vcf', 'google-current.csv']) await page.getByText(name).first().waitFor()
    await page.getByText('Ana García').first().waitFor()
    // A toast (the add's) never covers the preview's sticky footer: Cancel and the count stay readable.
    for (const size of SIZES) {
      await page.setViewportSize(size)
      await expect
        .poll(async () => {
          const toasts = await page.getByRole('region', { name: 'Notifications' }).boundingBox()
          const footer = await page.locator('.preview-foot').boundingBox()
          return toasts && footer ? Math.round(footer.y - (toasts.y + toasts.height)) : null
        })
        .toBeGreaterThanOrEqual(0)
    }
    await shoot('import-preview')
    app.emulator!.clearCalls()
    await page.getByRole('button', { name: /^Import [\d,]+ contacts?$/ }).click()
    const report = page.getByRole('region', { name: 'Import report' })
    await report.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 60_000 })
    const sent = app.emulator!.callsOf('contacts.ImportContacts').flatMap((call) => (call.params as { contacts: { phone: string }[] }).contacts)
    expect(sent.map((c) => c.phone)).toEqual(expect.arrayContaining(['+34612345678', '+442071234567', '+19055551234']))
    await report.getByRole('heading', { name: /Not on Telegram/ }).waitFor()
    await shoot('import-report')
  })

  it('exports each format, with the people who are not on Telegram, and the files say what the screen says', async () => {
    await nav(/Export/)
    await page.getByRole('heading', { name: 'Export contacts' }).waitFor()
    for (const format of ['JSON', 'CSV for Google Contacts', 'vCard']) await expect(page.getByRole('checkbox', { name: new RegExp(format) }).isChecked()).resolves.toBe(true)
    await page.getByRole('checkbox', { name: /People who are not on Telegram/ }).check()
    await page.getByLabel('Folder path').fill(out)
    await shoot('export')
    await page.locator('form').getByRole('button', { name: 'Export', exact: true }).click()
    const result = page.getByTestId('export-result')
    await result.waitFor({ timeout: 60_000 })
    const count = Number(/Exported ([\d,]+) contacts/.exec(await result.innerText())![1]!.replace(/,/g, ''))
    await shoot('export-done')
    expect((await readdir(out)).sort()).toEqual(['contacts.csv', 'contacts.vcf', 'result.json'])
    const json = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as { contacts: { list: { first_name: string; phone_number: string }[] } }
    expect(json.contacts.list).toHaveLength(count)
    expect(json.contacts.list.map((c) => c.first_name)).toEqual(expect.arrayContaining(['Walk', 'Ana']))
    const csv = await readFile(join(out, 'contacts.csv'), 'utf8')
    // The byte order mark, so that Excel reads "García" as written.
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv).toContain('García')
    const vcf = await readFile(join(out, 'contacts.vcf'), 'utf8')
    expect(vcf.match(/^BEGIN:VCARD/gm)).toHaveLength(count)
    expect(vcf).toContain('FN:Walk Through')
  })

  it('deletes with Undo, and a delete in its undo window survives a reload', async () => {
    await nav(/Contacts/)
    const kept = uniqueContact(0)
    const gone = uniqueContact(1)
    app.emulator!.clearCalls()

    await search().fill(kept.name)
    await rowsWith(kept.name).first().click()
    await page.getByRole('button', { name: 'Delete contact' }).click()
    const confirm = page.getByRole('dialog', { name: `Delete ${kept.name}?` })
    await confirm.waitFor()
    await shoot('delete-confirm')
    await confirm.getByRole('button', { name: 'Delete' }).click()
    await expect.poll(() => rowsWith(kept.name).count()).toBe(0)
    await toast().waitFor()
    await shoot('delete-undo-toast')
    await page.getByRole('button', { name: 'Undo' }).click()
    await rowsWith(kept.name).first().waitFor()

    await search().fill(gone.name)
    await rowsWith(gone.name).first().click()
    await page.getByRole('button', { name: 'Delete contact' }).click()
    await page.getByRole('dialog', { name: `Delete ${gone.name}?` }).getByRole('button', { name: 'Delete' }).click()
    await toast().waitFor()
    await page.reload()
    await list().getByRole('option').first().waitFor()
    await expect.poll(() => world().isContact(me(), gone.id), { timeout: 15_000 }).toBe(false)
    await search().fill(gone.name)
    await expect.poll(() => rowsWith(gone.name).count()).toBe(0)
    const deleted = app.emulator!.callsOf('contacts.DeleteContacts')
    expect(deleted).toHaveLength(1)
    expect(world().isContact(me(), kept.id)).toBe(true)
    await search().fill('')
    await shoot('after-reload')
  })

  it('resets the saved phone contacts the import left, after a confirm', async () => {
    const saved = world().account(me()).saved.size
    expect(saved).toBeGreaterThan(0)
    await nav(/Clean up/)
    await page.getByTestId('saved-count').getByText(`${saved}`).waitFor()
    await shoot('cleanup')
    await page.getByRole('button', { name: 'Reset saved contacts' }).click()
    const dialog = page.getByRole('dialog')
    await expect(dialog.innerText()).resolves.toContain(`This removes ${saved} saved phone contacts`)
    await shoot('cleanup-confirm')
    await dialog.getByRole('button', { name: 'Reset' }).click()
    await page.getByText(`Removed ${saved} saved phone contacts.`).waitFor({ timeout: 15_000 })
    expect(world().account(me()).saved.size).toBe(0)
    await shoot('cleanup-done')
  })

  it('saw no page or core error on the way', () => {
    expect(app.pageErrors).toEqual([])
    expect(app.coreErrors).toEqual([])
  })
})
