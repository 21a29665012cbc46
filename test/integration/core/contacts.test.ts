import { beforeAll, describe, expect, it } from 'vitest'
import { Api } from 'telegram'
import type { Emulator } from '../../emulator'
import { contactsHash } from '../../../electron/core/contacts/contacts-hash'
import { buildTelegramClient } from '../../../electron/core/telegram/client-factory'
import { ConnectionWatch } from '../../../electron/core/telegram/connection/watch'
import { writeAccountFile } from '../../../electron/core/telegram/account-file'
import { secretAccounts } from '../../../electron/core/secrets/secret-store'
import { useEmulatorCores } from './helpers'

const cores = useEmulatorCores({ seed: 11, users: 400, contacts: 250 }, (emulator) => ({ session: emulator.account.session }))
const { open } = cores
let emulator: Emulator
beforeAll(() => {
  emulator = cores.emulator
})

const contactIds = (): number[] => [...emulator.world.contactsOf(emulator.world.accountId).keys()]

describe('the contact list', () => {
  it('loads from Telegram, then opens from the cache and refreshes with the hash (contactsNotModified)', async () => {
    const first = await open()
    emulator.clearCalls()
    const list = await first.call('contacts.list')
    expect(list.source).toBe('telegram')
    expect(list.contacts.map((contact) => contact.id).sort()).toEqual(contactIds().map(String).sort())
    expect(list.savedCount).toBe(emulator.world.account(emulator.world.accountId).saved.size)
    expect(emulator.callsOf('contacts.GetContacts')[0]?.params.hash).toBe('0')
    const alice = list.contacts[0]!
    expect(alice).not.toHaveProperty('accessHash')
    await first.dispose()

    emulator.clearCalls()
    const second = await open({ dataDir: first.dataDir, secrets: first.secrets })
    const cached = await second.call('contacts.list')
    expect(cached.source).toBe('cache')
    expect(cached.contacts).toEqual(list.contacts)
    expect(emulator.callsOf('contacts.GetContacts')).toHaveLength(0)

    const refreshed = await second.call('contacts.refresh')
    expect(refreshed.source).toBe('telegram')
    const [getContacts] = emulator.callsOf('contacts.GetContacts')
    expect(getContacts?.params.hash).toBe((await contactsHash(list.savedCount, contactIds().map(String))).toString())
    expect(getContacts?.outcome).toEqual({ kind: 'result', className: 'contacts.ContactsNotModified' })
    expect(emulator.callsOf('contacts.GetStatuses')).toHaveLength(1)
    expect(refreshed.contacts.length).toBe(list.contacts.length)
  })

  it('opens from the cache while offline and says NETWORK on refresh', async () => {
    const online = await cores.openExact({ envCredentials: true, session: emulator.account.session })
    const list = await online.call('contacts.list')
    // What a sign-in leaves behind: the session in the keychain, the user in the account file.
    await online.dispose()
    const secrets = online.secrets
    await secrets.set(secretAccounts.session, emulator.account.session)
    await writeAccountFile(online.dataDir, { apiId: 424242, self: { id: String(emulator.account.id), firstName: '', lastName: '', username: null, phone: null } })
    const closed = { ...emulator.endpoint, port: emulator.endpoint.port === 32767 ? 32766 : emulator.endpoint.port + 1 }
    const offline = await cores.openExact({ secrets, dataDir: online.dataDir, endpoint: closed })
    expect(await offline.call('auth.status')).toMatchObject({ state: 'signedIn' })
    const cached = await offline.call('contacts.list')
    expect(cached.source).toBe('cache')
    expect(cached.contacts).toEqual(list.contacts)
    expect(await offline.fail('contacts.refresh')).toMatchObject({ code: 'NETWORK' })
  })

  it('gets the full list again when it changed on the server, and says so', async () => {
    const core = await open()
    await core.call('contacts.list')
    const stranger = emulator.world.strangers(1)[0]!.user
    emulator.world.addContact(emulator.world.accountId, stranger.id, { firstName: 'Late', lastName: 'Addition', phone: undefined, date: 1 })
    emulator.clearCalls()
    const refreshed = await core.call('contacts.refresh')
    expect(emulator.callsOf('contacts.GetContacts')[0]?.outcome).toEqual({ kind: 'result', className: 'contacts.Contacts' })
    expect(refreshed.contacts.find((contact) => contact.id === String(stranger.id))?.firstName).toBe('Late')
    expect(core.seen('contacts.reloaded').at(-1)).toEqual({ count: refreshed.contacts.length, revision: expect.any(Number) })
    emulator.world.deleteContact(emulator.world.accountId, stranger.id)
  })

  it('keeps statuses current from pushed updates and getStatuses', async () => {
    const core = await open()
    const list = await core.call('contacts.list')
    const target = Number(list.contacts[3]!.id)
    const expires = Math.floor(Date.now() / 1000) + 600
    emulator.setUserStatus(target, { kind: 'online', expires })
    const change = await core.waitFor('statuses.changed', (payload) => payload.statuses.some((entry) => entry.id === String(target)))
    expect(change.statuses.find((entry) => entry.id === String(target))?.status).toEqual({ kind: 'online', expires })
    expect((await core.call('contacts.list')).contacts.find((contact) => contact.id === String(target))?.status).toEqual({ kind: 'online', expires })

    // A change the client missed (no push) arrives with the next refresh's getStatuses.
    emulator.world.setStatus(target, { kind: 'lastWeek' })
    await core.call('contacts.refresh')
    await core.waitFor('statuses.changed', (payload) => payload.statuses.some((entry) => entry.id === String(target) && entry.status.kind === 'lastWeek'))

    // Statuses are saved at exit, so the next start shows them from the cache.
    await core.dispose()
    const next = await open({ dataDir: core.dataDir, secrets: core.secrets })
    const cached = await next.call('contacts.list')
    expect(cached.source).toBe('cache')
    expect(cached.contacts.find((contact) => contact.id === String(target))?.status).toEqual({ kind: 'lastWeek' })
  })

  it('applies pushed name and phone changes as upserts', async () => {
    const core = await open()
    const list = await core.call('contacts.list')
    const target = list.contacts[5]!
    emulator.push(new Api.UpdateUserName({ userId: BigInt(target.id) as never, firstName: 'Renamed', lastName: 'Person', usernames: [] }))
    const upsert = await core.waitFor('contacts.upserted', (payload) => payload.contacts.some((contact) => contact.id === target.id))
    expect(upsert.contacts.find((contact) => contact.id === target.id)).toMatchObject({ firstName: 'Renamed', lastName: 'Person', username: null })
  })

  it('batches a burst of status updates into few events', async () => {
    const core = await open()
    const list = await core.call('contacts.list')
    const now = Math.floor(Date.now() / 1000)
    for (const [index, contact] of list.contacts.slice(0, 200).entries()) emulator.setUserStatus(Number(contact.id), { kind: 'offline', wasOnline: now - index })
    await core.waitFor('statuses.changed', () => core.seen('statuses.changed').flatMap((p) => p.statuses).filter((s) => s.status.kind === 'offline' && s.status.wasOnline > now - 200).length >= 200)
    expect(core.seen('statuses.changed').length).toBeLessThan(20)
  })

  it('shows details from users.getFullUser', async () => {
    const core = await open()
    const list = await core.call('contacts.list')
    const details = await core.call('contacts.details', { id: list.contacts[0]!.id })
    expect(details).toMatchObject({ id: list.contacts[0]!.id, isContact: true, commonChatsCount: 0, needContactsException: expect.any(Boolean) })
    expect(await core.fail('contacts.details', { id: '123' })).toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('global search', () => {
  it('returns people who are not contacts, and nothing for a too-short query', async () => {
    const core = await open()
    const list = await core.call('contacts.list')
    const stranger = emulator.world.strangers(50).find((entry) => entry.user.username !== undefined)!.user
    const { people } = await core.call('contacts.searchGlobal', { query: stranger.username!.slice(0, 8) })
    expect(people.map((person) => person.id)).toContain(String(stranger.id))
    const contactIdSet = new Set(list.contacts.map((contact) => contact.id))
    expect(people.every((person) => !person.isContact && !contactIdSet.has(person.id))).toBe(true)
    expect(await core.call('contacts.searchGlobal', { query: 'ab' })).toEqual({ people: [] })
    expect(emulator.callsOf('contacts.Search').at(-1)?.outcome).toMatchObject({ kind: 'error', message: 'QUERY_TOO_SHORT' })
  })
})

describe('delete (issue 11.2: the undo window lives in the core)', () => {
  const sentIds = () => emulator.callsOf('contacts.DeleteContacts').flatMap((call) => (call.params.id as Array<{ userId: string }>).map((u) => u.userId))
  const isContact = (id: string) => emulator.world.isContact(emulator.world.accountId, Number(id))

  it('waits for Undo, then deletes in batches and tells the renderer', async () => {
    const core = await open({ coreOptions: { deleteUndoMs: 300 } })
    const list = await core.call('contacts.list')
    const victims = list.contacts.slice(0, 150).map((contact) => contact.id)
    emulator.clearCalls()
    const { pending } = await core.call('contacts.delete', { ids: victims, label: 'Deleted 150 contacts' })
    expect(pending).toMatchObject({ kind: 'contacts', ids: victims, label: 'Deleted 150 contacts', remainingMs: 300 })
    expect(await core.call('deletes.pending')).toEqual({ pending: [expect.objectContaining({ id: pending.id })] })
    expect(emulator.callsOf('contacts.DeleteContacts')).toHaveLength(0)
    await core.waitFor('deletes.changed', (p) => p.pending.length === 0 && emulator.callsOf('contacts.DeleteContacts').length > 0)
    await expect.poll(() => sentIds().length).toBe(150)
    expect(emulator.callsOf('contacts.DeleteContacts').map((call) => (call.params.id as unknown[]).length)).toEqual([100, 50])
    for (const id of victims) expect(isContact(id)).toBe(false)
    expect(core.seen('contacts.removed').flatMap((payload) => payload.ids).sort()).toEqual([...victims].sort())
    const after = await core.call('contacts.list')
    expect(after.contacts.some((contact) => victims.includes(contact.id))).toBe(false)
    // The next refresh agrees with the server (hash matches: nothing to download).
    emulator.clearCalls()
    await core.call('contacts.refresh')
    expect(emulator.callsOf('contacts.GetContacts')[0]?.outcome).toEqual({ kind: 'result', className: 'contacts.ContactsNotModified' })
  })

  it('sends nothing when undone, and says an undo came too late', async () => {
    const core = await open({ coreOptions: { deleteUndoMs: 400 } })
    const victim = (await core.call('contacts.list')).contacts[0]!.id
    emulator.clearCalls()
    const { pending } = await core.call('contacts.delete', { ids: [victim], label: 'Deleted one' })
    expect(await core.call('deletes.undo', { id: pending.id })).toEqual({ undone: true })
    expect(await core.call('deletes.pending')).toEqual({ pending: [] })
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(emulator.callsOf('contacts.DeleteContacts')).toHaveLength(0)
    expect(isContact(victim)).toBe(true)
    expect(await core.call('deletes.undo', { id: pending.id })).toEqual({ undone: false })
  })

  it('sends a waiting delete when the core is disposed (quit), before Telegram disconnects', async () => {
    const core = await open({ coreOptions: { deleteUndoMs: 600_000 } })
    const victim = (await core.call('contacts.list')).contacts[1]!.id
    emulator.clearCalls()
    await core.call('contacts.delete', { ids: [victim], label: 'Deleted one' })
    expect(emulator.callsOf('contacts.DeleteContacts')).toHaveLength(0)
    await core.dispose()
    expect(sentIds()).toEqual([victim])
    expect(isContact(victim)).toBe(false)
  })

  it('sends a delete a previous run announced but never sent, at the next start', async () => {
    const crashed = await open({ coreOptions: { deleteUndoMs: 600_000 } })
    const victim = (await crashed.call('contacts.list')).contacts[2]!.id
    await crashed.call('contacts.delete', { ids: [victim], label: 'Deleted one' })
    emulator.clearCalls()
    // The same data folder opened again while the first run never got to send (as after a crash).
    const next = await open({ dataDir: crashed.dataDir, secrets: crashed.secrets })
    await expect.poll(() => sentIds(), { timeout: 10_000 }).toEqual([victim])
    expect(isContact(victim)).toBe(false)
    // Telegram's answer reaches the core a moment after the emulator logged the call.
    await expect.poll(() => next.call('deletes.pending')).toEqual({ pending: [] })
  })

  it('says so when Telegram refuses, and keeps the contacts', async () => {
    const core = await open({ coreOptions: { deleteUndoMs: 100 } })
    const victim = (await core.call('contacts.list')).contacts[3]!.id
    emulator.script('contacts.DeleteContacts', { error: 'FLOOD_WAIT_30' })
    const { pending } = await core.call('contacts.delete', { ids: [victim], label: 'Deleted one' })
    const failed = await core.waitFor('deletes.failed', (p) => p.id === pending.id)
    expect(failed).toMatchObject({ kind: 'contacts', count: 1, error: { code: 'FLOOD_WAIT', seconds: 30 } })
    expect((await core.call('contacts.list')).contacts.some((contact) => contact.id === victim)).toBe(true)
    expect(isContact(victim)).toBe(true)
    expect(await core.call('deletes.pending')).toEqual({ pending: [] })
  })
})

describe('answers packed together', () => {
  it('a failing request does not swallow the answer that came in the same container', async () => {
    // Both requests leave in one container and the emulator answers them in one; GramJS alone loses the second answer.
    const client = buildTelegramClient({ apiId: 1, apiHash: 'x', session: emulator.account.session, endpoint: emulator.endpoint, watch: new ConnectionWatch() })
    await client.connect()
    try {
      for (let round = 0; round < 10; round++) {
        const failing = client.invoke(new Api.contacts.Search({ q: 'ab', limit: 5 })).then(
          () => 'answered',
          (error: Error & { errorMessage?: string }) => error.errorMessage,
        )
        const statuses = client.invoke(new Api.contacts.GetStatuses()).then((result) => result.length)
        const lost = new Promise((resolve) => setTimeout(() => resolve('lost'), 3000).unref())
        expect(await Promise.race([Promise.all([failing, statuses]), lost])).toEqual(['QUERY_TOO_SHORT', contactIds().length])
      }
    } finally {
      await client.destroy()
    }
  })
})
