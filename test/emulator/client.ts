/**
 * A real GramJS client wired to an emulator through the app's connection seam
 * (electron/core/telegram/endpoint.ts): for tests that need a client but are not testing the app.
 */
import type { TelegramClient } from 'telegram'
import { Logger, LogLevel } from 'telegram/extensions/Logger.js'
import type { TelegramClientParams } from 'telegram/client/telegramBaseClient.js'
import { endpointClient, type Endpoint } from '../../electron/core/telegram/endpoint.js'

export const TEST_API_ID = 12345
export const TEST_API_HASH = '0123456789abcdef0123456789abcdef'

/** A client for the endpoint, quiet, not yet connected. `session` is a StringSession string ('' for a fresh key). */
export function emulatorClient(endpoint: Endpoint, session = '', params: TelegramClientParams = {}): TelegramClient {
  return endpointClient(endpoint, session, TEST_API_ID, TEST_API_HASH, {
    baseLogger: new Logger(LogLevel.NONE),
    connectionRetries: 2,
    // Tests see FLOOD_WAIT as an error instead of GramJS sleeping through it.
    floodSleepThreshold: 0,
    ...params,
  })
}

/** Connects a client with the given session (default: a fresh auth key) and returns it. Call destroy() when done. */
export async function connectedClient(endpoint: Endpoint, session = '', params: TelegramClientParams = {}): Promise<TelegramClient> {
  const client = emulatorClient(endpoint, session, params)
  await client.connect()
  return client
}
