import { beforeAll, describe, expect, it } from 'vitest'
import { Api, type TelegramClient } from 'telegram'
import type { Emulator, WorldUser } from '../../emulator/index.js'
import { rpcError, useEmulator } from './helpers.js'

const fixture = useEmulator({ seed: 5, users: 300, contacts: 60 })
let emu: Emulator
let c: TelegramClient
let me: number

/** The hash core.telegram.org/api/offsets describes, written independently of the emulator. */
function docsHash(numbers: readonly bigint[]): bigint {
  let hash = 0n
  for (const n of numbers) {
    hash = BigInt.asUintN(64, hash ^ (hash >> 21n))
    hash = BigInt.asUintN(64, hash ^ (hash << 35n))
    hash = BigInt.asUintN(64, hash ^ (hash >> 4n))
    hash = BigInt.asUintN(64, hash + n)
  }
  return BigInt.asIntN(64, hash)
}

const input = (user: WorldUser): Api.InputUser => new Api.InputUser({ userId: user.id as never, accessHash: user.accessHash.toString() as never })
const getContacts = async (hash: bigint = 0n): Promise<Api.contacts.TypeContacts> =>
  c.invoke(new Api.contacts.GetContacts({ hash: hash.toString() as never }))
const contactList = async (): Promise<Api.contacts.Contacts> => (await getContacts()) as Api.contacts.Contacts
const ids = (users: Api.TypeUser[]): number[] => users.map((user) => Number(user.id.toString()))

function stranger(predicate: (s: { user: WorldUser; needContactsException: boolean; addedUs: boolean }) => boolean): WorldUser {
  const found = emu.world.strangers(500).find(predicate)
  if (found === undefined) throw new Error('the seeded world has no such stranger')
  return found.user
}

let nextId = 900_000_000
function addUser(fields: Partial<WorldUser> & Pick<WorldUser, 'firstName'>): WorldUser {
  return emu.world.addUser({
    id: nextId++,
    accessHash: BigInt(nextId) * 7919n,
    lastName: '',
    username: undefined,
    phone: emu.world.randomPhone(),
    status: { kind: 'recently' },
    phonePrivacy: 'everybody',
    findableByPhone: true,
    bot: false,
    deleted: false,
    ...fields,
  })
}

beforeAll(async () => {
  emu = fixture.emu
  me = emu.account.id
  c = await fixture.client()
})

describe('reading the contact list', () => {
  it('returns every contact with contact, mutual flags and the names the account saved', async () => {
    const list = await contactList()
    const world = emu.world.contactsOf(me)
    expect(list.contacts).toHaveLength(world.size)
    expect(list.savedCount).toBe(emu.world.account(me).saved.size)
    for (const contact of list.contacts) {
      const id = Number(contact.userId.toString())
      expect(contact.mutual).toBe(emu.world.isContact(id, me))
    }
    expect(list.contacts.some((contact) => contact.mutual)).toBe(true)
    expect(list.contacts.some((contact) => !contact.mutual)).toBe(true)
    for (const user of list.users as Api.User[]) {
      const entry = world.get(Number(user.id.toString()))
      expect(user.contact).toBe(true)
      expect(user.firstName).toBe(entry?.firstName)
    }
  })

  it('answers contactsNotModified for the documented hash, and the full list otherwise', async () => {
    const list = await contactList()
    const sorted = ids(list.users).sort((a, b) => a - b)
    const hash = docsHash([BigInt(list.savedCount), ...sorted.map(BigInt)])
    expect(await getContacts(hash)).toBeInstanceOf(Api.contacts.ContactsNotModified)
    expect(await getContacts(hash + 1n)).toBeInstanceOf(Api.contacts.Contacts)
  })

  it('lists contact ids with 0 for saved numbers without an account', async () => {
    const result = await c.invoke(new Api.contacts.GetContactIDs({ hash: 0 as never }))
    const account = emu.world.account(me)
    const contactIds = [...account.contacts.keys()]
    expect(result.filter((id) => id !== 0).sort((a, b) => a - b)).toEqual(contactIds.sort((a, b) => a - b))
    const knownPhones = new Set([...account.contacts.values()].map((entry) => entry.phone))
    expect(result.filter((id) => id === 0)).toHaveLength([...account.saved.keys()].filter((phone) => !knownPhones.has(phone)).length)
  })

  it("gives every contact's status", async () => {
    const statuses = await c.invoke(new Api.contacts.GetStatuses())
    expect(statuses.map((s) => Number(s.userId.toString())).sort()).toEqual([...emu.world.contactsOf(me).keys()].sort())
    const kinds = new Set(statuses.map((s) => s.status.className))
    expect(kinds.size).toBeGreaterThanOrEqual(4)
    for (const s of statuses) {
      const kind = emu.world.requireUser(Number(s.userId.toString())).status.kind
      const expected = { online: 'UserStatusOnline', offline: 'UserStatusOffline', recently: 'UserStatusRecently', lastWeek: 'UserStatusLastWeek', lastMonth: 'UserStatusLastMonth', empty: 'UserStatusEmpty' }[kind]
      expect(s.status.className).toBe(expected)
    }
  })
})

