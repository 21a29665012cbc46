import { describe, expect, it } from 'vitest'
import { launchMode } from '../../../electron/core/app/launch-mode'

describe('launchMode', () => {
  it('runs for the user by default, in the app data folder', () => {
    expect(launchMode({}, false, '/home/u/.config/TG Contacts/data')).toEqual({ demo: false, dataDir: '/home/u/.config/TG Contacts/data' })
  })

  it('runs the demo in the folder the demo names, or beside the user data, never in it', () => {
    expect(launchMode({ TG_CONTACTS_DEMO: '1', TG_CONTACTS_DATA_DIR: '/tmp/demo-1' }, false, '/d')).toEqual({ demo: true, dataDir: '/tmp/demo-1' })
    expect(launchMode({ TG_CONTACTS_DEMO: '1' }, false, '/d')).toEqual({ demo: true, dataDir: '/d-demo' })
  })

  it('ignores the demo switch in a packaged app', () => {
    expect(launchMode({ TG_CONTACTS_DEMO: '1', TG_CONTACTS_DATA_DIR: '/tmp/x' }, true, '/d')).toEqual({ demo: false, dataDir: '/d' })
  })
})
