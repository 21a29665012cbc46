import { describe, expect, it } from 'vitest'
import { lastSeenKey, type Contact } from '../../../electron/core/contract'
import { useEmulatorCores } from './helpers'

const cores = useEmulatorCores({ seed: 23, users: 400, contacts: 230 }, (emulator) => ({ session: emulator.account.session }))

describe('the list for a window: first screen first, then chunks', () => {
  it('sends the first screen in list order, and every other contact exactly once in pages', async () => {
    const core = await cores.open()
    const opened = await core.call('contacts.open', { sort: 'lastSeen', firstRows: 20 })
    expect(opened.total).toBe(230)
    expect(opened.first).toHaveLength(20)
    const now = Date.now()
    const keys = opened.first.map((c) => lastSeenKey(c.status, now))
    expect(keys).toEqual([...keys].sort((a, b) => b - a))
    const all: Contact[] = []
    for (let offset = 0; ; offset += 100) {
      const page = await core.call('contacts.page', { snapshot: opened.snapshot, offset, limit: 100 })
      all.push(...page.contacts)
      if (page.done) break
    }
    expect(all).toHaveLength(230)
    expect(new Set(all.map((c) => c.id)).size).toBe(230)
    // Nothing outside the first screen sorts before its last row.
    const lastKey = keys.at(-1)!
    const firstIds = new Set(opened.first.map((c) => c.id))
    expect(all.filter((c) => !firstIds.has(c.id) && lastSeenKey(c.status, now) > lastKey)).toEqual([])
    // A finished snapshot is gone.
    expect(await core.fail('contacts.page', { snapshot: opened.snapshot, offset: 0, limit: 10 })).toMatchObject({ code: 'NOT_FOUND' })
  })

  it('names sort by name too', async () => {
    const core = await cores.open()
    const opened = await core.call('contacts.open', { sort: 'name', firstRows: 15 })
    const names = opened.first.map((c) => `${c.firstName} ${c.lastName}`.trim().toLowerCase())
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
  })

  it('says whether a refresh changed the list since the revision the window has, without sending it', async () => {
    const core = await cores.open()
    const opened = await core.call('contacts.open', { sort: 'lastSeen', firstRows: 5 })
    const same = await core.call('contacts.sync', { revision: opened.revision })
    expect(same).toMatchObject({ changed: false, revision: opened.revision, source: 'telegram' })
    expect(same).not.toHaveProperty('contacts')
    const world = cores.emulator.world
    const stranger = world.strangers(1)[0]!.user
    world.addContact(world.accountId, stranger.id, { firstName: 'New', lastName: 'Here', phone: undefined, date: 1 })
    try {
      const moved = await core.call('contacts.sync', { revision: opened.revision })
      expect(moved.changed).toBe(true)
      expect(moved.revision).toBeGreaterThan(opened.revision)
      expect(core.seen('contacts.reloaded').at(-1)).toEqual({ count: 231, revision: moved.revision })
      expect((await core.call('contacts.open', { sort: 'lastSeen', firstRows: 5 })).total).toBe(231)
    } finally {
      world.deleteContact(world.accountId, stranger.id)
    }
  })
})
