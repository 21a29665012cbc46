import { setImmediate as yieldToLoop } from 'node:timers/promises'
import type { ExportFormat } from '../../contract'
import { AppError } from '../../contract'
import { createAtomicWriter } from '../../files/atomic-file'
import type { ExportPerson } from '../model'
import { csvWriter } from './csv'
import type { ExportFormatWriter } from './format'
import { jsonWriter } from './json'
import { vcfWriter } from './vcf'

export const formatWriters: Record<ExportFormat, ExportFormatWriter> = { json: jsonWriter, csv: csvWriter, vcf: vcfWriter }

/** A chunk of rows ends once it has taken this long, so the event loop is never held for long. */
const CHUNK_TARGET_MS = 10
/**
 * Rows put together between two looks at the clock: a few hundred microseconds, however costly the rows (32 rows of
 * numbers whose formats were not cached yet were one step of 50-60 ms of CPU at 100,000 contacts).
 */
const STEP = 4
const PROGRESS_EVERY_MS = 100

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError({ code: 'CANCELLED', message: 'The export was cancelled.' })
}

/**
 * Streams the people into path through an atomic writer, a chunk at a time: memory stays bounded by
 * the chunk and the writer's buffer, the event loop gets a turn between chunks, and the file appears only complete.
 * A chunk is as long as ~10 ms allows, counted while it is built: a row's cost varies too much to size a chunk by
 * the one before (a JSON row's number formatting is cached by prefix; a chunk of new prefixes held the loop 80 ms).
 * An abort removes the temp file and throws CANCELLED.
 */
export async function writeExport(
  path: string,
  format: ExportFormat,
  people: readonly ExportPerson[],
  options: { signal?: AbortSignal; onProgress?: (written: number) => void } = {},
): Promise<void> {
  const writer = formatWriters[format]
  const out = await createAtomicWriter(path)
  try {
    await out.write(writer.head())
    let lastProgress = 0
    for (let start = 0; start < people.length; ) {
      throwIfAborted(options.signal)
      const began = performance.now()
      const texts: string[] = []
      let end = start
      do {
        const next = Math.min(people.length, end + STEP)
        texts.push(writer.rows(people.slice(end, next), end === 0))
        end = next
      } while (end < people.length && performance.now() - began < CHUNK_TARGET_MS)
      await out.write(texts.join(''))
      start = end
      const now = performance.now()
      if (start === people.length || now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now
        options.onProgress?.(start)
      }
      await yieldToLoop()
    }
    throwIfAborted(options.signal)
    await out.write(writer.tail(people.length === 0))
    await out.commit()
  } catch (error) {
    await out.abort()
    throw error
  }
}
