import { TelegramClient } from 'telegram'
import type { TelegramClientParams } from 'telegram/client/telegramBaseClient.js'
import { Logger, LogLevel } from 'telegram/extensions/Logger.js'
import { ConnectionTCPFull } from 'telegram/network/connection/TCPFull.js'
import { StringSession } from 'telegram/sessions/StringSession.js'
import { AppError } from '../contract'
import type { ConnectionWatch } from './connection/watch'
import { applyBigAnswerSlicing } from './big-answers'
import { applyContainerFix } from './container-fix'
import { endpointClient, endpointConnection, endpointSession, type Endpoint } from './endpoint'
import { applyFastLongReader } from './fast-long-reader'

export interface ClientParams {
  apiId: number
  apiHash: string
  /** A saved session string, or '' for a fresh login. A secret: never logged. */
  session: string
  /** Dial this server instead of Telegram's (emulator, test DCs, demo). */
  endpoint: Endpoint | null
  /** Observes the client's sockets and calls (connection/watch.ts). */
  watch: ConnectionWatch
}

/**
 * Flood waits are the app's business: with the threshold at 0 GramJS never sleeps silently on FLOOD_WAIT, so every
 * wait reaches the caller as a FloodWaitError and the UI can show a countdown.
 */
export const FLOOD_SLEEP_THRESHOLD = 0

/**
 * A GramJS client for the core: quiet logs, flood waits surfaced, finite connection retries, its connection watched.
 * Reconnecting is not GramJS's business here: connection/supervisor.ts replaces a client whose connection is lost.
 */
export function buildTelegramClient(params: ClientParams): TelegramClient {
  applyContainerFix()
  applyFastLongReader()
  applyBigAnswerSlicing()
  let session: StringSession
  try {
    session = params.endpoint ? endpointSession(params.endpoint, params.session) : new StringSession(params.session)
  } catch {
    // A session string GramJS cannot decode (corrupted in the keychain, or a garbage TG_CONTACTS_SESSION) is no session.
    throw new AppError({ code: 'NOT_AUTHORIZED', message: 'The Telegram session is not valid. Sign in again.' })
  }
  const options: TelegramClientParams = {
    // GramJS logs request details and, at error level, prints raw errors with console.error; none of that may reach
    // the terminal or a log file next to a session.
    baseLogger: new Logger(LogLevel.NONE),
    floodSleepThreshold: FLOOD_SLEEP_THRESHOLD,
    // The default is Infinity: an unreachable server would leave connect() (and every invoke waiting on it) hanging.
    // Two dials, so the 1-in-256 fresh key exchange that fails on GramJS's key-length quirk is retried at once.
    connectionRetries: 2,
    retryDelay: 100,
    requestRetries: 3,
    autoReconnect: true,
    useWSS: false,
    deviceModel: 'TG Contacts',
    appVersion: '0.1.0',
  }
  const base = params.endpoint ? endpointConnection(params.endpoint) : ConnectionTCPFull
  options.connection = params.watch.connectionClass(base)
  const client = params.endpoint
    ? endpointClient(params.endpoint, session, params.apiId, params.apiHash, options)
    : new TelegramClient(session, params.apiId, params.apiHash, options)
  params.watch.attach(client)
  return client
}
