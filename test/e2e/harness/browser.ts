import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's chromium here; CHROMIUM_PATH or a preinstalled Chrome elsewhere (GitHub's Ubuntu runners). */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/chromium-browser']
  const found = candidates.find((path): path is string => Boolean(path) && existsSync(path as string))
  if (!found) throw new Error('No Chromium found: install Debian\'s "chromium" package (bash .ci/run does) or set CHROMIUM_PATH.')
  return found
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      // Without these, Chromium keeps dialling Google hosts this machine's closed network refuses.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}
