import { readFile } from 'node:fs/promises'
import { extname, normalize, resolve, sep } from 'node:path'
import { photoFileForUrlPath } from '../photos/photo-paths'

/** The privileged scheme and host the Electron window loads the UI from: app://bundle/index.html. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'bundle'
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * The CSP for every UI response. The renderer is bundled code only: no inline script, no eval, no
 * remote anything. `connectSrc` adds the browser bridge's WebSocket origin where there is one.
 */
export function contentSecurityPolicy(connectSrc: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectSrc].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Headers every served UI file carries, in Electron and in the browser bridge. */
export function securityHeaders(connectSrc: readonly string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(connectSrc),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  }
}

/** True for URLs on the app's own origin (app://bundle). WHATWG gives non-special schemes origin "null", so compare parts. */
export function isAppUrl(raw: string | undefined | null): boolean {
  if (!raw) return false
  try {
    const url = new URL(raw)
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST
  } catch {
    return false
  }
}

/**
 * Maps a request path to a file inside `rootDir`, or null when it would leave it (../, encoded
 * separators, NUL) or cannot be decoded. "/" is the entry page.
 */
export function resolveBundleFile(rootDir: string, pathname: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const relative = decoded === '' || decoded.endsWith('/') ? `${decoded}index.html` : decoded
  const root = resolve(rootDir)
  const file = resolve(root, normalize(`.${sep}${relative}`))
  return file.startsWith(root + sep) ? file : null
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

export function contentTypeFor(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** Reads a UI file for a request path (both the app:// handler and the bridge serve through this), or null. */
export async function loadBundleFile(rootDir: string, pathname: string): Promise<{ body: Buffer; contentType: string } | null> {
  const file = resolveBundleFile(rootDir, pathname)
  if (file === null) return null
  try {
    return { body: await readFile(file), contentType: contentTypeFor(file) }
  } catch {
    return null
  }
}

/** True for the paths cached profile photos are served under (/photos/<account>/<photo>-<s|b>.jpg). */
export const isPhotoPath = (pathname: string): boolean => pathname.startsWith('/photos/')

/**
 * A cached profile photo for a request path: the app:// handler and the bridge serve photos from the data folder's
 * photo caches this way, so the page shows them from its own origin (CSP img-src 'self'), never from a remote URL.
 * Null for any path that is not exactly a photo's (nothing else in the data folder can be reached).
 */
export async function loadPhotoFile(dataDir: string, pathname: string): Promise<{ body: Buffer; contentType: string } | null> {
  const file = photoFileForUrlPath(dataDir, pathname)
  if (file === null) return null
  try {
    return { body: await readFile(file), contentType: 'image/jpeg' }
  } catch {
    return null
  }
}

/** What app://bundle/<path> serves: a cached photo, or a file of the built renderer. */
export function loadAppFile(rendererDir: string, dataDir: string, pathname: string): Promise<{ body: Buffer; contentType: string } | null> {
  return isPhotoPath(pathname) ? loadPhotoFile(dataDir, pathname) : loadBundleFile(rendererDir, pathname)
}
