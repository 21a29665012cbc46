import { describe, expect, it } from 'vitest'
import { Api } from 'telegram'
import { BinaryReader } from 'telegram/extensions/BinaryReader.js'
import { encodeContacts } from '../../../electron/emulator/fast-tl.js'
import { apiUserFromView, userView } from '../../../electron/emulator/views.js'
import { long } from '../../../electron/emulator/wire.js'
import { World } from '../../../electron/emulator/world.js'

describe('the hand-written contacts.contacts serialiser', () => {
  const world = new World({ seed: 11, users: 400, contacts: 150, now: 1_700_000_000 })
  // Long names take the 4-byte length form of TL strings.
  world.requireUser(world.users[5]!.id).firstName = 'Ж'.repeat(200)

  it.each([
    ['the account', world.accountId],
    ['another user', world.users[3]!.id],
  ])('writes the same bytes as GramJS for every user seen by %s', (_label, viewerId) => {
    const entries = world.users.map((user) => ({ user: userView(world, viewerId, user), mutual: world.isContact(user.id, viewerId) }))
    const expected = new Api.contacts.Contacts({
      contacts: entries.map(({ user, mutual }) => new Api.Contact({ userId: long(user.id), mutual })),
      savedCount: 17,
      users: entries.map(({ user }) => apiUserFromView(user)),
    }).getBytes()
    expect(encodeContacts(entries, 17).equals(expected)).toBe(true)
  })

  it('covers every status kind, hidden and visible phones, and users without a username', () => {
    const views = world.users.map((user) => userView(world, world.accountId, user))
    expect(new Set(views.map((view) => view.status.kind))).toEqual(new Set(['online', 'offline', 'recently', 'lastWeek', 'lastMonth', 'empty']))
    expect(views.some((view) => view.phone === undefined)).toBe(true)
    expect(views.some((view) => view.username === undefined)).toBe(true)
    const parsed = new BinaryReader(encodeContacts(views.slice(0, 3).map((user) => ({ user, mutual: false })), 0)).tgReadObject()
    expect(parsed).toBeInstanceOf(Api.contacts.Contacts)
  })
})
