import { isAppUrl } from './app-protocol'

/**
 * The one web permission the UI uses: writing text to the clipboard (the Copy buttons; Chromium calls it
 * clipboard-sanitized-write). Reading the clipboard, notifications, media, geolocation and every other permission stay
 * refused, as do requests from anything but the app's own page.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

export function permissionAllowed(permission: string, requestingUrl: string | null | undefined): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl)
}
