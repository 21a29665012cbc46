import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Exports for download (browser mode: the page cannot choose a folder, and a path it typed would name one on the
 * machine running the core): written to <data folder>/downloads/<id>/ and served by the bridge under the same path,
 * token required, as attachments. Only the latest export is kept: a new one removes the ones before it.
 */
const DOWNLOADS = 'downloads'
const DOWNLOAD_PATH = /^\/downloads\/([0-9a-f]{16})\/(result\.json|contacts\.csv|contacts\.vcf)$/
const CONTENT_TYPES: Record<string, string> = {
  'result.json': 'application/json; charset=utf-8',
  'contacts.csv': 'text/csv; charset=utf-8',
  'contacts.vcf': 'text/vcard; charset=utf-8',
}

export const isDownloadPath = (pathname: string): boolean => pathname.startsWith(`/${DOWNLOADS}/`)

/** A fresh folder for one export's downloads (the previous ones removed), and the url prefix the page loads them by. */
export async function newDownloadFolder(dataDir: string): Promise<{ directory: string; urlOf(fileName: string): string }> {
  await rm(join(dataDir, DOWNLOADS), { recursive: true, force: true })
  const id = randomBytes(8).toString('hex')
  const directory = join(dataDir, DOWNLOADS, id)
  await mkdir(directory, { recursive: true })
  return { directory, urlOf: (fileName) => `/${DOWNLOADS}/${id}/${fileName}` }
}

/** The file for a download path, or null for any path that is not exactly an export file's. */
export async function loadDownloadFile(dataDir: string, pathname: string): Promise<{ body: Buffer; contentType: string; fileName: string } | null> {
  const match = DOWNLOAD_PATH.exec(pathname)
  if (!match) return null
  const [, id, fileName] = match as unknown as [string, string, string]
  try {
    return { body: await readFile(join(dataDir, DOWNLOADS, id, fileName)), contentType: CONTENT_TYPES[fileName]!, fileName }
  } catch {
    return null
  }
}
