import { describe, expect, it } from 'vitest'
import type { Contact } from '../../../electron/core/contract'
import { useEmulatorCores, type TestCore } from './helpers'

/** Enough contacts that the answer is read in a worker thread and its message decrypted in slices. */
const COUNT = 12_000

const cores = useEmulatorCores({ seed: 31, users: COUNT + 20, contacts: COUNT }, (emulator) => ({ session: emulator.account.session }))

async function wholeList(core: TestCore): Promise<Contact[]> {
  const opened = await core.call('contacts.open', { sort: 'name', firstRows: 60 })
  const all: Contact[] = []
  for (let offset = 0; ; offset += 5000) {
    const page = await core.call('contacts.page', { snapshot: opened.snapshot, offset, limit: 5000 })
    all.push(...page.contacts)
    if (page.done) break
  }
  return all
}

describe('a big contact list', () => {
  it('is read off the event loop into every contact as Telegram has it, access hashes and photos kept, and opens again from the cache', async () => {
    const core = await cores.open()
    const world = cores.emulator.world
    const entries = world.contactsOf(world.accountId)
    const list = await wholeList(core)
    expect(list).toHaveLength(COUNT)
    expect(new Set(list.map((c) => c.id)).size).toBe(COUNT)
    for (const contact of list) {
      const entry = entries.get(Number(contact.id))
      expect(entry, contact.id).toBeDefined()
      expect([contact.firstName, contact.lastName]).toEqual([entry?.firstName, entry?.lastName])
    }
    // Contacts from every part of the answer can be acted on: their access hashes were kept.
    for (const contact of [list[0]!, list[Math.floor(COUNT / 2)]!, list.at(-1)!]) {
      expect((await core.call('contacts.details', { id: contact.id })).id).toBe(contact.id)
    }
    // The photos' thumbnails crossed from the worker thread intact: the preview is made from them.
    const withPhoto = list.filter((c) => c.photoId !== undefined).slice(0, 3)
    expect(withPhoto.length).toBeGreaterThan(0)
    const { photos } = await core.call('photos.want', { size: 'small', people: withPhoto.map((c) => ({ id: c.id, photoId: c.photoId! })) })
    expect(photos.map((p) => p.preview?.slice(0, 23))).toEqual(withPhoto.map(() => 'data:image/jpeg;base64,'))
    await core.dispose()

    const again = await cores.open({ dataDir: core.dataDir })
    const fromCache = await wholeList(again)
    expect(new Map(fromCache.map((c) => [c.id, c]))).toEqual(new Map(list.map((c) => [c.id, c])))
  }, 120_000)
})
