/**
 * Search matches are painted with the CSS Custom Highlight API (`::highlight(search-match)`), not with
 * spans: marking a row then changes no DOM, so a keystroke lays out nothing for it (spans cost about 5 ms
 * of style, layout and paint per keystroke at 20 rows), and the rows' text, and so their accessible
 * names, stay exactly as shown. Without the API (older engines) matches are simply not marked.
 *
 * A row's marks are kept by a watcher of its own, apart from its render: a keystroke that only changes
 * what is marked moves ranges and renders no row again.
 */

import { computed, inject, onBeforeUnmount, onMounted, watch, type InjectionKey, type Ref } from 'vue'
import type { ContactView } from '../../lib/contact-view'
import { NO_MARKS, rowMarks, type CompiledQuery, type Mark, type RowMarks } from '../../lib/search'

export const MATCH_HIGHLIGHT = 'search-match'

/** The search box's compiled query, provided by the view that lists the rows. */
export const MATCH_QUERY: InjectionKey<Readonly<Ref<CompiledQuery>>> = Symbol('match query')

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
        const range = document.createRange()
        range.setStart(text, start)
        range.setEnd(text, end)
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

const spans = (marks: readonly Mark[]): string => marks.map((m) => `${m.start}-${m.end}`).join(',')
const markKey = (m: RowMarks): string => `${spans(m.name)}|${spans(m.username)}|${spans(m.phone)}`

/** The elements of a row that show marked text, each a single text node. */
export interface MarkedElements {
  readonly name: Ref<HTMLElement | null>
  /** "@username": marks are relative to the username without "@". */
  readonly username: Ref<HTMLElement | null>
  readonly phone: Ref<HTMLElement | null>
}

/**
 * Keeps the marks of one contact row. They are painted after the row's DOM update, and again only when they or the
 * row's text change.
 */
export function useMatchMarks(view: () => ContactView, els: MarkedElements): void {
  const query = inject(MATCH_QUERY, null)
  const marks = computed(() => {
    const q = query?.value
    if (!q || q.empty) return NO_MARKS
    const { keys, text, contact } = view()
    return rowMarks({ keys, name: text.name, username: contact.username, phone: text.phone }, q)
  })
  const highlight = new RowHighlight()
  function paint(): void {
    const { name, username, phone } = marks.value
    highlight.set([
      { el: els.name.value, marks: name },
      { el: els.username.value, marks: username, offset: 1 },
      { el: els.phone.value, marks: phone },
    ])
  }
  onMounted(paint)
  // The text: a row given another contact has new text nodes, whose ranges are to be made again.
  watch([() => view().text, () => markKey(marks.value)], paint, { flush: 'post' })
  onBeforeUnmount(() => highlight.clear())
}