describe('finding people', () => {
  it('searches contacts into my_results and others with a username into results, accent-insensitive', async () => {
    const friend = addUser({ firstName: 'Zoë', lastName: 'Quellenberg', username: 'zquellenberg' })
    emu.world.addContact(me, friend.id, { firstName: 'Zoë', lastName: 'Quellenberg', phone: friend.phone, date: 1 })
    const publicUser = addUser({ firstName: 'Zoe', lastName: 'Quellmann', username: 'quellmann_z' })
    addUser({ firstName: 'Zoé', lastName: 'Quelle' })
    const found = await c.invoke(new Api.contacts.Search({ q: 'quell', limit: 10 }))
    expect(found.myResults.map((p) => (p as Api.PeerUser).userId.toString())).toEqual([String(friend.id)])
    expect(found.results.map((p) => (p as Api.PeerUser).userId.toString())).toEqual([String(publicUser.id)])
    const byName = await c.invoke(new Api.contacts.Search({ q: 'zoe quel', limit: 10 }))
    expect(byName.myResults).toHaveLength(1)
    expect(ids(byName.users)).toEqual(expect.arrayContaining([friend.id, publicUser.id]))
  })

  it('answers QUERY_TOO_SHORT and SEARCH_QUERY_EMPTY', async () => {
    expect((await rpcError(c.invoke(new Api.contacts.Search({ q: 'zo', limit: 5 })))).errorMessage).toBe('QUERY_TOO_SHORT')
    expect((await rpcError(c.invoke(new Api.contacts.Search({ q: '  ', limit: 5 })))).errorMessage).toBe('SEARCH_QUERY_EMPTY')
  })

  it('resolves usernames', async () => {
    const target = emu.world.users.find((user) => user.username !== undefined && user.id !== me)!
    const resolved = await c.invoke(new Api.contacts.ResolveUsername({ username: target.username!.toUpperCase() }))
    expect((resolved.peer as Api.PeerUser).userId.toString()).toBe(String(target.id))
    expect((resolved.users[0] as Api.User).accessHash?.toString()).toBe(target.accessHash.toString())
    expect((await rpcError(c.invoke(new Api.contacts.ResolveUsername({ username: 'nobody_has_this' })))).errorMessage).toBe('USERNAME_NOT_OCCUPIED')
    expect((await rpcError(c.invoke(new Api.contacts.ResolveUsername({ username: 'a!' })))).errorMessage).toBe('USERNAME_INVALID')
  })

  it('hides phones by privacy', async () => {
    const hidden = stranger(({ user }) => user.phonePrivacy === 'nobody' && !emu.world.account(user.id).phoneExceptions.has(me))
    const visible = stranger(({ user }) => user.phonePrivacy === 'everybody')
    const [a, b] = (await c.invoke(new Api.users.GetUsers({ id: [input(hidden), input(visible)] }))) as Api.User[]
    expect(a?.phone).toBeNull()
    expect(b?.phone).toBe(visible.phone)
  })

  it('answers userEmpty for a user asked for with a wrong access hash', async () => {
    const user = stranger(() => true)
    const [result] = await c.invoke(new Api.users.GetUsers({ id: [new Api.InputUser({ userId: user.id as never, accessHash: '1' as never })] }))
    expect(result).toBeInstanceOf(Api.UserEmpty)
    expect(result?.id.toString()).toBe(String(user.id))
  })
})

