import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { TimeSlices } from '../app/time-slices'
import { contactSchema, idSchema, type Contact } from '../contract'
import { createAtomicWriter } from '../files/atomic-file'

/**
 * The contact list as last seen from Telegram, so the app opens instantly. It holds what the list shows plus each
 * contact's access hash (needed to act on a contact before the first refresh; not a secret, never sent to the
 * renderer). No session, api_hash or other secret is ever written here.
 *
 * One JSON line of header, then one line per contact: written and read a slice at a time (time-slices.ts), so that
 * 100,000 contacts never hold the core's event loop (one JSON.stringify of them took about a second, one parse and
 * check as long).
 */
const cachedContactSchema = contactSchema.extend({ accessHash: idSchema })
export type CachedContact = z.infer<typeof cachedContactSchema>

const headerSchema = z.object({
  version: z.literal(2),
  selfId: idSchema,
  savedCount: z.number().int().nonnegative(),
  /** Whether we are our own contact: Telegram counts self in the getContacts hash then. */
  selfIsContact: z.boolean(),
  updatedAt: z.number().int(),
  /** How many contact lines follow: a file cut short is no cache. */
  count: z.number().int().nonnegative(),
})

export interface ContactCache extends Omit<z.infer<typeof headerSchema>, 'version' | 'count'> {
  contacts: CachedContact[]
}

/** What a write takes: the header's fields and the contacts, whose access hashes are looked up as they are written. */
export interface ContactCacheWrite extends Omit<ContactCache, 'contacts'> {
  contacts: readonly Contact[]
  accessHash(id: string): string | undefined
}

export const contactCachePath = (accountDir: string): string => join(accountDir, 'contacts.jsonl')
/** The cache as one JSON document (before the line format); removed when the new one is written. */
const oldCachePath = (accountDir: string): string => join(accountDir, 'contacts.json')

/** Text handed to the writer at a time. */
const WRITE_CHUNK = 64 * 1024

/** The cached list, or null when there is none or it is unreadable (then the app just asks Telegram). */
export async function readContactCache(accountDir: string, selfId: string): Promise<ContactCache | null> {
  let bytes: Buffer
  try {
    bytes = await readFile(contactCachePath(accountDir))
  } catch {
    return null
  }
  const slices = new TimeSlices()
  let start = 0
  const nextLine = (): string | null => {
    if (start >= bytes.length) return null
    const end = bytes.indexOf(10, start)
    const line = bytes.toString('utf8', start, end === -1 ? bytes.length : end)
    start = end === -1 ? bytes.length : end + 1
    return line
  }
  try {
    const header = headerSchema.safeParse(JSON.parse(nextLine() ?? 'null'))
    if (!header.success || header.data.selfId !== selfId) return null
    const { version: _, count, ...fields } = header.data
    const contacts: CachedContact[] = []
    for (let line = nextLine(); line !== null; line = nextLine()) {
      const contact = cachedContactSchema.safeParse(JSON.parse(line))
      if (!contact.success) return null
      contacts.push(contact.data)
      await slices.turn()
    }
    return contacts.length === count ? { ...fields, contacts } : null
  } catch {
    return null
  }
}

export async function writeContactCache(accountDir: string, cache: ContactCacheWrite): Promise<void> {
  await mkdir(accountDir, { recursive: true })
  const { contacts, accessHash, ...fields } = cache
  const slices = new TimeSlices()
  // The hashes first, for the header's count; each line is then made as it is written, so the file's text is never
  // all on the heap at once (100,000 lines were 15-30 MB held through the write, and through the GCs meanwhile).
  const hashes: (string | undefined)[] = []
  let count = 0
  for (const contact of contacts) {
    const hash = accessHash(contact.id)
    hashes.push(hash)
    // A contact whose access hash is not known cannot be acted on from the cache: it comes with the next refresh.
    if (hash !== undefined) count++
    if (slices.due) await slices.turn()
  }
  const writer = await createAtomicWriter(contactCachePath(accountDir))
  try {
    let chunk = `${JSON.stringify({ version: 2, ...fields, count })}\n`
    for (const [i, contact] of contacts.entries()) {
      const hash = hashes[i]
      if (hash !== undefined) chunk += `${JSON.stringify({ ...contact, accessHash: hash })}\n`
      if (chunk.length >= WRITE_CHUNK) {
        await writer.write(chunk)
        chunk = ''
      }
      if (slices.due) await slices.turn()
    }
    await writer.write(chunk)
    await writer.commit()
  } catch (error) {
    await writer.abort()
    throw error
  }
  await rm(oldCachePath(accountDir), { force: true })
}

export const withoutHash = ({ accessHash: _, ...contact }: CachedContact): Contact => contact
