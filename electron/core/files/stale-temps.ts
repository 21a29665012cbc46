import { readdir, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { parseTempName } from './atomic-file'

/** Whether a process with this id runs now (EPERM: it does, as another user's). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the temp files (atomic-file.ts) of these target files that a process which no longer runs left behind: a
 * kill while writing leaves `.<name>.<pid>.<hex>.tmp` next to the target. A live writer's file stays (another
 * instance or the CLI may be writing it), and so does anything not named for one of the targets. Best effort: an
 * unreadable folder is left alone.
 */
export async function removeStaleTemps(targets: readonly string[]): Promise<void> {
  const byFolder = new Map<string, Set<string>>()
  for (const target of targets) {
    const names = byFolder.get(dirname(target)) ?? new Set<string>()
    names.add(basename(target))
    byFolder.set(dirname(target), names)
  }
  for (const [folder, names] of byFolder) {
    const entries = await readdir(folder).catch(() => [] as string[])
    for (const entry of entries) {
      const temp = parseTempName(entry)
      if (temp && names.has(temp.name) && !processAlive(temp.pid)) await rm(join(folder, entry), { force: true }).catch(() => undefined)
    }
  }
}
