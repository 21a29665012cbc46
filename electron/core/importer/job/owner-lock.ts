import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * One process at a time runs imports from a data folder: the app and a `tg-contacts` command (or a
 * second app instance) share it, and two processes appending to one journal would send contacts twice.
 * The lock file holds the owner's pid; a lock whose process is gone (killed, crashed) is taken over.
 */
const lockPath = (dir: string) => join(dir, 'owner.lock')

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export async function claimImportLock(dir: string): Promise<boolean> {
  await mkdir(dir, { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockPath(dir), String(process.pid), { flag: 'wx' })
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const pid = Number((await readFile(lockPath(dir), 'utf8').catch(() => '')).trim())
    if (pid === process.pid) return true
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) return false
    // Stale: its process is gone. Of two processes taking it over at once, only one wins the 'wx' write.
    await rm(lockPath(dir), { force: true })
  }
  return false
}

export async function releaseImportLock(dir: string): Promise<void> {
  const pid = Number((await readFile(lockPath(dir), 'utf8').catch(() => '')).trim())
  if (pid === process.pid) await rm(lockPath(dir), { force: true })
}
