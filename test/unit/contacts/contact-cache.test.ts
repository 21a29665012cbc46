import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Contact } from '../../../electron/core/contract'
import { contactCachePath, readContactCache, writeContactCache } from '../../../electron/core/contacts/contact-cache'

const contact = (i: number): Contact => ({
  id: String(1000 + i),
  firstName: `Zoë ${i}`,
  lastName: i % 2 ? 'Ångström' : '',
  username: i % 3 ? `user${i}` : null,
  phone: i % 4 ? `+4477009${String(i).padStart(5, '0')}` : null,
  mutual: i % 2 === 0,
  status: i % 2 ? { kind: 'offline', wasOnline: 1_700_000_000 + i } : { kind: 'recently' },
  ...(i % 5 === 0 ? { photoId: String(900_000 + i) } : {}),
})

const header = { selfId: '42', savedCount: 7, selfIsContact: true, updatedAt: 1_700_000_000_000 }

describe('the contact cache file', () => {
  let dir = ''
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tgc-cache-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('reads back what was written, one line per contact, leaving out contacts without an access hash', async () => {
    const contacts = Array.from({ length: 2500 }, (_, i) => contact(i))
    await writeContactCache(dir, { ...header, contacts, accessHash: (id) => (id === '1007' ? undefined : `-${id}99`) })
    const text = await readFile(contactCachePath(dir), 'utf8')
    expect(text.split('\n').filter(Boolean)).toHaveLength(2500)
    const read = await readContactCache(dir, '42')
    expect(read).toEqual({ ...header, contacts: contacts.filter((c) => c.id !== '1007').map((c) => ({ ...c, accessHash: `-${c.id}99` })) })
  })

  it('is no cache when it is another account’s, cut short, damaged or missing', async () => {
    expect(await readContactCache(dir, '42')).toBeNull()
    await writeContactCache(dir, { ...header, contacts: [contact(1), contact(2), contact(3)], accessHash: () => '5' })
    expect(await readContactCache(dir, '43')).toBeNull()
    const lines = (await readFile(contactCachePath(dir), 'utf8')).split('\n')
    await writeFile(contactCachePath(dir), lines.slice(0, 3).join('\n'))
    expect(await readContactCache(dir, '42')).toBeNull()
    await writeFile(contactCachePath(dir), [lines[0], lines[1], '{"id":"x"}', lines[3]].join('\n'))
    expect(await readContactCache(dir, '42')).toBeNull()
    await writeFile(contactCachePath(dir), [lines[0], lines[1], lines[2]!.slice(0, 20), lines[3]].join('\n'))
    expect(await readContactCache(dir, '42')).toBeNull()
  })

  it('replaces the cache of the earlier one-document format', async () => {
    await writeFile(join(dir, 'contacts.json'), JSON.stringify({ version: 1, selfId: '42', contacts: [] }))
    expect(await readContactCache(dir, '42')).toBeNull()
    await writeContactCache(dir, { ...header, contacts: [contact(1)], accessHash: () => '5' })
    await expect(stat(join(dir, 'contacts.json'))).rejects.toMatchObject({ code: 'ENOENT' })
    expect((await readContactCache(dir, '42'))?.contacts).toHaveLength(1)
  })
})
