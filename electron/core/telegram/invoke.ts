import type { Api, TelegramClient } from 'telegram'
import { AppError } from '../contract'
import { networkError, rethrowTelegramError } from './errors'

/** Longer than any single request the app sends takes on a working connection, even a 500-contact import. */
export const REQUEST_TIMEOUT_MS = 45_000

/**
 * client.invoke with the app's error mapping and a deadline: GramJS waits forever for a connection that does not
 * come back, and the user should hear "cannot reach Telegram" instead.
 */
export function invoke<R extends Api.AnyRequest>(client: TelegramClient, request: R, timeoutMs = REQUEST_TIMEOUT_MS): Promise<R['__response']> {
  return withDeadline(client.invoke(request), timeoutMs)
}

/**
 * invoke on another DC (files stored elsewhere): GramJS connects there, exports the authorization from the home DC
 * and imports it on the first use. The home DC (or null) goes through the main connection.
 */
export function invokeOnDc<R extends Api.AnyRequest>(client: TelegramClient, request: R, dcId: number | null, timeoutMs = REQUEST_TIMEOUT_MS): Promise<R['__response']> {
  const other = dcId !== null && dcId !== client.session.dcId ? dcId : undefined
  return withDeadline(client.invoke(request, other), timeoutMs)
}

/**
 * For the two big answers (contacts.getContacts, contacts.getStatuses at up to 100,000 entries): sends through the
 * connection directly, skipping client.invoke's entity bookkeeping. That bookkeeping throws and catches an error for
 * every ContactStatus and copies every user into the session's unbounded entity set on each refresh, which at 100,000
 * contacts costs seconds and grows memory per refresh; the app keeps its own access-hash directory instead. GramJS's
 * retries are not missed: flood waits surface anyway (threshold 0) and these requests need no DC migration.
 */
export function invokeBulk<R extends Api.AnyRequest>(client: TelegramClient, request: R, timeoutMs = REQUEST_TIMEOUT_MS): Promise<R['__response']> {
  const sender = client._sender
  const sent = sender && !sender.userDisconnected ? (sender.send(request) as Promise<R['__response']> | undefined) : undefined
  if (!sent) return Promise.reject(networkError())
  return withDeadline(sent, timeoutMs)
}

async function withDeadline<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(networkError()), timeoutMs)
    timer.unref()
  })
  try {
    return await Promise.race([promise, deadline])
  } catch (error) {
    if (error instanceof AppError) throw error
    return rethrowTelegramError(error)
  } finally {
    clearTimeout(timer)
  }
}
