import { Api } from 'telegram'
import type { CoreContext } from '../app/context'
import { AppError } from '../contract'
import { isOwnNumber } from '../phones/rule'
import { invoke } from '../telegram/invoke'

/** Numbers per contacts.deleteByPhones request (the same size as an import batch). */
export const DELETE_BATCH = 500

/**
 * contacts.deleteByPhones in batches, never for the account's own number. Whatever went through is forgotten by the
 * saved-numbers registry and the list is refreshed, also when a later batch fails (that failure is thrown).
 */
export async function deleteByPhones(ctx: CoreContext, phones: readonly string[]): Promise<{ sent: number; requests: number }> {
  const client = await ctx.telegram.client()
  const ownPhone = ctx.telegram.self()?.phone
  const unique = [...new Set(phones)].filter((phone) => !isOwnNumber(phone, ownPhone))
  let requests = 0
  let deleted = 0
  try {
    for (let start = 0; start < unique.length; start += DELETE_BATCH) {
      const batch = unique.slice(start, start + DELETE_BATCH)
      const ok = await invoke(client, new Api.contacts.DeleteByPhones({ phones: batch }))
      requests += 1
      if (!ok) throw new AppError({ code: 'TELEGRAM', message: `Telegram could not delete some contacts (after ${start} of ${unique.length} numbers).` })
      deleted += batch.length
    }
  } finally {
    if (deleted > 0) {
      await ctx.savedNumbers.forget(unique.slice(0, deleted))
      // The list shows the change; a failed refresh only delays that until the next one.
      ctx.contacts.refresh().catch(() => undefined)
    }
  }
  return { sent: unique.length, requests }
}
