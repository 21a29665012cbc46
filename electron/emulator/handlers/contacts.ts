/** contacts.*: the contact list, search, import, add/accept/delete, and the saved phone book. */
import { Api } from 'telegram'
import { encodeContacts, type UserView } from '../fast-tl.js'
import { RawAnswer, RpcError, bool, intVector, vector } from '../rpc.js'
import { apiBirthday, apiStatus, apiUser, peerSettingsUpdates, peerUser, updatePeerSettings, updatesOf, userView } from '../views.js'
import { long, toBigint } from '../wire.js'
import { foldForSearch, normalizePhone, type World, type WorldUser } from '../world.js'
import type { HandlerEnv, Registry } from './registry.js'
import { findInputPeerUser, findInputUser } from './session.js'

const now = (): number => Math.floor(Date.now() / 1000)

/** contacts.contacts, serialised by hand: 10,000 users through GramJS's getBytes() would take 0.65 s. */
function contactsList(world: World, ownerId: number): RawAnswer {
  const account = world.account(ownerId)
  const ids = [...account.contacts.keys()].sort((a, b) => a - b)
  const entries: Array<{ user: UserView; mutual: boolean }> = []
  for (const id of ids) {
    const user = world.user(id)
    if (user !== undefined) entries.push({ user: userView(world, ownerId, user), mutual: world.isContact(id, ownerId) })
  }
  return new RawAnswer(encodeContacts(entries, account.saved.size), 'contacts.Contacts')
}

/** Word-prefix match on names and username prefix, accent- and case-insensitive. */
function matches(user: WorldUser, names: { firstName: string; lastName: string }, query: string): boolean {
  const words = foldForSearch(`${names.firstName} ${names.lastName}`).split(/\s+/)
  if (words.some((word) => word.startsWith(query))) return true
  if (foldForSearch(`${names.firstName} ${names.lastName}`).startsWith(query)) return true
  return user.username !== undefined && user.username.toLowerCase().startsWith(query.replace(/^@/, ''))
}

/**
 * Imports under the account's rate limits: the first `allowed` contacts are processed, the rest
 * come back in retry_contacts; a call made when the window is already used up trips FLOOD_WAIT.
 */
function importContacts(env: HandlerEnv, ownerId: number, contacts: Api.TypeInputContact[]): Api.contacts.ImportedContacts {
  const { world } = env
  const account = world.account(ownerId)
  const limits = world.importLimits
  const t = now()
  account.imports = account.imports.filter(([at]) => at > t - limits.windowSeconds)
  const used = account.imports.reduce((sum, [, count]) => sum + count, 0)
  if (contacts.length > 0 && used >= limits.perWindow) {
    const oldest = account.imports[0]?.[0] ?? t
    throw new RpcError(`FLOOD_WAIT_${Math.max(1, oldest + limits.windowSeconds - t)}`)
  }
  const allowed = Math.min(limits.perCall, limits.perWindow - used, contacts.length)
  if (allowed > 0) account.imports.push([t, allowed])

  const imported: Api.ImportedContact[] = []
  const popular: Api.PopularContact[] = []
  const retry: ReturnType<typeof long>[] = []
  const users = new Map<number, Api.User>()
  contacts.forEach((input, index) => {
    if (!(input instanceof Api.InputPhoneContact)) return
    if (index >= allowed) {
      retry.push(input.clientId)
      return
    }
    const phone = normalizePhone(input.phone)
    if (phone === '') return
    const firstName = input.firstName.trim()
    const lastName = input.lastName.trim()
    const known = account.saved.has(phone)
    account.saved.set(phone, { phone, firstName, lastName, date: account.saved.get(phone)?.date ?? t })
    const user = world.userByPhone(phone)
    if (user === undefined || user.deleted || user.id === ownerId) {
      if (user === undefined) {
        const importers = (world.phoneImporters.get(phone) ?? 0) + (known ? 0 : 1)
        world.phoneImporters.set(phone, importers)
        if (importers > 1) popular.push(new Api.PopularContact({ clientId: input.clientId, importers }))
      }
      return
    }
    // "Who can find me by my number: my contacts" hides the account from strangers' imports.
    if (!user.findableByPhone && !world.isContact(user.id, ownerId)) return
    world.addContact(ownerId, user.id, { firstName, lastName, phone, date: world.contactsOf(ownerId).get(user.id)?.date ?? t })
    imported.push(new Api.ImportedContact({ userId: long(user.id), clientId: input.clientId }))
    users.set(user.id, apiUser(world, ownerId, user))
  })
  return new Api.contacts.ImportedContacts({ imported, popularInvites: popular, retryContacts: retry, users: [...users.values()] })
}

