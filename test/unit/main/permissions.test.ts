import { describe, expect, it } from 'vitest'
import { permissionAllowed } from '../../../electron/core/app/permissions'

/** Every permission name Electron 45's session handlers can be asked about (electron.d.ts, setPermissionCheckHandler). */
const ELECTRON_PERMISSIONS = [
  'ar', 'automatic-fullscreen', 'background-fetch', 'background-sync', 'captured-surface-control', 'clipboard-read',
  'clipboard-sanitized-write', 'deprecated-sync-clipboard-read', 'display-capture', 'fileSystem', 'fullscreen', 'geolocation',
  'geolocation-approximate', 'hand-tracking', 'hid', 'idle-detection', 'keyboardLock', 'local-fonts', 'local-network',
  'local-network-access', 'loopback-network', 'media', 'mediaKeySystem', 'midi', 'midiSysex', 'nfc', 'notifications',
  'openExternal', 'payment-handler', 'periodic-background-sync', 'persistent-storage', 'pointerLock', 'screen-wake-lock',
  'sensors', 'serial', 'smart-card', 'speaker-selection', 'storage-access', 'system-wake-lock', 'top-level-storage-access',
  'usb', 'vr', 'web-app-installation', 'web-printing', 'window-management', 'unknown',
]

describe('the permission policy', () => {
  it('allows only clipboard writes (the Copy buttons), and only from the app page', () => {
    const allowed = ELECTRON_PERMISSIONS.filter((permission) => permissionAllowed(permission, 'app://bundle/index.html'))
    expect(allowed).toEqual(['clipboard-sanitized-write'])
  })

  it('refuses clipboard writes from anywhere else', () => {
    for (const url of ['https://t.me/durov', 'app://elsewhere/index.html', 'file:///index.html', 'null', '', null, undefined]) {
      expect(permissionAllowed('clipboard-sanitized-write', url), String(url)).toBe(false)
    }
  })
})
