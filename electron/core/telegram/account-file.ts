import { readFile, rm, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { selfSchema, type Self } from '../contract'
import { writeFileAtomic } from '../files/atomic-file'

/**
 * The non-secret half of the sign-in: api_id (not a secret; the api_hash is in the SecretStore) and who is signed
 * in, so a restart shows the signed-in state before the network answers.
 */
const accountFileSchema = z.object({
  apiId: z.number().int().positive().nullable(),
  self: selfSchema.nullable(),
})
export type AccountFile = z.infer<typeof accountFileSchema>

const FILE = 'telegram-account.json'

export async function readAccountFile(dataDir: string): Promise<AccountFile> {
  try {
    const parsed = accountFileSchema.safeParse(JSON.parse(await readFile(join(dataDir, FILE), 'utf8')))
    if (parsed.success) return parsed.data
  } catch {
    // Missing or unreadable: as on a first run.
  }
  return { apiId: null, self: null }
}

export async function writeAccountFile(dataDir: string, value: AccountFile): Promise<void> {
  await mkdir(dataDir, { recursive: true })
  await writeFileAtomic(join(dataDir, FILE), `${JSON.stringify(value)}\n`)
}

export async function removeAccountFile(dataDir: string): Promise<void> {
  await rm(join(dataDir, FILE), { force: true })
}

/** The folder holding every local cache of one Telegram account; sign-out deletes it whole. */
export const accountDataDir = (dataDir: string, self: Pick<Self, 'id'>): string => join(dataDir, 'accounts', self.id)
