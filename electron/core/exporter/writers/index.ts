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

/** Each chunk of rows is sized to take about this long, so the event loop is never held for long. */
const CHUNK_TARGET_MS = 15
const PROGRESS_EVERY_MS = 100

/**
 * Streams the people into path through an atomic writer, a chunk at a time: memory stays bounded by
 * the chunk and the writer's buffer, the event loop gets a turn between chunks (sized to ~15 ms; JSON
 * rows cost more than CSV rows because of the phone formatting), and the file appears only complete.
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
    let size = 200
    let lastProgress = 0
    for (let start = 0; start < people.length; ) {
      if (options.signal?.aborted) throw new AppError({ code: 'CANCELLED', message: 'The export was cancelled.' })
      const began = performance.now()
      const chunk = people.slice(start, start + size)
      const text = writer.rows(chunk, start === 0)
      const took = performance.now() - began
      await out.write(text)
      start += chunk.length
      size = Math.max(50, Math.min(5000, Math.round(took > 0.5 ? (size * CHUNK_TARGET_MS) / took : size * 2)))
      const now = performance.now()
      if (start === people.length || now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now
        options.onProgress?.(start)
      }
      await yieldToLoop()
    }
    await out.write(writer.tail(people.length === 0))
    await out.commit()
  } catch (error) {
    await out.abort()
    throw error
  }
}
