import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { tempPathFor } from '../files/atomic-file'

export interface PhotoCacheOptions {
  dir: string
  /** Total bytes kept; past it the least recently used files go. */
  maxBytes: number
  now: () => number
}

interface Entry {
  bytes: number
  usedAt: number
  /** usedAt as last written to the file's mtime (which carries the order across restarts). */
  storedAt: number
}

/** A file's mtime is moved on use at most this often: a photo on screen all day costs one write an hour. */
const TOUCH_EVERY_MS = 60 * 60_000
/** Eviction goes down to this share of the limit, so it does not run on every new photo. */
const EVICT_TO = 0.9

/**
 * Downloaded photos on disk, keyed by photo id and size, least recently used first out. A photo id names one picture
 * forever (a new photo has a new id), so an entry never goes stale; it just ages out. Files are written under a temp
 * name and renamed, so a crash leaves no half photo under a real name (no fsync: a cache can afford to lose one).
 */
export class PhotoCache {
  private index: Map<string, Entry> | null = null
  private loading: Promise<Map<string, Entry>> | null = null
  private total = 0

  constructor(private readonly options: PhotoCacheOptions) {}

  private entries(): Promise<Map<string, Entry>> {
    if (this.index) return Promise.resolve(this.index)
    this.loading ??= this.scan().then((index) => (this.index = index))
    return this.loading
  }

  private async scan(): Promise<Map<string, Entry>> {
    const index = new Map<string, Entry>()
    let names: string[]
    try {
      names = await readdir(this.options.dir)
    } catch {
      return index
    }
    for (const name of names) {
      const path = join(this.options.dir, name)
      if (!name.endsWith('.jpg') || name.startsWith('.')) {
        // Temp files of an interrupted write.
        if (name.endsWith('.tmp')) await rm(path, { force: true })
        continue
      }
      try {
        const info = await stat(path)
        index.set(name, { bytes: info.size, usedAt: info.mtimeMs, storedAt: info.mtimeMs })
        this.total += info.size
      } catch {
        // Gone meanwhile.
      }
    }
    return index
  }

  /** The file for `name` if it is cached (and marks it used), else null. */
  async get(name: string): Promise<string | null> {
    const index = await this.entries()
    const entry = index.get(name)
    if (!entry) return null
    const path = join(this.options.dir, name)
    entry.usedAt = this.options.now()
    if (entry.usedAt - entry.storedAt > TOUCH_EVERY_MS) {
      entry.storedAt = entry.usedAt
      const when = new Date(entry.usedAt)
      await utimes(path, when, when).catch(() => index.delete(name))
    }
    return index.has(name) ? path : null
  }

  /** Whether `name` is cached, without marking it used. */
  async has(name: string): Promise<boolean> {
    return (await this.entries()).has(name)
  }

  async put(name: string, data: Uint8Array): Promise<string> {
    const index = await this.entries()
    await mkdir(this.options.dir, { recursive: true })
    const path = join(this.options.dir, name)
    const temp = tempPathFor(path)
    await writeFile(temp, data, { mode: 0o600 })
    await rename(temp, path)
    const now = this.options.now()
    this.total += data.length - (index.get(name)?.bytes ?? 0)
    index.set(name, { bytes: data.length, usedAt: now, storedAt: now })
    if (this.total > this.options.maxBytes) await this.evict(index, name)
    return path
  }

  private async evict(index: Map<string, Entry>, keep: string): Promise<void> {
    const oldest = [...index].filter(([name]) => name !== keep).sort((a, b) => a[1].usedAt - b[1].usedAt)
    for (const [name, entry] of oldest) {
      if (this.total <= this.options.maxBytes * EVICT_TO) break
      index.delete(name)
      this.total -= entry.bytes
      await rm(join(this.options.dir, name), { force: true })
    }
  }

  /** Files and bytes held now. */
  async usage(): Promise<{ files: number; bytes: number }> {
    const index = await this.entries()
    return { files: index.size, bytes: this.total }
  }
}