describe('peer settings', () => {
  it('sets need_contacts_exception when our phone is hidden from them, and share_contact when they added us without it', async () => {
    const needs = stranger((s) => s.needContactsException && !s.addedUs)
    const sees = stranger((s) => !s.needContactsException && !s.addedUs)
    const addedUs = stranger((s) => s.addedUs && s.needContactsException)
    const full = await c.invoke(new Api.users.GetFullUser({ id: input(needs) }))
    expect(full.fullUser.settings.needContactsException).toBe(true)
    expect(full.fullUser.settings.addContact).toBe(true)
    expect(full.fullUser.settings.shareContact).toBe(false)
    expect((await c.invoke(new Api.users.GetFullUser({ id: input(sees) }))).fullUser.settings.needContactsException).toBe(false)
    const peer = await c.invoke(new Api.messages.GetPeerSettings({ peer: new Api.InputPeerUser({ userId: addedUs.id as never, accessHash: addedUs.accessHash.toString() as never }) }))
    expect(peer.settings.shareContact).toBe(true)
  })

  it('answers USER_ID_INVALID and PEER_ID_INVALID for a wrong access hash', async () => {
    const user = stranger(() => true)
    const wrong = new Api.InputUser({ userId: user.id as never, accessHash: '1' as never })
    expect((await rpcError(c.invoke(new Api.users.GetFullUser({ id: wrong })))).errorMessage).toBe('USER_ID_INVALID')
    const wrongPeer = new Api.InputPeerUser({ userId: user.id as never, accessHash: '1' as never })
    expect((await rpcError(c.invoke(new Api.messages.GetPeerSettings({ peer: wrongPeer })))).errorMessage).toBe('PEER_ID_INVALID')
  })
})

describe('recent chats', () => {
  const getDialogs = (limit: number, offsetId = 0) =>
    c.invoke(new Api.messages.GetDialogs({ offsetDate: 0, offsetId, offsetPeer: new Api.InputPeerEmpty(), limit, hash: 0 as never }))
  const peerId = (dialog: Api.TypeDialog): number => Number((dialog.peer as Api.PeerUser).userId.toString())

  it('lists private chats with contacts and with people who added us, newest first, page by page', async () => {
    const world = emu.world
    const expected = new Set([...world.contactsOf(me).keys(), ...world.ownersOf(me)])
    expect(expected.size).toBeGreaterThan(100)

    const seen: number[] = []
    const dates: number[] = []
    let offsetId = 0
    for (;;) {
      const page = await getDialogs(100, offsetId)
      if (page instanceof Api.messages.DialogsNotModified) throw new Error('dialogsNotModified without a hash')
      if (page.dialogs.length === 0) break
      if (page instanceof Api.messages.DialogsSlice) expect(page.count).toBe(expected.size)
      expect(page.dialogs.length).toBeLessThanOrEqual(100)
      const messages = new Map(page.messages.map((message) => [message.id, message as Api.Message]))
      expect(new Set(ids(page.users))).toEqual(new Set(page.dialogs.map(peerId)))
      for (const dialog of page.dialogs) {
        const top = messages.get(dialog.topMessage)
        expect(Number((top?.peerId as Api.PeerUser).userId.toString())).toBe(peerId(dialog))
        seen.push(peerId(dialog))
        dates.push(top!.date)
      }
      offsetId = page.dialogs.at(-1)!.topMessage
    }
    expect(seen).toHaveLength(expected.size)
    expect(new Set(seen)).toEqual(expected)
    expect(dates).toEqual([...dates].sort((a, b) => b - a))
  })

  it('honours the limit with a dialogsSlice, and shows who added us as writing first', async () => {
    const slice = await getDialogs(3)
    expect(slice).toBeInstanceOf(Api.messages.DialogsSlice)
    expect((slice as Api.messages.DialogsSlice).dialogs).toHaveLength(3)
    const requester = stranger((s) => s.addedUs)
    const all: Api.Message[] = []
    for (let offsetId = 0; ; ) {
      const page = (await getDialogs(100, offsetId)) as Api.messages.DialogsSlice
      if (page.dialogs.length === 0) break
      all.push(...(page.messages as Api.Message[]))
      offsetId = page.dialogs.at(-1)!.topMessage
    }
    const chatWith = (userId: number) => all.find((message) => Number((message.peerId as Api.PeerUser).userId.toString()) === userId)
    expect(chatWith(requester.id)?.out).toBeFalsy()
    const oneWay = [...emu.world.contactsOf(me).keys()].find((id) => !emu.world.isContact(id, me))!
    expect(chatWith(oneWay)?.out).toBe(true)
  })
})

