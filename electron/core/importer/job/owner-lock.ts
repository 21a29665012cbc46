import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { uptime } from 'node:os'
import { join } from 'node:path'

/**
 * One process at a time runs imports from a data folder: the app and a `tg-contacts` command (or a
 * second app instance) share it, and two processes appending to one journal would send contacts twice.
 * The lock file holds the owner's pid and the machine's boot time; a lock whose process is gone
 * (killed, crashed) or that dates from before a reboot (its pid may belong to anything now) is taken over.
 */
const lockPath = (dir: string) => join(dir, 'owner.lock')

/** When the machine booted, in seconds; stable within a boot up to rounding. */
const bootTime = (): number => Math.round(Date.now() / 1000 - uptime())

async function readLock(dir: string): Promise<{ pid: number; boot: number } | null> {
  const text = await readFile(lockPath(dir), 'utf8').catch(() => '')
  const [pid, boot] = text.trim().split(' ').map(Number)
  return pid !== undefined && Number.isInteger(pid) && pid > 0 ? { pid, boot: boot ?? 0 } : null
}

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
      await writeFile(lockPath(dir), `${process.pid} ${bootTime()}`, { flag: 'wx' })
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const lock = await readLock(dir)
    if (lock?.pid === process.pid) return true
    if (lock && Math.abs(lock.boot - bootTime()) < 120 && alive(lock.pid)) return false
    // Stale: its process is gone. Of two processes taking it over at once, only one wins the 'wx' write.
    await rm(lockPath(dir), { force: true })
  }
  return false
}

export async function releaseImportLock(dir: string): Promise<void> {
  if ((await readLock(dir))?.pid === process.pid) await rm(lockPath(dir), { force: true })
}
