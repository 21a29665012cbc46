import { describe, expect, it } from 'vitest'
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { World, foldForSearch, vectorHash } from '../../../electron/emulator/world.js'

describe('the seeded world', () => {
  const options = { seed: 42, users: 500, contacts: 120, now: 1_700_000_000 }

  it('is the same for the same seed and different for another', () => {
    const a = new World(options)
    const b = new World(options)
    const c = new World({ ...options, seed: 43 })
    const snapshot = (w: World): unknown => [w.users.map((u) => [u.id, u.accessHash, u.firstName, u.phone, u.username, u.status]), [...w.contactsOf(w.accountId).keys()]]
    expect(snapshot(a)).toEqual(snapshot(b))
    expect(snapshot(a)).not.toEqual(snapshot(c))
  })

  it('has unique ids, phones and usernames, valid mobile numbers, and non-Latin names', () => {
    const world = new World(options)
    const { users } = world
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length)
    expect(new Set(users.map((u) => u.phone)).size).toBe(users.length)
    const usernames = users.flatMap((u) => (u.username === undefined ? [] : [u.username.toLowerCase()]))
    expect(new Set(usernames).size).toBe(usernames.length)
    expect(users.every((u) => u.id < 2 ** 31)).toBe(true)
    for (const phone of [...users.map((u) => u.phone), ...world.unregisteredPhones]) {
      expect(parsePhoneNumberFromString(`+${phone}`)?.isValid(), phone).toBe(true)
    }
    expect(users.some((u) => /[\u0370-\uffff]/.test(u.firstName + u.lastName))).toBe(true)
    expect(users.some((u) => /[À-ž]/.test(u.firstName + u.lastName))).toBe(true)
  })

  it('gives the account mutual and one-way contacts, saved numbers not on Telegram, and strangers of every kind', () => {
    const world = new World(options)
    const me = world.accountId
    const contacts = [...world.contactsOf(me).keys()]
    expect(contacts).toHaveLength(120)
    expect(contacts.some((id) => world.isContact(id, me))).toBe(true)
    expect(contacts.some((id) => !world.isContact(id, me))).toBe(true)
    const saved = [...world.account(me).saved.keys()]
    expect(saved.some((phone) => world.userByPhone(phone) === undefined)).toBe(true)
    const strangers = world.strangers(400)
    for (const need of [true, false]) for (const added of [true, false]) {
      expect(strangers.some((s) => s.needContactsException === need && s.addedUs === added)).toBe(true)
    }
    expect(strangers.every((s) => !world.isContact(me, s.user.id))).toBe(true)
    expect(world.unregisteredPhones.every((phone) => world.userByPhone(phone) === undefined)).toBe(true)
  })

  it('applies the privacy rules to phones and peer settings', () => {
    const world = new World(options)
    const me = world.accountId
    const stranger = world.strangers(400).find((s) => s.needContactsException && !s.addedUs)!.user
    stranger.phonePrivacy = 'contacts'
    expect(world.phoneVisible(stranger, me)).toBe(false)
    world.addContact(stranger.id, me, { firstName: 'x', lastName: '', phone: undefined, date: 1 })
    expect(world.phoneVisible(stranger, me)).toBe(true)
    expect(world.peerSettings(me, stranger.id)).toMatchObject({ shareContact: true, needContactsException: true })
    world.sharePhone(me, stranger.id)
    expect(world.peerSettings(me, stranger.id)).toMatchObject({ shareContact: false, needContactsException: false })
  })
})

describe('vectorHash', () => {
  it('follows the documented algorithm', () => {
    expect(vectorHash([])).toBe(0n)
    expect(vectorHash([0])).toBe(0n)
    expect(vectorHash([5])).toBe(5n)
    // 5 -> 5 ^ (5 >> 21) = 5; 5 ^ (5 << 35); then ^ (>> 4); + 7.
    let h = 5n
    h ^= h << 35n
    h ^= h >> 4n
    expect(vectorHash([5, 7])).toBe(BigInt.asIntN(64, h + 7n))
  })
})

describe('foldForSearch', () => {
  it('drops accents and case', () => {
    expect(foldForSearch('Zoë Ángel')).toBe('zoe angel')
  })
})
