import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppHarness } from './harness'

describe('export and reset, in Chromium', () => {
  let app: AppHarness
  let out: string

  beforeAll(async () => {
    app = await startApp({ emulator: { seed: 62, users: 60, contacts: 12, savedUnregistered: 6 }, signedIn: true })
    out = await mkdtemp(join(tmpdir(), 'tgc-e2e-export-'))
  })
  afterAll(async () => {
    await app?.close()
    await rm(out, { recursive: true, force: true })
  })

  const nav = (name: RegExp) => app.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click()

  it('exports to a folder typed in the path field and shows the result', async () => {
    const { page } = app
    await page.getByRole('navigation', { name: 'Sections' }).waitFor()
    await nav(/Export/)
    await page.getByRole('heading', { name: 'Export contacts' }).waitFor()
    await page.getByLabel('Folder path').fill(out)
    await page.locator('form').getByRole('button', { name: 'Export', exact: true }).click()
    const result = page.getByTestId('export-result')
    await result.waitFor({ timeout: 30_000 })
    const text = await result.innerText()
    const count = Number(/Exported ([\d,]+) contacts/.exec(text)![1]!.replace(/,/g, ''))
    expect((await readdir(out)).sort()).toEqual(['contacts.csv', 'contacts.vcf', 'result.json'])
    expect(JSON.parse(await readFile(join(out, 'result.json'), 'utf8')).contacts.list).toHaveLength(count)
    const world = app.emulator!.world
    expect(count).toBeGreaterThanOrEqual(world.account(world.accountId).saved.size)
    await app.screenshot('export-result')
  })

  it('asks before replacing the earlier export (Cancel first), and replaces it on Replace', async () => {
    const { page } = app
    const before = await readFile(join(out, 'result.json'), 'utf8')
    await writeFile(join(out, 'result.json'), 'kept unless replaced')
    await page.locator('form').getByRole('button', { name: 'Export', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Replace the files already there?' })
    await dialog.waitFor({ timeout: 30_000 })
    await expect(dialog.innerText()).resolves.toContain(`result.json, contacts.csv and contacts.vcf are already in ${out}`)
    expect(await dialog.getByRole('button', { name: 'Cancel' }).evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true)
    await app.screenshot('export-replace-ask')
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'detached' })
    expect(await readFile(join(out, 'result.json'), 'utf8')).toBe('kept unless replaced')
    await page.locator('form').getByRole('button', { name: 'Export', exact: true }).click()
    await dialog.getByRole('button', { name: 'Replace' }).click()
    await page.getByTestId('export-result').waitFor({ timeout: 30_000 })
    expect(JSON.parse(await readFile(join(out, 'result.json'), 'utf8')).contacts.list).toHaveLength(JSON.parse(before).contacts.list.length)
  })

  it('names the folder and the reason when it cannot write there, once (issue 11 item 8)', async () => {
    const { page } = app
    await writeFile(join(out, 'a-file'), 'x')
    const folder = join(out, 'a-file', 'sub')
    await page.getByLabel('Folder path').fill(folder)
    await page.locator('form').getByRole('button', { name: 'Export', exact: true }).click()
    const error = page.getByTestId('export-error')
    await error.waitFor({ timeout: 30_000 })
    await expect(error.innerText()).resolves.toBe(`Can't save to ${folder}: part of that path is a file, not a folder. Choose a folder.`)
    await expect(page.getByText("Can't save to").count()).resolves.toBe(1)
    await app.screenshot('export-file-error')
    await page.getByLabel('Folder path').fill(out)
  })

  it('offers the files as downloads, which the browser saves (issue 11 item 16)', async () => {
    const { page } = app
    const inFolder = await readFile(join(out, 'result.json'), 'utf8')
    await page.getByRole('radio', { name: 'Download' }).check()
    await page.locator('form').getByRole('button', { name: 'Export', exact: true }).click()
    const result = page.getByTestId('export-result')
    await result.getByText('ready to download').waitFor({ timeout: 30_000 })
    await app.screenshot('export-download')
    const saved: Record<string, Buffer> = {}
    for (const name of ['result.json', 'contacts.csv']) {
      const [download] = await Promise.all([page.waitForEvent('download'), result.getByRole('link', { name: `Download ${name}` }).click()])
      expect(download.suggestedFilename()).toBe(name)
      saved[name] = await readFile((await download.path())!)
    }
    const count = Number(/Exported ([\d,]+) contacts/.exec(await result.innerText())![1]!.replace(/,/g, ''))
    expect(JSON.parse(saved['result.json']!.toString('utf8')).contacts.list).toHaveLength(count)
    expect([...saved['contacts.csv']!.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    // Nothing was written into the folder typed before (the export's dates make each run's result.json its own).
    expect(await readFile(join(out, 'result.json'), 'utf8')).toBe(inFolder)
  })

  it('resets saved contacts after a confirm', async () => {
    const { page } = app
    const world = app.emulator!.world
    const saved = world.account(world.accountId).saved.size
    expect(saved).toBeGreaterThan(0)
    await nav(/Clean up/)
    await page.getByTestId('saved-count').getByText(`${saved}`).waitFor()
    await page.getByRole('button', { name: 'Reset saved contacts' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    await expect(dialog.innerText()).resolves.toContain(`This removes ${saved} saved phone contacts`)
    await app.screenshot('reset-confirm')
    await dialog.getByRole('button', { name: 'Reset' }).click()
    await page.getByText(`Removed ${saved} saved phone contacts.`).waitFor({ timeout: 15_000 })
    expect(world.account(world.accountId).saved.size).toBe(0)
    expect(app.emulator!.callsOf('contacts.ResetSaved')).toHaveLength(1)
    expect(app.coreErrors).toEqual([])
  })
})
