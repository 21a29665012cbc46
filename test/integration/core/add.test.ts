import { beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator'
import { useEmulatorCores, type TestCore } from './helpers'

const cores = useEmulatorCores({ seed: 23, users: 300, contacts: 80 }, (emulator) => ({ session: emulator.account.session }))
const open = (): Promise<TestCore> => cores.open()
let emulator: Emulator
beforeAll(() => {
  emulator = cores.emulator
})

const me = (): number => emulator.world.accountId
/** Strangers with a username, split by whether adding them needs the phone exception. */
function stranger(needsException: boolean, skip = 0) {
  const found = emulator.world
    .strangers(500)
    .filter((entry) => entry.user.username !== undefined && !entry.addedUs && entry.needContactsException === needsException)[skip]
  if (!found) throw new Error('the seeded world has no such stranger')
  return found.user
}

describe('add a Telegram user', () => {
  it('resolves @username, shows the phone checkbox flag, and sends add_phone_privacy_exception when chosen', async () => {
    const core = await open()
    await core.call('contacts.list')
    const person = stranger(true)
    const resolved = await core.call('people.resolve', { query: `@${person.username}` })
    expect(resolved).toMatchObject({ id: String(person.id), isContact: false, needContactsException: true })

    emulator.clearCalls()
    const { contact } = await core.call('contacts.add', { id: resolved.id, firstName: 'Found', lastName: 'Stranger', phone: '', sharePhone: true })
    expect(contact).toMatchObject({ id: String(person.id), firstName: 'Found', lastName: 'Stranger' })
    expect(emulator.callsOf('contacts.AddContact')[0]?.params).toMatchObject({ addPhonePrivacyException: true, firstName: 'Found', phone: '' })
    expect(emulator.world.isContact(me(), person.id)).toBe(true)
    expect(emulator.world.account(me()).phoneExceptions.has(person.id)).toBe(true)
    expect(core.seen('contacts.upserted').flatMap((payload) => payload.contacts).some((c) => c.id === String(person.id))).toBe(true)
    expect((await core.call('contacts.list')).contacts.some((c) => c.id === String(person.id))).toBe(true)
  })

  it('does not send the flag when the person needs no exception, or when the user unticks it', async () => {
    const core = await open()
    const plain = stranger(false)
    const resolved = await core.call('people.resolve', { query: `https://t.me/${plain.username}` })
    expect(resolved.needContactsException).toBe(false)
    emulator.clearCalls()
    await core.call('contacts.add', { id: resolved.id, firstName: plain.firstName || 'X', lastName: '', phone: '', sharePhone: false })
    expect(emulator.callsOf('contacts.AddContact')[0]?.params.addPhonePrivacyException).toBeFalsy()

    const declined = stranger(true, 1)
    const viaLink = await core.call('people.resolve', { query: `t.me/${declined.username}` })
    expect(viaLink.needContactsException).toBe(true)
    emulator.clearCalls()
    await core.call('contacts.add', { id: viaLink.id, firstName: 'No', lastName: 'Share', phone: '', sharePhone: false })
    expect(emulator.callsOf('contacts.AddContact')[0]?.params.addPhonePrivacyException).toBeFalsy()
    expect(emulator.world.account(me()).phoneExceptions.has(declined.id)).toBe(false)
  })

  it('renames an existing contact with the same call', async () => {
    const core = await open()
    const list = await core.call('contacts.list')
    const target = list.contacts[2]!
    const { contact } = await core.call('contacts.add', { id: target.id, firstName: 'New', lastName: 'Name', phone: '', sharePhone: false })
    expect(contact).toMatchObject({ id: target.id, firstName: 'New', lastName: 'Name' })
    const after = await core.call('contacts.list')
    expect(after.contacts.filter((c) => c.id === target.id)).toEqual([expect.objectContaining({ firstName: 'New', lastName: 'Name' })])
    expect(after.contacts.length).toBe(list.contacts.length)
  })

  it('explains errors from Telegram and unknown usernames', async () => {
    const core = await open()
    expect(await core.fail('people.resolve', { query: '@nobody_has_this_name' })).toMatchObject({ code: 'NOT_FOUND', rpcError: 'USERNAME_NOT_OCCUPIED' })
    expect(await core.fail('people.resolve', { query: 'not a username!' })).toMatchObject({ code: 'INVALID_INPUT' })
    const person = stranger(false, 1)
    const resolved = await core.call('people.resolve', { query: person.username! })
    emulator.script('contacts.AddContact', { error: 'CONTACT_NAME_EMPTY' })
    const error = await core.fail('contacts.add', { id: resolved.id, firstName: 'A', lastName: '', phone: '', sharePhone: false })
    expect(error).toMatchObject({ code: 'TELEGRAM', rpcError: 'CONTACT_NAME_EMPTY', message: 'A contact needs a first name.' })
    expect(await core.fail('contacts.add', { id: '42', firstName: 'A', lastName: '', phone: '', sharePhone: false })).toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('add by phone number', () => {
  it('adds a registered number as a contact with a fresh client_id', async () => {
    const core = await open()
    await core.call('contacts.list')
    const person = emulator.world.strangers(500).find((entry) => entry.user.findableByPhone && !entry.addedUs)!.user
    emulator.clearCalls()
    const result = await core.call('contacts.addByPhone', { firstName: 'By', lastName: 'Phone', phone: `+${person.phone}` })
    expect(result).toMatchObject({ result: 'added', contact: { id: String(person.id), firstName: 'By', lastName: 'Phone' } })
    const [call] = emulator.callsOf('contacts.ImportContacts')
    const sent = (call?.params.contacts as Array<Record<string, unknown>>)[0]!
    expect(sent).toMatchObject({ phone: person.phone, firstName: 'By', lastName: 'Phone' })
    expect(sent.clientId).not.toBe('0')
    expect((await core.call('contacts.list')).contacts.some((c) => c.id === String(person.id))).toBe(true)

    // The number is a contact's now: another name would rename them, so nothing is sent without renameExisting.
    expect(await core.call('contacts.addByPhone', { firstName: 'Again', lastName: '', phone: `+${person.phone}` })).toEqual({
      result: 'existing',
      phone: `+${person.phone}`,
      existing: { kind: 'contact', id: String(person.id), name: 'By Phone' },
    })
    expect(emulator.callsOf('contacts.ImportContacts')).toHaveLength(1)
    await core.call('contacts.addByPhone', { firstName: 'Again', lastName: '', phone: `+${person.phone}`, renameExisting: true })
    const second = (emulator.callsOf('contacts.ImportContacts')[1]?.params.contacts as Array<Record<string, unknown>>)[0]!
    expect(second).toMatchObject({ firstName: 'Again' })
    expect(second.clientId).not.toBe(sent.clientId)
  })

  it('refuses the account’s own number and a number that cannot be one, with a sentence for a person', async () => {
    const core = await open()
    emulator.clearCalls()
    const own = await core.fail('contacts.addByPhone', { firstName: 'Me', lastName: '', phone: `+${emulator.world.user(me())!.phone}` })
    expect(own).toMatchObject({ code: 'INVALID_INPUT', message: 'This is your own phone number. Telegram keeps you out of your own contacts.' })
    expect(await core.fail('contacts.addByPhone', { firstName: 'Bad', lastName: '', phone: '+49 1' })).toMatchObject({
      code: 'INVALID_INPUT',
      message: 'This is too short for a phone number. Check the digits and the country code.',
    })
    expect(emulator.callsOf('contacts.ImportContacts')).toHaveLength(0)
  })

  it('keeps an unregistered number as a saved phone contact and says so', async () => {
    const core = await open()
    await core.call('contacts.list')
    const phone = emulator.world.unregisteredPhones[6]!
    const result = await core.call('contacts.addByPhone', { firstName: 'Not', lastName: 'OnTelegram', phone: `+${phone}` })
    expect(result).toEqual({ result: 'notOnTelegram', phone: `+${phone}` })
    expect(emulator.world.account(me()).saved.get(phone)).toMatchObject({ firstName: 'Not', lastName: 'OnTelegram' })
    expect(await core.fail('contacts.addByPhone', { firstName: 'Bad', lastName: '', phone: '12' })).toMatchObject({ code: 'INVALID_INPUT' })
  })
})

describe('people who added us', () => {
  it('lists requesters, keeps the list current from updatePeerSettings, and shares our number', async () => {
    const core = await open()
    const strangers = emulator.world.strangers(500)
    const shares = (id: number): boolean => emulator.world.peerSettings(me(), id).shareContact
    // Everyone who added us has a recent chat with us (the emulator's messages.getDialogs), newer than the contacts'.
    const requesters = strangers.filter((entry) => shares(entry.user.id)).map((entry) => entry.user.id)
    // Added us but already sees our number (a phone exception): not a request.
    const knowsPhone = strangers.filter((entry) => entry.addedUs && !shares(entry.user.id)).map((entry) => entry.user.id)
    const plain = strangers.filter((entry) => !entry.addedUs).map((entry) => entry.user.id)
    expect(requesters.length).toBeGreaterThan(2)
    expect(knowsPhone.length).toBeGreaterThan(0)

    emulator.clearCalls()
    const { people } = await core.call('requests.list')
    expect(emulator.callsOf('messages.GetDialogs')).toHaveLength(1)
    expect(people.map((person) => Number(person.id)).sort()).toEqual([...requesters].sort())
    expect(people.some((person) => knowsPhone.includes(Number(person.id)))).toBe(false)
    expect(core.seen('requests.changed').at(-1)).toEqual({ count: requesters.length })
    // Opening the view again soon after answers from memory: no second scan of peer settings.
    emulator.clearCalls()
    expect((await core.call('requests.list')).people).toHaveLength(requesters.length)
    expect(emulator.callsOf('messages.GetPeerSettings')).toHaveLength(0)

    // Someone new adds us: updatePeerSettings arrives and the count goes up without a rescan.
    const newcomer = plain.find((id) => !emulator.world.phoneVisible(emulator.world.requireUser(me()), id))!
    emulator.setContactOfAccount(newcomer, true)
    await core.waitFor('requests.changed', (payload) => payload.count === requesters.length + 1)

    const first = people[0]!
    emulator.clearCalls()
    expect(await core.call('requests.accept', { id: first.id })).toEqual({ ok: true })
    expect(emulator.callsOf('contacts.AcceptContact')).toHaveLength(1)
    expect(emulator.world.phoneVisible(emulator.world.requireUser(me()), Number(first.id))).toBe(true)
    await core.waitFor('requests.changed', (payload) => payload.count === requesters.length)
    expect((await core.call('requests.list')).people.some((person) => person.id === first.id)).toBe(false)
  })

  it('adding a requester and sharing the number answers their request', async () => {
    const core = await open()
    const shares = (id: number): boolean => emulator.world.peerSettings(me(), id).shareContact
    const requesters = emulator.world.strangers(500).filter((entry) => shares(entry.user.id))
    const first = requesters.find((entry) => entry.user.username !== undefined)!.user.id
    expect((await core.call('requests.list')).people).toHaveLength(requesters.length)
    const person = await core.call('people.resolve', { query: emulator.world.requireUser(first).username! })
    expect(person.shareContact).toBe(true)
    await core.call('contacts.add', { id: person.id, firstName: 'Asked', lastName: 'Us', phone: '', sharePhone: true })
    await core.waitFor('requests.changed', (payload) => payload.count === requesters.length - 1)
    expect((await core.call('requests.list')).people.map((p) => Number(p.id)).sort()).toEqual(
      requesters.map((entry) => entry.user.id).filter((id) => id !== first).sort(),
    )
  })

  it('explains CONTACT_REQ_MISSING when there is no request', async () => {
    const core = await open()
    const person = stranger(true, 2)
    const resolved = await core.call('people.resolve', { query: person.username! })
    expect(resolved.shareContact).toBe(false)
    const error = await core.fail('requests.accept', { id: resolved.id })
    expect(error).toMatchObject({ code: 'TELEGRAM', rpcError: 'CONTACT_REQ_MISSING' })
    expect(error.message).toMatch(/has not added you/)
  })
})
