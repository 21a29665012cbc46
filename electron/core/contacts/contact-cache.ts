import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { contactSchema, idSchema, type Contact } from '../contract'
import { writeFileAtomic } from '../files/atomic-file'

/**
 * The contact list as last seen from Telegram, so the app opens instantly. It holds what the list shows plus each
 * contact's access hash (needed to act on a contact before the first refresh; not a secret, never sent to the
 * renderer). No session, api_hash or other secret is ever written here.
 */
const cachedContactSchema = contactSchema.extend({ accessHash: idSchema })
export type CachedContact = z.infer<typeof cachedContactSchema>

const cacheSchema = z.object({
  version: z.literal(1),
  selfId: idSchema,
  savedCount: z.number().int().nonnegative(),
  /** Whether we are our own contact: Telegram counts self in the getContacts hash then. */
  selfIsContact: z.boolean(),
  updatedAt: z.number().int(),
  contacts: z.array(cachedContactSchema),
})
export type ContactCache = z.infer<typeof cacheSchema>

export const contactCachePath = (accountDir: string): string => join(accountDir, 'contacts.json')

/** The cached list, or null when there is none or it is unreadable (then the app just asks Telegram). */
export async function readContactCache(accountDir: string, selfId: string): Promise<ContactCache | null> {
  let text: string
  try {
    text = await readFile(contactCachePath(accountDir), 'utf8')
  } catch {
    return null
  }
  try {
    const parsed = cacheSchema.safeParse(JSON.parse(text))
    return parsed.success && parsed.data.selfId === selfId ? parsed.data : null
  } catch {
    return null
  }
}

export async function writeContactCache(accountDir: string, cache: ContactCache): Promise<void> {
  await mkdir(accountDir, { recursive: true })
  await writeFileAtomic(contactCachePath(accountDir), JSON.stringify(cache))
}

export const withoutHash = ({ accessHash: _, ...contact }: CachedContact): Contact => contact
