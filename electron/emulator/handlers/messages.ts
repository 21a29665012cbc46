/** messages.getDialogs: the account's private chats (see World.privateChatsOf), one short message on top of each. */
import { Api } from 'telegram'
import { apiUser, peerUser } from '../views.js'
import type { Registry } from './registry.js'

/** Telegram answers at most 100 dialogs per call whatever the limit asks. */
const MAX_DIALOGS = 100
/** Folder 1 is the archive, which stays empty here. */
const ARCHIVE_FOLDER = 1

export function registerMessages(registry: Registry): void {
  registry.on(Api.messages.GetDialogs, 'user', (request, ctx, env) => {
    const { world } = env
    const me = ctx.userId
    const chats = world.privateChatsOf(me)
    // Message ids run in chat order, oldest 1, as one account's private-chat messages share one id sequence.
    const withIds = chats.map((chat, index) => ({ ...chat, messageId: chats.length - index }))
    const inFolder = request.folderId === ARCHIVE_FOLDER ? [] : withIds
    const after = inFolder.filter((chat) =>
      request.offsetId > 0 ? chat.messageId < request.offsetId : request.offsetDate > 0 ? chat.date < request.offsetDate : true,
    )
    const page = after.slice(0, Math.max(0, Math.min(request.limit, MAX_DIALOGS)))
    const content = {
      dialogs: page.map(
        (chat) =>
          new Api.Dialog({
            peer: peerUser(chat.userId),
            topMessage: chat.messageId,
            readInboxMaxId: chat.messageId,
            readOutboxMaxId: chat.messageId,
            unreadCount: 0,
            unreadMentionsCount: 0,
            unreadReactionsCount: 0,
            notifySettings: new Api.PeerNotifySettings({}),
          }),
      ),
      messages: page.map(
        (chat) =>
          new Api.Message({
            id: chat.messageId,
            out: !chat.incoming || undefined,
            fromId: chat.incoming ? undefined : peerUser(me),
            peerId: peerUser(chat.userId),
            date: chat.date,
            message: chat.incoming ? 'Hi! I added you to my contacts.' : 'Hi!',
          }),
      ),
      chats: [],
      users: page.map((chat) => apiUser(world, me, world.requireUser(chat.userId))),
    }
    // A slice, with the total, whenever this page is not the whole list.
    return page.length === inFolder.length ? new Api.messages.Dialogs(content) : new Api.messages.DialogsSlice({ count: inFolder.length, ...content })
  })
}
