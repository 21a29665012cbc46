/**
 * Search matches are painted with the CSS Custom Highlight API (`::highlight(search-match)`), not with
 * spans: marking a row then changes no DOM, so a keystroke lays out nothing for it (spans cost about 5 ms
 * of style, layout and paint per keystroke at 20 rows), and the rows' text, and so their accessible
 * names, stay exactly as shown. Without the API (older engines) matches are simply not marked.
 */

import type { Mark } from '../../lib/search'

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

/** The ranges one row has marked; `set` replaces them, `clear` drops them. */
export class RowHighlight {
  private ranges: Range[] = []

  /** Marks `marks` (offsets into the text of `el`'s single text node, shifted by `offset`). */
  set(parts: ReadonlyArray<{ el: HTMLElement | null; marks: readonly Mark[]; offset?: number }>): void {
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
        const range = document.createRange()
        range.setStart(text, start)
        range.setEnd(text, end)
        highlight.add(range)
        this.ranges.push(range)
      }
    }
  }

  clear(): void {
    const highlight = registry()
    if (highlight) for (const r of this.ranges) highlight.delete(r)
    this.ranges = []
  }
}
