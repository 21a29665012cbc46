import { nextTick, ref, watch, type Ref } from 'vue'

const ROW = '[data-row-id]'
const MOVES = new Set(['ArrowUp', 'ArrowDown', 'Home', 'End'])

const buttonsOf = (row: Element): HTMLButtonElement[] => [...row.querySelectorAll<HTMLButtonElement>('button')]

/**
 * A list whose rows each carry several buttons, with one row in the Tab order at a time (WAI-ARIA's roving tabindex):
 * Tab goes through the current row's buttons and then past the list, Up/Down move to the same button of the row
 * above/below, Home/End to the first/last row. Without it, a keyboard user tabs through every button of every row.
 * When the row that had focus goes away (shared, dismissed, blocked), focus goes to the row now in its place, or the
 * last one, or to `fallback` when none is left, instead of falling to the page.
 *
 * Rows are the list's elements with `data-row-id`; bind each row's buttons' tabindex to `tabindexFor(id)`.
 */
export function useRovingRows(list: Ref<HTMLElement | null>, ids: Ref<readonly string[]>, fallback: () => HTMLElement | null) {
  const currentId = ref<string | null>(null)
  /** Where the current row was, for when it goes away: the row that takes its place becomes current. */
  let currentIndex = 0
  /** Which of its buttons had focus (its position in the row), and whether focus was in the list. */
  let slot = 0
  let focusInList = false

  const current = (): string | null => {
    const all = ids.value
    if (currentId.value !== null && all.includes(currentId.value)) return currentId.value
    return all[Math.min(currentIndex, all.length - 1)] ?? null
  }
  const tabindexFor = (id: string): 0 | -1 => (id === current() ? 0 : -1)

  function rows(): HTMLElement[] {
    return list.value ? [...list.value.querySelectorAll<HTMLElement>(ROW)] : []
  }

  function focusRow(index: number, buttonSlot: number): void {
    const row = rows()[index]
    if (!row) return
    const buttons = buttonsOf(row)
    buttons[Math.min(buttonSlot, buttons.length - 1)]?.focus()
  }

  function onFocusin(event: FocusEvent): void {
    const target = event.target as HTMLElement
    const row = target.closest<HTMLElement>(ROW)
    if (!row) return
    focusInList = true
    currentId.value = row.dataset.rowId ?? null
    currentIndex = Math.max(0, rows().indexOf(row))
    slot = Math.max(0, buttonsOf(row).indexOf(target as HTMLButtonElement))
  }

  function onFocusout(event: FocusEvent): void {
    const target = event.target as HTMLElement
    // A button removed with its row also loses focus; only a move elsewhere, with the button still there, counts.
    queueMicrotask(() => {
      if (target.isConnected && !list.value?.contains(document.activeElement)) focusInList = false
    })
  }

  function onKeydown(event: KeyboardEvent): void {
    if (!MOVES.has(event.key) || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
    const row = (event.target as HTMLElement).closest<HTMLElement>(ROW)
    if (!row) return
    const all = rows()
    const at = all.indexOf(row)
    const to = event.key === 'Home' ? 0 : event.key === 'End' ? all.length - 1 : at + (event.key === 'ArrowUp' ? -1 : 1)
    event.preventDefault()
    if (to < 0 || to >= all.length || to === at) return
    focusRow(to, buttonsOf(row).indexOf(event.target as HTMLButtonElement))
  }

  watch(
    ids,
    async () => {
      await nextTick()
      const active = document.activeElement
      const lost = active === null || active === document.body || !active.isConnected
      if (!focusInList || !lost) return
      const next = current()
      if (next === null) {
        focusInList = false
        fallback()?.focus()
        return
      }
      focusRow(ids.value.indexOf(next), slot)
    },
    { flush: 'post' },
  )

  return { tabindexFor, listeners: { focusin: onFocusin, focusout: onFocusout, keydown: onKeydown } }
}
