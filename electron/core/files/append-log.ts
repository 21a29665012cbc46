import { open, readFile, truncate, type FileHandle } from 'node:fs/promises'
import { TimeSlices } from '../app/time-slices'
import { parseJsonInSlices } from './json-in-slices'

/**
 * An append-only log of JSON records, one per line, each fsynced before append() resolves: a record
 * that append() acknowledged survives a crash or a kill -9. A crash during a write can leave a torn
 * last line, which readLog() drops: that record was never acknowledged, so nothing relied on it.
 */
export interface AppendLog {
  append(record: unknown): Promise<void>
  /**
   * append() of a record its caller has turned into JSON already, in parts that make one line together (no line
   * break): a big record, built in slices and written part by part (one 5 MB string took 60 ms to encode).
   */
  appendJson(parts: readonly string[]): Promise<void>
  close(): Promise<void>
}

/** Opens the log for appending; validBytes (from readLog) first cuts off a torn tail so new records stay readable. */
export async function openAppendLog(path: string, validBytes?: number): Promise<AppendLog> {
  if (validBytes !== undefined) {
    try {
      await truncate(path, validBytes)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  const handle: FileHandle = await open(path, 'a', 0o600)
  // One write at a time, in call order, so records never interleave.
  let queue: Promise<void> = Promise.resolve()
  const appendJson = (parts: readonly string[]): Promise<void> => {
    const next = queue.then(async () => {
      for (const [i, part] of parts.entries()) {
        const bytes = Buffer.from(i === parts.length - 1 ? `${part}\n` : part, 'utf8')
        let offset = 0
        while (offset < bytes.length) {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset)
          offset += bytesWritten
        }
      }
      await handle.datasync()
    })
    queue = next.catch(() => undefined)
    return next
  }
  return {
    append: (record) => appendJson([JSON.stringify(record)]),
    appendJson,
    async close() {
      await queue
      await handle.close()
    },
  }
}

export interface LogContents {
  records: unknown[]
  /** Length in bytes of the complete records; anything after it is a torn write. */
  validBytes: number
}

/**
 * The log's complete records; a torn or unparsable line ends the log (nothing after it was acknowledged). A big
 * record's line is parsed in pieces, the event loop turning between them once `slices` is used up.
 */
export async function readLog(path: string, slices = new TimeSlices()): Promise<LogContents> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], validBytes: 0 }
    throw error
  }
  const records: unknown[] = []
  let start = 0
  for (;;) {
    const end = bytes.indexOf(0x0a, start)
    if (end < 0) break
    try {
      records.push(await parseJsonInSlices(bytes.toString('utf8', start, end), slices))
    } catch {
      break
    }
    start = end + 1
  }
  return { records, validBytes: start }
}