describe('changing the contact list', () => {
  it('adds a contact, sharing our phone when asked, and refuses empty names', async () => {
    const target = stranger((s) => s.needContactsException && !s.addedUs && !emu.world.isContact(me, s.user.id))
    const empty = await rpcError(c.invoke(new Api.contacts.AddContact({ id: input(target), firstName: ' ', lastName: '', phone: '' })))
    expect(empty.errorMessage).toBe('CONTACT_NAME_EMPTY')
    const before = await contactList()
    const updates = await c.invoke(
      new Api.contacts.AddContact({ id: input(target), firstName: 'Neue', lastName: 'Freundin', phone: '', addPhonePrivacyException: true }),
    )
    expect(updates).toBeInstanceOf(Api.Updates)
    const user = (updates as Api.Updates).users[0] as Api.User
    expect([user.contact, user.firstName, user.lastName]).toEqual([true, 'Neue', 'Freundin'])
    expect(emu.world.account(me).phoneExceptions.has(target.id)).toBe(true)
    expect(emu.callsOf('contacts.AddContact').at(-1)?.params).toMatchObject({ addPhonePrivacyException: true, firstName: 'Neue' })
    const full = await c.invoke(new Api.users.GetFullUser({ id: input(target) }))
    expect(full.fullUser.settings.needContactsException).toBe(false)
    expect(await getContacts(docsHash([BigInt(before.savedCount), ...ids(before.users).sort((a, b) => a - b).map(BigInt)]))).toBeInstanceOf(
      Api.contacts.Contacts,
    )
    expect((await contactList()).contacts).toHaveLength(before.contacts.length + 1)
  })

  it('accepts a contact request (shares our phone), and answers CONTACT_REQ_MISSING without one', async () => {
    const requester = stranger((s) => s.addedUs && s.needContactsException)
    const nobody = stranger((s) => !s.addedUs)
    expect((await rpcError(c.invoke(new Api.contacts.AcceptContact({ id: input(nobody) })))).errorMessage).toBe('CONTACT_REQ_MISSING')
    const updates = (await c.invoke(new Api.contacts.AcceptContact({ id: input(requester) }))) as Api.Updates
    const settings = (updates.updates[0] as Api.UpdatePeerSettings).settings
    expect(settings.shareContact).toBe(false)
    expect(emu.world.contactsOf(requester.id).get(me)?.phone).toBe(emu.account.phone.slice(1))
    expect((await rpcError(c.invoke(new Api.contacts.AcceptContact({ id: input(requester) })))).errorMessage).toBe('CONTACT_REQ_MISSING')
  })

  it('imports phone contacts: imported by client_id, popular invites, people not on Telegram saved', async () => {
    const findable = stranger(({ user }) => user.findableByPhone && !emu.world.isContact(me, user.id))
    const popular = emu.world.unregisteredPhones[0]!
    const lonely = emu.world.unregisteredPhones[7]!
    const importersBefore = emu.world.phoneImporters.get(popular) ?? 0
    const result = await c.invoke(
      new Api.contacts.ImportContacts({
        contacts: [
          new Api.InputPhoneContact({ clientId: 10 as never, phone: `+${findable.phone}`, firstName: 'Ann', lastName: 'Import' }),
          new Api.InputPhoneContact({ clientId: 11 as never, phone: popular, firstName: 'Popular', lastName: '' }),
          new Api.InputPhoneContact({ clientId: 12 as never, phone: lonely, firstName: 'Lonely', lastName: '' }),
        ],
      }),
    )
    expect(result.imported.map((i) => [i.clientId.toString(), i.userId.toString()])).toEqual([['10', String(findable.id)]])
    expect(ids(result.users)).toEqual([findable.id])
    expect((result.users[0] as Api.User).phone).toBe(findable.phone)
    expect(result.popularInvites.map((p) => [p.clientId.toString(), p.importers])).toEqual([['11', importersBefore + 1]])
    expect(result.retryContacts).toEqual([])
    const saved = emu.world.account(me).saved
    expect([findable.phone, popular, lonely].map((phone) => saved.get(phone.replace('+', ''))?.firstName)).toEqual(['Ann', 'Popular', 'Lonely'])
    expect(emu.world.contactsOf(me).get(findable.id)?.firstName).toBe('Ann')
  })

  it('does not reveal accounts that are findable by contacts only', async () => {
    const hiddenUser = addUser({ firstName: 'Hidden', findableByPhone: false })
    const result = await c.invoke(
      new Api.contacts.ImportContacts({ contacts: [new Api.InputPhoneContact({ clientId: 1 as never, phone: hiddenUser.phone, firstName: 'H', lastName: '' })] }),
    )
    expect(result.imported).toEqual([])
    expect(emu.world.account(me).saved.has(hiddenUser.phone)).toBe(true)
  })

  it('deletes contacts and returns the users as non-contacts', async () => {
    const before = await contactList()
    const victims = ids(before.users).slice(0, 2).map((id) => emu.world.requireUser(id))
    const updates = (await c.invoke(new Api.contacts.DeleteContacts({ id: victims.map(input) }))) as Api.Updates
    expect(ids(updates.users)).toEqual(victims.map((v) => v.id))
    expect(updates.users.every((user) => (user as Api.User).contact !== true)).toBe(true)
    const after = await contactList()
    expect(after.contacts).toHaveLength(before.contacts.length - 2)
    expect(ids(after.users)).not.toContain(victims[0]!.id)
  })

  it('deletes by phone, including numbers not on Telegram', async () => {
    const account = emu.world.account(me)
    const [contactId, entry] = [...account.contacts].find(([, e]) => e.phone !== undefined)!
    const notOnTelegram = [...account.saved.keys()].find((phone) => emu.world.userByPhone(phone) === undefined)!
    expect(await c.invoke(new Api.contacts.DeleteByPhones({ phones: [`+${entry.phone!}`, notOnTelegram] }))).toBe(true)
    expect(account.contacts.has(contactId)).toBe(false)
    expect(account.saved.has(notOnTelegram)).toBe(false)
    expect(account.saved.has(entry.phone!)).toBe(false)
  })

  it('resets saved phone contacts but keeps the contact list', async () => {
    const before = await contactList()
    expect(before.savedCount).toBeGreaterThan(0)
    expect(await c.invoke(new Api.contacts.ResetSaved())).toBe(true)
    const after = await contactList()
    expect(after.savedCount).toBe(0)
    expect(after.contacts).toHaveLength(before.contacts.length)
  })
})
