/**
 * Search matches are painted with the CSS Custom Highlight API (`::highlight(search-match)`), not with
 * spans: marking a row then changes no DOM, so a keystroke lays out nothing for it (spans cost about 5 ms
 * of style, layout and paint per keystroke at 20 rows), and the rows' text, and so their accessible
 * names, stay exactly as shown. Without the API (older engines) matches are simply not marked.
 *
 * The list keeps its rows' marks (listMarks), apart from their render.
 */

import type { ContactView } from '../../lib/contact-view'
import { rowMarks, type CompiledQuery, type Mark } from '../../lib/search'

export const MATCH_HIGHLIGHT = 'search-match'

function registry(): Highlight | null {
  if (typeof CSS === 'undefined' || !('highlights' in CSS) || typeof Highlight === 'undefined') return null
  let highlight = CSS.highlights.get(MATCH_HIGHLIGHT)
  if (!highlight) {
    highlight = new Highlight()
    CSS.highlights.set(MATCH_HIGHLIGHT, highlight)
  }
  return highlight
}

/**
 * A StaticRange where there is one: a live Range stays registered with its document until it is garbage collected,
 * and every text change or removal of a node (each keystroke rewrites and recycles rows) walks all of those, the
 * marks of earlier keystrokes included. A mark never outlives its row's text: the list marks it again when the row
 * shows other text.
 */
function markRange(text: Text, start: number, end: number): AbstractRange {
  if (typeof StaticRange === 'function') return new StaticRange({ startContainer: text, startOffset: start, endContainer: text, endOffset: end })
  const range = document.createRange()
  range.setStart(text, start)
  range.setEnd(text, end)
  return range
}

/** The ranges one row has marked; `set` replaces them, `clear` drops them. */
export class RowHighlight {
  private ranges: AbstractRange[] = []

  /** Marks `marks` (offsets into the text of `el`'s single text node, shifted by `offset`). */
  set(parts: ReadonlyArray<{ el: HTMLElement | null; marks: readonly Mark[]; offset?: number }>): void {
    if (this.ranges.length === 0 && parts.every((p) => p.marks.length === 0)) return
    const highlight = registry()
    if (!highlight) return
    this.clear()
    for (const { el, marks, offset = 0 } of parts) {
      const text = el?.firstChild
      if (!(text instanceof Text)) continue
      for (const m of marks) {
        const start = m.start + offset
        const end = Math.min(text.length, m.end + offset)
        if (start >= end) continue
        const range = markRange(text, start, end)
        highlight.add(range)
        this.ranges.push(range)
      }
    }
  }

  clear(): void {
    if (this.ranges.length === 0) return
    const highlight = registry()
    if (highlight) for (const r of this.ranges) highlight.delete(r)
    this.ranges = []
  }
}

/** One row's marks as painted: for this contact view, query and name text node (a new one when the row shows another name). */
interface PaintedRow {
  view: ContactView
  queryId: string
  name: Node | null
  readonly highlight: RowHighlight
}

/**
 * Keeps the marks of the contact rows in a list, in one pass over the rows after the list's DOM update: a row that
 * shows the same contact, text and query as when it was last painted is skipped. Kept apart from the rows' render so
 * a row is a plain function of its contact (no watcher, computed or element refs of its own), and a keystroke that
 * only changes what is marked moves ranges and renders no row again.
 *
 * @param rows the list's row boxes (each with `data-index` and the row's `.contact-name`, `.side-username`, `.side-phone`).
 * @param viewAt what row `index` shows.
 */
export function listMarks(rows: () => Iterable<HTMLElement>, viewAt: (index: number) => ContactView | undefined, query: () => CompiledQuery): () => void {
  const painted = new Map<HTMLElement, PaintedRow>()
  return function paint(): void {
    const q = query()
    if (q.empty) {
      for (const row of painted.values()) row.highlight.clear()
      painted.clear()
      return
    }
    const seen = new Set<HTMLElement>()
    for (const box of rows()) {
      const view = viewAt(Number(box.dataset.index))
      if (!view) continue
      seen.add(box)
      const nameEl = box.querySelector<HTMLElement>('.contact-name')
      const name = nameEl?.firstChild ?? null
      let row = painted.get(box)
      if (row && row.view === view && row.queryId === q.id && row.name === name) continue
      if (!row) painted.set(box, (row = { view, queryId: q.id, name, highlight: new RowHighlight() }))
      Object.assign(row, { view, queryId: q.id, name })
      const marks = rowMarks({ keys: view.keys, name: view.text.name, username: view.contact.username, phone: view.text.phone }, q)
      row.highlight.set([
        { el: nameEl, marks: marks.name },
        { el: box.querySelector<HTMLElement>('.side-username'), marks: marks.username, offset: 1 },
        { el: box.querySelector<HTMLElement>('.side-phone'), marks: marks.phone },
      ])
    }
    // Rows no longer in the list (scrolled away, fewer results) take their ranges with them.
    for (const [box, row] of painted) {
      if (seen.has(box)) continue
      row.highlight.clear()
      painted.delete(box)
    }
  }
}
