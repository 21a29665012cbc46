import { randomBytes } from 'node:crypto'
import { AppError, type DeleteByPhonesRow } from '../contract'

/** Rows per answer: about 0.8 MB of JSON, a few ms to serialise (all 246,722 rows of a 4 MB list in one took ~190 ms). */
export const PREVIEW_PAGE_ROWS = 10_000
/** A window previews one list at a time; a second one covers a reload in between. */
const MAX_PREVIEWS = 2
/** A preview nobody asked for a page of in this long is dropped. */
const IDLE_MS = 120_000

interface Preview {
  rows: readonly DeleteByPhonesRow[]
  usedAt: number
}

/**
 * The rows of a delete-by-phones preview, handed out in pages (cleanup.previewPage) so that no single message carries
 * a whole pasted list: serialising one answer is a synchronous step of the core. Gone after its last page.
 */
export class DeletePreviews {
  private readonly previews = new Map<string, Preview>()

  constructor(private readonly now: () => number) {}

  /** The first page, and the id of the rest (null when the first page is all). */
  open(rows: readonly DeleteByPhonesRow[]): { rows: DeleteByPhonesRow[]; total: number; preview: string | null } {
    const first = rows.slice(0, PREVIEW_PAGE_ROWS)
    if (first.length === rows.length) return { rows: first, total: rows.length, preview: null }
    this.expire()
    while (this.previews.size >= MAX_PREVIEWS) this.previews.delete(this.previews.keys().next().value as string)
    const id = randomBytes(9).toString('base64url')
    this.previews.set(id, { rows, usedAt: this.now() })
    return { rows: first, total: rows.length, preview: id }
  }

  page(id: string, offset: number, limit: number): { rows: DeleteByPhonesRow[]; done: boolean } {
    this.expire()
    const preview = this.previews.get(id)
    if (!preview) throw new AppError({ code: 'NOT_FOUND', message: 'That check of the numbers is no longer open; check them again.' })
    preview.usedAt = this.now()
    const rows = preview.rows.slice(offset, offset + Math.min(limit, PREVIEW_PAGE_ROWS))
    const done = offset + rows.length >= preview.rows.length
    if (done) this.previews.delete(id)
    return { rows, done }
  }

  private expire(): void {
    const now = this.now()
    for (const [id, preview] of this.previews) if (now - preview.usedAt > IDLE_MS) this.previews.delete(id)
  }
}
