import { DELETE_PREVIEW_PAGE_ROWS, type DeleteByPhonesRow } from '../contract'
import { PagedRows } from './paged-rows'

/**
 * The rows of a delete-by-phones preview: the first page in the answer to cleanup.previewDeleteByPhones, the rest by
 * cleanup.previewPage (all 246,722 rows of a 4 MB list in one answer took ~190 ms to serialise; a page of 10,000 is
 * about 0.8 MB of JSON and a few ms).
 */
export class DeletePreviews {
  /** A window previews one list at a time; a second one covers a reload in between. */
  private readonly rest: PagedRows<DeleteByPhonesRow>

  constructor(now: () => number) {
    this.rest = new PagedRows({ now, max: 2, pageRows: DELETE_PREVIEW_PAGE_ROWS, goneMessage: 'That check of the numbers is no longer open; check them again.' })
  }

  /** The first page, and the id of the rest (null when the first page is all). */
  open(rows: readonly DeleteByPhonesRow[]): { rows: DeleteByPhonesRow[]; total: number; preview: string | null } {
    const first = rows.slice(0, DELETE_PREVIEW_PAGE_ROWS)
    if (first.length === rows.length) return { rows: first, total: rows.length, preview: null }
    return { rows: first, total: rows.length, preview: this.rest.open(rows) }
  }

  page(id: string, offset: number, limit: number): { rows: DeleteByPhonesRow[]; done: boolean } {
    return this.rest.page(id, offset, limit)
  }
}
