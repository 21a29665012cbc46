import { randomBytes } from 'node:crypto'
import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * A file that becomes visible under its name only when complete: bytes go to a temp file in the same
 * folder (so the rename cannot cross file systems), which is fsynced and then renamed over the target.
 * A crash at any point leaves either the old file or the new one, never half of one.
 */
export interface AtomicWriter {
  readonly path: string
  /** Appends text or bytes. Writes are buffered and flushed in large chunks, so memory stays bounded. */
  write(chunk: string | Uint8Array): Promise<void>
  /** Flushes, fsyncs, renames into place and fsyncs the folder. */
  commit(): Promise<void>
  /** Removes the temp file; the target is untouched. Safe to call after a failure or twice. */
  abort(): Promise<void>
}

const FLUSH_BYTES = 256 * 1024

/** `.<name>.<pid>.<hex>.tmp`: the writer's pid in the name tells a temp file in progress from one a crash left behind. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
}

/** The target name and writer pid of a temp file tempPathFor named, or null for any other name. */
export function parseTempName(entry: string): { name: string; pid: number } | null {
  const match = /^\.(.+)\.(\d{1,10})\.[0-9a-f]{8}\.tmp$/.exec(entry)
  return match ? { name: match[1]!, pid: Number(match[2]) } : null
}

export async function createAtomicWriter(path: string): Promise<AtomicWriter> {
  const temp = tempPathFor(path)
  const handle: FileHandle = await open(temp, 'wx', 0o600)
  let pending: Buffer[] = []
  let pendingBytes = 0
  let closed = false

  async function flush(): Promise<void> {
    if (pendingBytes === 0) return
    const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes)
    pending = []
    pendingBytes = 0
    let offset = 0
    while (offset < data.length) {
      const { bytesWritten } = await handle.write(data, offset, data.length - offset)
      offset += bytesWritten
    }
  }

  return {
    path,
    async write(chunk) {
      if (closed) throw new Error('write after commit or abort')
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      pending.push(buffer)
      pendingBytes += buffer.length
      if (pendingBytes >= FLUSH_BYTES) await flush()
    },
    async commit() {
      if (closed) throw new Error('commit after commit or abort')
      try {
        await flush()
        await handle.sync()
      } catch (error) {
        closed = true
        await handle.close().catch(() => undefined)
        await rm(temp, { force: true })
        throw error
      }
      closed = true
      await handle.close()
      try {
        await rename(temp, path)
      } catch (error) {
        await rm(temp, { force: true })
        throw error
      }
      await syncDirectory(dirname(path))
    },
    async abort() {
      if (!closed) {
        closed = true
        await handle.close().catch(() => undefined)
      }
      await rm(temp, { force: true })
    },
  }
}

/** Writes a whole file atomically (small files: state, journals' headers). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const writer = await createAtomicWriter(path)
  try {
    await writer.write(data)
    await writer.commit()
  } catch (error) {
    await writer.abort()
    throw error
  }
}

/** Makes a rename durable. Some platforms (Windows) cannot open a folder; there rename is already durable enough. */
async function syncDirectory(path: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await open(path, 'r')
    await handle.sync()
  } catch {
    // Best effort: the file itself is already synced.
  } finally {
    await handle?.close().catch(() => undefined)
  }
}
