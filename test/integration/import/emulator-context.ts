import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CoreContext } from '../../../electron/core/app/context'
import { createBrowserPlatform } from '../../../electron/core/bridge'
import { SavedNumbers } from '../../../electron/core/contacts/saved-numbers'
import { ContactsService } from '../../../electron/core/contacts/contacts-service'
import type { EventEnvelope, EventName, EventPayload } from '../../../electron/core/contract'
import { EventBus } from '../../../electron/core/router'
import { createMemoryStore } from '../../../electron/core/secrets/memory-store'
import { TelegramService } from '../../../electron/core/telegram/telegram-service'
import type { Emulator } from '../../emulator'

export const API_ID = '424242'
export const API_HASH = '0123456789abcdef0123456789abcdef'

/**
 * A CoreContext over the real telegram and contacts services, signed in to the emulator's account
 * through the env seams: what createCore builds, minus the handler groups, so a test can build the
 * import/export/clean-up handlers itself (with a faster import policy, for instance).
 */
export type EmulatorAddress = Pick<Emulator, 'endpoint'> & { account: { session: string } }

export async function emulatorContext(emulator: EmulatorAddress, options: { dataDir?: string } = {}) {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tgc-int-')))
  const events = new EventBus()
  const seen: EventEnvelope[] = []
  events.subscribe((e) => seen.push(e))
  const env = {
    TG_CONTACTS_ENDPOINT: JSON.stringify(emulator.endpoint),
    TG_CONTACTS_SESSION: emulator.account.session,
    TG_API_ID: API_ID,
    TG_API_HASH: API_HASH,
  }
  const telegram = await TelegramService.open({ secrets: createMemoryStore(), dataDir, events, env, allowEnvSeams: true })
  const status = await telegram.status()
  if (status.state !== 'signedIn') throw new Error(`not signed in to the emulator: ${status.state}`)
  const savedNumbers = new SavedNumbers({ events, dataDir, now: Date.now, currentSelf: () => telegram.currentSelf() })
  const contacts = new ContactsService({ telegram, events, dataDir, now: Date.now, savedNumbers })
  const platform = createBrowserPlatform()
  const ctx: CoreContext = { dataDir, secrets: createMemoryStore(), events, platform, telegram, contacts, savedNumbers, birthdays: { get: () => undefined }, now: Date.now }
  return {
    ctx,
    platform,
    dataDir,
    seen<E extends EventName>(event: E): EventPayload<E>[] {
      return seen.filter((e) => e.event === event).map((e) => e.payload as EventPayload<E>)
    },
    async dispose(removeData = true) {
      await contacts.dispose()
      await savedNumbers.dispose()
      await telegram.dispose()
      // A refresh fired by a handler may still be writing the cache: retry the removal.
      if (removeData) await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 })
    },
  }
}

/** Polls until cond holds or the time is up (the jobs wait on real I/O and real flood waits). */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 50_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (await cond()) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`)
}
