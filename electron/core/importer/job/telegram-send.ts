import { Api, type TelegramClient } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import { invoke } from '../../telegram/invoke'
import type { BatchAnswer, JobContact, SendBatch } from './types'

/**
 * One contacts.importContacts request per batch; the answer mapped back to our client_ids. `client` is the
 * connection-waiting kind (TelegramAccess.whenOnline): an outage holds the job instead of failing its batches.
 */
export function telegramSendBatch(client: (signal: AbortSignal) => Promise<TelegramClient>): SendBatch {
  return async (contacts: readonly JobContact[], signal: AbortSignal): Promise<BatchAnswer> => {
    const result = await invoke(
      await client(signal),
      new Api.contacts.ImportContacts({
        contacts: contacts.map(
          (c) =>
            new Api.InputPhoneContact({
              clientId: returnBigInt(c.clientId),
              phone: c.phone,
              firstName: c.firstName,
              lastName: c.lastName,
            }),
        ),
      }),
    )
    const usernames = new Map<string, string | null>()
    for (const user of result.users) {
      if (user instanceof Api.User) usernames.set(user.id.toString(), user.username ?? user.usernames?.find((u) => u.active)?.username ?? null)
    }
    return {
      imported: result.imported.map((i) => ({
        clientId: Number(i.clientId.toString()),
        userId: i.userId.toString(),
        username: usernames.get(i.userId.toString()) ?? null,
      })),
      popular: result.popularInvites.map((p) => ({ clientId: Number(p.clientId.toString()), importers: Math.max(0, p.importers) })),
      retry: result.retryContacts.map((id) => Number(id.toString())),
    }
  }
}
