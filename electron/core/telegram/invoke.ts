import type { Api, TelegramClient } from 'telegram'
import { watchOf, type ConnectionWatch } from './connection/watch'
import { mapTelegramError, networkError } from './errors'

/** Longer than any single request the app sends takes on a working connection, even a 500-contact import. */
export const REQUEST_TIMEOUT_MS = 45_000

/**
 * client.invoke with the app's error mapping and a deadline. A client whose connection the app has given up on
 * (connection/supervisor.ts) fails at once with NETWORK, and so does every call in flight on it when that happens:
 * GramJS would keep them waiting for a connection that is not coming back.
 */
export function invoke<R extends Api.AnyRequest>(client: TelegramClient, request: R, timeoutMs = REQUEST_TIMEOUT_MS): Promise<R['__response']> {
  const watch = watchOf(client)
  if (watch?.isCut) return Promise.reject(networkError())
  return settle(client.invoke(request), timeoutMs, watch)
}

/**
 * invoke on another DC (files stored elsewhere): GramJS connects there, exports the authorization from the home DC
 * and imports it on the first use. The home DC (or null) goes through the main connection.
 */
export function invokeOnDc<R extends Api.AnyRequest>(client: TelegramClient, request: R, dcId: number | null, timeoutMs = REQUEST_TIMEOUT_MS): Promise<R['__response']> {
  const other = dcId !== null && dcId !== client.session.dcId ? dcId : undefined
  const watch = watchOf(client)
  if (watch?.isCut) return Promise.reject(networkError())
  return settle(client.invoke(request, other), timeoutMs, watch)
}

/**
 * For the two big answers (contacts.getContacts, contacts.getStatuses at up to 100,000 entries): sends through the
 * connection directly, skipping client.invoke's entity bookkeeping. That bookkeeping throws and catches an error for
 * every ContactStatus and copies every user into the session's unbounded entity set on each refresh, which at 100,000
 * contacts costs seconds and grows memory per refresh; the app keeps its own access-hash directory instead. GramJS's
 * retries are not missed: flood waits surface anyway (threshold 0) and these requests need no DC migration.
 */
export function invokeBulk<R extends Api.AnyRequest>(client: TelegramClient, request: R, timeoutMs = REQUEST_TIMEOUT_MS): Promise<R['__response']> {
  const watch = watchOf(client)
  const sender = client._sender
  const sent = !watch?.isCut && sender && !sender.userDisconnected ? (sender.send(request) as Promise<R['__response']> | undefined) : undefined
  if (!sent) return Promise.reject(networkError())
  return settle(sent, timeoutMs, watch)
}

async function settle<T>(call: Promise<T>, timeoutMs: number, watch: ConnectionWatch | undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(networkError()), timeoutMs)
    timer.unref()
  })
  try {
    return await Promise.race([watch ? watch.guard(call) : call, deadline])
  } catch (error) {
    const mapped = mapTelegramError(error)
    // A deadline or a socket error may mean a dead connection the supervisor has not noticed yet: it checks now.
    if (watch && !watch.isCut && mapped?.code === 'NETWORK') watch.suspect()
    throw mapped ?? error
  } finally {
    clearTimeout(timer)
  }
}
