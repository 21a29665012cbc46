import type { Api, TelegramClient } from 'telegram'
import { AppError } from '../contract'
import { networkError, rethrowTelegramError } from './errors'

/** Longer than any single request the app sends takes on a working connection, even a 500-contact import. */
export const REQUEST_TIMEOUT_MS = 45_000

/**
 * client.invoke with the app's error mapping and a deadline: GramJS waits forever for a connection that does not
 * come back, and the user should hear "cannot reach Telegram" instead.
 */
export async function invoke<R extends Api.AnyRequest>(
  client: TelegramClient,
  request: R,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<R['__response']> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(networkError()), timeoutMs)
    timer.unref()
  })
  try {
    return await Promise.race([client.invoke(request), deadline])
  } catch (error) {
    if (error instanceof AppError) throw error
    return rethrowTelegramError(error)
  } finally {
    clearTimeout(timer)
  }
}
