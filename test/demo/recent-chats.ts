import { Api } from 'telegram'
import type { Emulator } from '../emulator'
import { apiUser, peerUser } from '../emulator/views'

/**
 * The emulator keeps no chat history and has no messages.getDialogs, so it is scripted here: the account's recent
 * private chats are the given users (people who wrote to us, which is how Telegram apps meet a share_contact request).
 */
export function scriptRecentChats(emulator: Emulator, userIds: readonly number[]): void {
  emulator.script('messages.GetDialogs', {
    times: Number.POSITIVE_INFINITY,
    result: () => {
      const world = emulator.world
      return new Api.messages.Dialogs({
        dialogs: userIds.map(
          (id) =>
            new Api.Dialog({
              peer: peerUser(id),
              topMessage: 0,
              readInboxMaxId: 0,
              readOutboxMaxId: 0,
              unreadCount: 0,
              unreadMentionsCount: 0,
              unreadReactionsCount: 0,
              notifySettings: new Api.PeerNotifySettings({}),
            }),
        ),
        messages: [],
        chats: [],
        users: userIds.map((id) => apiUser(world, world.accountId, world.requireUser(id))),
      })
    },
  })
}
