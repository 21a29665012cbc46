import type { CoreOptions } from '../app/create-core'
import { createMemoryStore } from '../secrets/memory-store'
import { secretAccounts } from '../secrets/secret-store'
import type { Announcement } from '../../emulator/announce'
import { DEMO_CREDENTIALS, type DemoWorldOptions } from './options'

/** The demo's Telegram, running in this process, and how the core reaches it. */
export interface DemoConnection {
  /**
   * The core's options for it: the emulator's address and signed-in session, credentials that need no input, an
   * empty environment (nothing a user's environment says can redirect or join the demo) and secrets in memory only.
   */
  coreOptions: Pick<CoreOptions, 'secrets' | 'endpoint' | 'builtinCredentials' | 'env' | 'allowEnvSeams'>
  announcement: Announcement
  close(): Promise<void>
}

/** Starts the demo world (the emulator: a chunk of its own, loaded only now) and names it to the core. */
export async function startDemoConnection(world: DemoWorldOptions): Promise<DemoConnection> {
  const { startDemoWorld } = await import('../../emulator/demo-world')
  // Its warnings (handler crashes: emulator bugs) go to this process's stderr, as the emulator's own default.
  const demo = await startDemoWorld(world)
  return {
    coreOptions: {
      secrets: createMemoryStore({ [secretAccounts.session]: demo.emulator.account.session }),
      endpoint: demo.emulator.endpoint,
      builtinCredentials: DEMO_CREDENTIALS,
      env: {},
      allowEnvSeams: false,
    },
    announcement: demo.announcement(),
    close: () => demo.close(),
  }
}
