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

const CHUNK = 1000

/**
 * Streams the people into path through an atomic writer, a chunk at a time: memory stays bounded by
 * the chunk and the writer's buffer, the event loop gets a turn between chunks, and the file appears
 * only complete. An abort removes the temp file and throws CANCELLED.
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
    for (let start = 0; start < people.length; start += CHUNK) {
      if (options.signal?.aborted) throw new AppError({ code: 'CANCELLED', message: 'The export was cancelled.' })
      await out.write(writer.rows(people.slice(start, start + CHUNK), start === 0))
      options.onProgress?.(Math.min(people.length, start + CHUNK))
      await yieldToLoop()
    }
    await out.write(writer.tail(people.length === 0))
    await out.commit()
  } catch (error) {
    await out.abort()
    throw error
  }
}