export function registerContacts(registry: Registry): void {
  registry
    .on(Api.contacts.GetContacts, 'user', (request, ctx, env) => {
      const hash = toBigint(request.hash)
      if (hash !== 0n && hash === env.world.contactsHash(ctx.userId)) return new Api.contacts.ContactsNotModified()
      return contactsList(env.world, ctx.userId)
    })
    .on(Api.contacts.GetContactIDs, 'user', (_request, ctx, env) => {
      // Contacts' ids; 0 for saved phone contacts without a (findable) Telegram account.
      const { world } = env
      const account = world.account(ctx.userId)
      const ids = [...account.contacts.keys()]
      const contactPhones = new Set([...account.contacts.values()].map((entry) => entry.phone))
      for (const saved of account.saved.values()) if (!contactPhones.has(saved.phone)) ids.push(0)
      return intVector(ids.sort((a, b) => a - b))
    })
    .on(Api.contacts.GetStatuses, 'user', (_request, ctx, env) => {
      const statuses: Api.ContactStatus[] = []
      for (const id of env.world.contactsOf(ctx.userId).keys()) {
        const user = env.world.user(id)
        if (user !== undefined) statuses.push(new Api.ContactStatus({ userId: long(id), status: apiStatus(user.status) }))
      }
      return vector(statuses)
    })
    .on(Api.contacts.Search, 'user', (request, ctx, env) => {
      const { world } = env
      const query = foldForSearch(request.q.trim())
      if (query === '') throw new RpcError('SEARCH_QUERY_EMPTY')
      if (query.replace(/^@/, '').length < world.searchMinLength) throw new RpcError('QUERY_TOO_SHORT')
      const limit = Math.max(1, Math.min(request.limit, 100))
      const mine: number[] = []
      for (const [id, entry] of world.contactsOf(ctx.userId)) {
        const user = world.user(id)
        if (user !== undefined && mine.length < limit && matches(user, entry, query)) mine.push(id)
      }
      // Global results: public (username) accounts only, never our own contacts or ourselves.
      const global: number[] = []
      for (const user of world.users) {
        if (global.length >= limit) break
        if (user.username === undefined || user.id === ctx.userId || world.isContact(ctx.userId, user.id)) continue
        if (matches(user, user, query)) global.push(user.id)
      }
      const users = [...mine, ...global].map((id) => apiUser(world, ctx.userId, world.requireUser(id)))
      return new Api.contacts.Found({ myResults: mine.map(peerUser), results: global.map(peerUser), chats: [], users })
    })
    .on(Api.contacts.ResolveUsername, 'user', (request, ctx, env) => {
      const name = request.username.replace(/^@/, '')
      if (!/^[a-zA-Z][a-zA-Z0-9_]{3,31}$/.test(name)) throw new RpcError('USERNAME_INVALID')
      const user = env.world.userByUsername(name)
      if (user === undefined) throw new RpcError('USERNAME_NOT_OCCUPIED')
      return new Api.contacts.ResolvedPeer({ peer: peerUser(user.id), chats: [], users: [apiUser(env.world, ctx.userId, user)] })
    })
    .on(Api.contacts.ResolvePhone, 'user', (request, ctx, env) => {
      const user = env.world.userByPhone(request.phone)
      if (user === undefined) throw new RpcError('PHONE_NOT_OCCUPIED')
      if (!user.findableByPhone && !env.world.isContact(user.id, ctx.userId)) throw new RpcError('PHONE_NOT_OCCUPIED')
      return new Api.contacts.ResolvedPeer({ peer: peerUser(user.id), chats: [], users: [apiUser(env.world, ctx.userId, user)] })
    })
    .on(Api.contacts.ImportContacts, 'user', (request, ctx, env) => importContacts(env, ctx.userId, request.contacts))
    .on(Api.contacts.AddContact, 'user', (request, ctx, env) => {
      const { world } = env
      const user = findInputUser(world, ctx.userId, request.id)
      if (user === undefined || user.id === ctx.userId) throw new RpcError('CONTACT_ID_INVALID')
      const firstName = request.firstName.trim()
      const lastName = request.lastName.trim()
      if (firstName === '' && lastName === '') throw new RpcError('CONTACT_NAME_EMPTY')
      const phone = normalizePhone(request.phone) || world.phoneSeenBy(user, ctx.userId)
      const previous = world.contactsOf(ctx.userId).get(user.id)
      world.addContact(ctx.userId, user.id, {
        firstName: firstName || lastName,
        lastName: firstName === '' ? '' : lastName,
        phone: phone || undefined,
        date: previous?.date ?? now(),
      })
      if (request.addPhonePrivacyException) world.sharePhone(ctx.userId, user.id)
      notifyPeer(env, user.id, ctx.userId)
      return peerSettingsUpdates(world, ctx.userId, user)
    })
    .on(Api.contacts.AcceptContact, 'user', (request, ctx, env) => {
      const { world } = env
      const user = findInputUser(world, ctx.userId, request.id)
      if (user === undefined || user.id === ctx.userId) throw new RpcError('CONTACT_ID_INVALID')
      if (!world.peerSettings(ctx.userId, user.id).shareContact) throw new RpcError('CONTACT_REQ_MISSING')
      world.sharePhone(ctx.userId, user.id)
      notifyPeer(env, user.id, ctx.userId)
      return peerSettingsUpdates(world, ctx.userId, user)
    })
    .on(Api.contacts.DeleteContacts, 'user', (request, ctx, env) => {
      const { world } = env
      const users: Api.User[] = []
      const updates: Api.TypeUpdate[] = []
      for (const input of request.id) {
        const user = findInputUser(world, ctx.userId, input)
        if (user === undefined || !world.deleteContact(ctx.userId, user.id)) continue
        users.push(apiUser(world, ctx.userId, user))
        updates.push(updatePeerSettings(world, ctx.userId, user.id))
        notifyPeer(env, user.id, ctx.userId)
      }
      return updatesOf(updates, users)
    })
    .on(Api.contacts.DeleteByPhones, 'user', (request, ctx, env) => {
      const { world } = env
      const account = world.account(ctx.userId)
      const phones = new Set(request.phones.map(normalizePhone))
      for (const phone of phones) account.saved.delete(phone)
      for (const [id, entry] of [...account.contacts]) {
        const user = world.user(id)
        if ((entry.phone !== undefined && phones.has(entry.phone)) || (user !== undefined && phones.has(user.phone))) {
          world.deleteContact(ctx.userId, id)
        }
      }
      return bool(true)
    })
    .on(Api.contacts.ResetSaved, 'user', (_request, ctx, env) => {
      env.world.account(ctx.userId).saved.clear()
      return bool(true)
    })
    .on(Api.contacts.Block, 'user', (request, ctx, env) => {
      const user = findInputPeerUser(env.world, ctx.userId, request.id)
      if (user === undefined || user.id === ctx.userId) throw new RpcError('CONTACT_ID_INVALID')
      env.world.account(ctx.userId).blocked.add(user.id)
      return bool(true)
    })
    .on(Api.contacts.Unblock, 'user', (request, ctx, env) => {
      const user = findInputPeerUser(env.world, ctx.userId, request.id)
      if (user === undefined || user.id === ctx.userId) throw new RpcError('CONTACT_ID_INVALID')
      return bool(env.world.account(ctx.userId).blocked.delete(user.id))
    })
    .on(Api.messages.ReportSpam, 'user', (request, ctx, env) => {
      const user = findInputPeerUser(env.world, ctx.userId, request.peer)
      if (user === undefined) throw new RpcError('PEER_ID_INVALID')
      env.world.account(ctx.userId).spamReports.push(user.id)
      return bool(true)
    })
    .on(Api.contacts.GetBirthdays, 'user', (_request, ctx, env) => {
      // Contacts whose birthday (as we may see it) falls within a day either side of today.
      const { world } = env
      const today = new Date()
      const near = [-1, 0, 1].map((offset) => {
        const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() + offset)
        return `${d.getMonth() + 1}-${d.getDate()}`
      })
      const found: Array<{ user: WorldUser; birthday: Api.Birthday }> = []
      for (const id of world.contactsOf(ctx.userId).keys()) {
        const user = world.user(id)
        const birthday = user === undefined ? undefined : world.birthdaySeenBy(user, ctx.userId)
        if (user !== undefined && birthday !== undefined && near.includes(`${birthday.month}-${birthday.day}`)) found.push({ user, birthday: apiBirthday(birthday)! })
      }
      return new Api.contacts.ContactBirthdays({
        contacts: found.map(({ user, birthday }) => new Api.ContactBirthday({ contactId: long(user.id), birthday })),
        users: found.map(({ user }) => apiUser(world, ctx.userId, user)),
      })
    })
    .on(Api.contacts.GetSaved, 'user', (_request, ctx, env) => {
      if (ctx.takeoutId === undefined) throw new RpcError('TAKEOUT_REQUIRED')
      const saved = [...env.world.account(ctx.userId).saved.values()].sort((a, b) => a.date - b.date)
      return vector(
        saved.map((entry) => new Api.SavedPhoneContact({ phone: entry.phone, firstName: entry.firstName, lastName: entry.lastName, date: entry.date })),
      )
    })
}

/** Tells the other side of a contact change what their chat bar now shows (if they are online here). */
function notifyPeer(env: HandlerEnv, userId: number, changedBy: number): void {
  const { world } = env
  const other = world.user(changedBy)
  if (other === undefined) return
  env.pushToUser(userId, peerSettingsUpdates(world, userId, other))
}
