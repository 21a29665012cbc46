import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string }

/** The executable the electron package has unpacked, if it has (path.txt names it inside dist/). */
function installedBinary(electronDir: string): string | null {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron')
  try {
    const path = join(electronDir, 'dist', readFileSync(join(electronDir, 'path.txt'), 'utf8'))
    return existsSync(path) ? path : null
  } catch {
    return null
  }
}

/** The first line of what the download printed that says what went wrong (it prints a whole stack). */
function reasonOf(output: string): string {
  const line = output.split('\n').find((l) => /error|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|getaddrinfo|HTTP/i.test(l))
  const reason = (line ?? 'the download failed').trim().replace(/^(RequestError|HTTPError|TypeError|Error): /, '')
  return `${reason}; it comes from ${process.env.ELECTRON_MIRROR ?? 'github.com'}`
}

/**
 * Electron's binary, downloading it the way the electron package does on first use (its install.js). Unlike
 * `require('electron')`, a failed download comes back as one reason instead of an exception and a stack trace that
 * tells the user to delete node_modules/electron.
 */
export async function electronBinary(electronDir: string): Promise<ElectronBinary> {
  const installed = installedBinary(electronDir)
  if (installed) return { ok: true, path: installed }
  const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], { stdio: ['ignore', 'pipe', 'pipe'] })
    let text = ''
    child.stdout.on('data', (chunk) => (text += chunk))
    child.stderr.on('data', (chunk) => (text += chunk))
    child.on('error', (error) => resolve({ code: 1, text: error.message }))
    child.on('close', (code) => resolve({ code, text }))
  })
  const downloaded = installedBinary(electronDir)
  if (output.code === 0 && downloaded) return { ok: true, path: downloaded }
  return { ok: false, reason: reasonOf(output.text) }
}
