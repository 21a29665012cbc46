import { protocol } from 'electron'
import { APP_HOST, APP_SCHEME, loadAppFile, securityHeaders } from '../core/app/app-protocol'

/**
 * Must run before `ready`: app:// behaves like https (standard, secure origin, fetch), unlike file://.
 * corsEnabled lets Vite's `<script type="module" crossorigin>` load; responses carry no CORS headers,
 * so no other origin can read them.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ])
}

/**
 * Serves the built renderer from app://bundle/ (and cached profile photos from the running core's data folder under
 * /photos/: the demo's while it runs), with the CSP on every response and no way out of either folder.
 */
export function serveAppFrom(rendererDir: string, dataDir: () => string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const found = url.host === APP_HOST ? await loadAppFile(rendererDir, dataDir(), url.pathname) : null
    if (found === null) {
      return new Response('Not found', { status: 404, headers: { ...securityHeaders(), 'Content-Type': 'text/plain' } })
    }
    return new Response(new Uint8Array(found.body), { headers: { ...securityHeaders(), 'Content-Type': found.contentType } })
  })
}
