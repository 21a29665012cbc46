import type { Credentials } from '../telegram/env-credentials'

/**
 * The demo's world as the core names it (plain data: it crosses to the core's process in HostConfig). The emulator
 * itself lives in electron/emulator and is loaded only when a demo starts; nothing here imports it.
 */
export interface DemoWorldOptions {
  /** Same seed, same world: names, photos, statuses, requests. */
  seed: number
  /** Contacts of the demo account (400 more people can be found with global search). */
  contacts: number
}

/** What "Try the demo" opens, and `npm run demo` without options. */
export const DEMO_WORLD: DemoWorldOptions = { seed: 7, contacts: 300 }

export const MAX_DEMO_CONTACTS = 100_000

/** The emulator accepts any api_id / api_hash; these only have to be well-formed. */
export const DEMO_CREDENTIALS: Credentials = { apiId: 2040, apiHash: 'b18441a1ff607e10a989891a5462e627' }

/** Which core the shell runs: the user's own, or the demo. */
export type CoreMode = 'account' | 'demo'
