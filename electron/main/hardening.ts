import { app, session, shell, type WebContents } from 'electron'
import { isAppUrl } from '../core/app/app-protocol'
import { allowedExternalUrl } from '../core/app/external-links'
import { permissionAllowed } from '../core/app/permissions'

/** Every permission (camera, notifications, clipboard read, ...) is refused but clipboard writes from the app's page. */
export function lockDownPermissions(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permissionAllowed(permission, details.requestingUrl)))
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin))
  ses.setDevicePermissionHandler(() => false)
}

/** Links the page tries to open: allow-listed ones go to the OS browser, nothing opens inside the app. */
function openExternally(raw: string): void {
  const url = allowedExternalUrl(raw)
  if (url !== null) void shell.openExternal(url)
}

function lockDown(contents: WebContents): void {
  const stayOnApp = (details: { url: string; preventDefault: () => void }) => {
    if (!isAppUrl(details.url)) details.preventDefault()
  }
  contents.on('will-navigate', (details) => {
    stayOnApp(details)
    if (!isAppUrl(details.url)) openExternally(details.url)
  })
  contents.on('will-frame-navigate', stayOnApp)
  contents.on('will-redirect', stayOnApp)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
}

/** Applies the navigation rules to every web contents the app ever creates, before it loads anything. */
export function lockDownAllWebContents(): void {
  app.on('web-contents-created', (_event, contents) => lockDown(contents))
}
