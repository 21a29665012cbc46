/**
 * The demo's seeded world: what `npm run demo` and the app's "Try the demo" sign in to. The core loads this module
 * (and the emulator behind it) with a dynamic import when a demo starts, so it is a chunk of its own in the build.
 */
import type { DemoWorldOptions } from '../core/demo/options.js'
import { announcement, type Announcement } from './announce.js'
import { startEmulator, type Emulator, type EmulatorOptions } from './emulator.js'

export interface DemoWorld {
  emulator: Emulator
  /** The JSON line `npm run demo -- --json` prints: endpoint, account, a few people to try. */
  announcement(): Announcement
  close(): Promise<void>
}

/** How often a few contacts come online or go offline, so the list visibly lives. */
const STATUS_TICK_MS = 4000

function startStatusTicker(emulator: Emulator): () => void {
  const ids = [...emulator.world.contactsOf(emulator.world.accountId).keys()]
  let turn = 0
  const timer = setInterval(() => {
    const now = Math.floor(Date.now() / 1000)
    for (let i = 0; i < 3 && ids.length > 0; i++) {
      const id = ids[(turn * 7 + i * 13) % ids.length]!
      emulator.setUserStatus(id, turn % 2 === 0 ? { kind: 'online', expires: now + 120 } : { kind: 'offline', wasOnline: now })
    }
    turn += 1
  }, STATUS_TICK_MS)
  timer.unref()
  return () => clearInterval(timer)
}

export async function startDemoWorld(world: DemoWorldOptions, extra: Pick<EmulatorOptions, 'onWarning' | 'serverKey'> = {}): Promise<DemoWorld> {
  const emulator = await startEmulator({
    ...extra,
    seed: world.seed,
    users: world.contacts + 400,
    contacts: world.contacts,
    savedUnregistered: Math.max(10, Math.floor(world.contacts / 8)),
    // Most people have a photo, a third of them on a second DC (as on Telegram, where files live on several).
    photoShare: 0.85,
    secondDcId: 4,
  })
  const stopTicker = startStatusTicker(emulator)
  return {
    emulator,
    announcement: () => announcement(emulator),
    async close() {
      stopTicker()
      await emulator.close()
    },
  }
}
