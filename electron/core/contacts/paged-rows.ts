import { randomBytes } from 'node:crypto'
import { AppError } from '../contract'

/** Rows nobody asked for a page of in this long are dropped. */
const IDLE_MS = 120_000

interface Open<T> {
  rows: readonly T[]
  usedAt: number
}

export interface PagedRowsOptions {
  now: () => number
  /** How many can be open at once; opening one more drops the oldest. */
  max: number
  /** The most rows one page hands out. */
  pageRows: number
  /** What a window is told when it asks for a page of rows that are gone (expired, dropped or done). */
  goneMessage: string
}

/**
 * Rows handed out in pages, so that no single message carries 100,000 contacts or a pasted list of 250,000 numbers:
 * serialising one answer is a synchronous step of the core. Rows are gone after their last page.
 */
export class PagedRows<T> {
  private readonly open_ = new Map<string, Open<T>>()

  constructor(private readonly options: PagedRowsOptions) {}

  open(rows: readonly T[]): string {
    this.expire()
    while (this.open_.size >= this.options.max) this.open_.delete(this.open_.keys().next().value as string)
    const id = randomBytes(9).toString('base64url')
    this.open_.set(id, { rows, usedAt: this.options.now() })
    return id
  }

  page(id: string, offset: number, limit: number): { rows: T[]; done: boolean } {
    this.expire()
    const open = this.open_.get(id)
    if (!open) throw new AppError({ code: 'NOT_FOUND', message: this.options.goneMessage })
    open.usedAt = this.options.now()
    const rows = open.rows.slice(offset, offset + Math.min(limit, this.options.pageRows))
    const done = offset + rows.length >= open.rows.length
    if (done) this.open_.delete(id)
    return { rows, done }
  }

  clear(): void {
    this.open_.clear()
  }

  private expire(): void {
    const now = this.options.now()
    for (const [id, open] of this.open_) if (now - open.usedAt > IDLE_MS) this.open_.delete(id)
  }
}
