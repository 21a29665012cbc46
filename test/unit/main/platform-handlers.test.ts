import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '@contract'
import { createPlatformHandlers } from '../../../electron/core/app/platform-handlers'
import { createBrowserPlatform } from '../../../electron/core/bridge/browser-platform'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tgc-platform-'))
  await writeFile(join(dir, 'contacts.csv'), 'a,b\n')
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

const identity = { name: 'TG Contacts', version: '0.1.0', demo: false, demoSwitch: false }

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error.code
    throw error
  }
  return 'no error'
}

describe('platform handlers', () => {
  it('describe the app and the shell it runs in', async () => {
    const handlers = createPlatformHandlers(createBrowserPlatform(), { ...identity, demo: true, demoSwitch: true })
    await expect(handlers['app.info']({})).resolves.toEqual({
      name: 'TG Contacts',
      version: '0.1.0',
      platform: process.platform,
      shell: 'browser',
      nativeDialogs: false,
      demo: true,
      demoSwitch: true,
    })
  })

  it('return no folder where there is no native dialog', async () => {
    const handlers = createPlatformHandlers(createBrowserPlatform(), identity)
    await expect(handlers['dialog.chooseDirectory']({ title: 'Export to' })).resolves.toEqual({ path: null })
  })

  it('show an existing file, and refuse relative or missing paths', async () => {
    const platform = createBrowserPlatform()
    const handlers = createPlatformHandlers(platform, identity)
    const file = join(dir, 'contacts.csv')
    await expect(handlers['shell.showInFolder']({ path: file })).resolves.toEqual({ ok: true })
    expect(await codeOf(handlers['shell.showInFolder']({ path: 'contacts.csv' }))).toBe('INVALID_INPUT')
    expect(await codeOf(handlers['shell.showInFolder']({ path: join(dir, 'gone.csv') }))).toBe('NOT_FOUND')
    expect(platform.log.shownInFolder).toEqual([file])
  })

  it('open only allow-listed links, as re-serialised by the parser', async () => {
    const platform = createBrowserPlatform()
    const handlers = createPlatformHandlers(platform, identity)
    await expect(handlers['shell.openExternal']({ url: 'HTTPS://T.ME/durov' })).resolves.toEqual({ ok: true })
    expect(await codeOf(handlers['shell.openExternal']({ url: 'https://evil.example/' }))).toBe('FORBIDDEN')
    expect(await codeOf(handlers['shell.openExternal']({ url: 'file:///etc/passwd' }))).toBe('FORBIDDEN')
    expect(platform.log.openedExternal).toEqual(['https://t.me/durov'])
  })

  it('open a chat in the Telegram app by username, else by phone, and fall back to t.me when no app takes tg: links', async () => {
    const platform = createBrowserPlatform()
    const handlers = createPlatformHandlers(platform, identity)
    await expect(handlers['shell.openChat']({ username: 'durov', phone: '+491511234567' })).resolves.toEqual({ opened: 'app' })
    await expect(handlers['shell.openChat']({ username: null, phone: '+491511234567' })).resolves.toEqual({ opened: 'app' })
    expect(platform.log.openedExternal).toEqual(['tg://resolve?domain=durov', 'tg://resolve?phone=491511234567'])

    const noTelegramApp = { ...platform, openExternal: async (url: string) => {
      if (url.startsWith('tg:')) throw new Error('no application is registered for tg:')
      await platform.openExternal(url)
    } }
    const fallback = createPlatformHandlers(noTelegramApp, identity)
    await expect(fallback['shell.openChat']({ username: 'durov', phone: null })).resolves.toEqual({ opened: 'web' })
    expect(platform.log.openedExternal.at(-1)).toBe('https://t.me/durov')

    const nothing = createPlatformHandlers({ ...platform, openExternal: async () => Promise.reject(new Error('no browser')) }, identity)
    expect(await codeOf(nothing['shell.openChat']({ username: 'durov', phone: null }))).toBe('NOT_FOUND')
    expect(await codeOf(handlers['shell.openChat']({ username: 'not a name', phone: null }))).toBe('INVALID_INPUT')
  })
})
