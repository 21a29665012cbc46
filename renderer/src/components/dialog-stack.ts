/**
 * The open modal dialogs, topmost last. Only the topmost is live: everything else on the page (the app and
 * any dialog below) is `inert`, so Tab, a screen reader's virtual cursor and clicks cannot reach it.
 * Dialogs render where they are declared (no teleport), so "everything else" is every sibling of each
 * ancestor of the top dialog's root.
 *
 * Focus goes back to the control that opened a dialog. When one dialog replaces another (Add contact →
 * Find → New contact), the new one may open before the old one closes, so its "opener" is a field inside
 * the closing dialog: it inherits the closing dialog's opener instead.
 */
export interface DialogEntry {
  readonly root: HTMLElement
  opener: HTMLElement | null
}

const stack: DialogEntry[] = []
let inerted: HTMLElement[] = []

function focusedElement(): HTMLElement | null {
  const active = document.activeElement
  return active instanceof HTMLElement && active !== document.body ? active : null
}

function applyInert(): void {
  for (const element of inerted) element.inert = false
  inerted = []
  const top = stack.at(-1)
  if (!top) return
  for (let node: HTMLElement | null = top.root; node && node !== document.body; node = node.parentElement) {
    const parent: HTMLElement | null = node.parentElement
    if (!parent) break
    for (const sibling of Array.from<Element>(parent.children)) {
      if (sibling === node || !(sibling instanceof HTMLElement) || sibling.inert || sibling.tagName === 'SCRIPT') continue
      sibling.inert = true
      inerted.push(sibling)
    }
  }
}

export function openDialog(root: HTMLElement): DialogEntry {
  const entry: DialogEntry = { root, opener: focusedElement() }
  stack.push(entry)
  applyInert()
  return entry
}

export function isTopDialog(entry: DialogEntry): boolean {
  return stack.at(-1) === entry
}

export function topDialog(): DialogEntry | null {
  return stack.at(-1) ?? null
}

/**
 * Removes the dialog. If it was on top and focus was still inside it (or nowhere), focus returns to its
 * opener once the page has re-rendered; a component that already moved focus elsewhere keeps it there.
 */
export function closeDialog(entry: DialogEntry, afterRender: (run: () => void) => void): void {
  const index = stack.indexOf(entry)
  if (index < 0) return
  const wasTop = index === stack.length - 1
  stack.splice(index, 1)
  for (const other of stack) {
    if (other.opener && entry.root.contains(other.opener)) other.opener = entry.opener
  }
  const focusWasInside = focusedElement() === null || entry.root.contains(document.activeElement)
  applyInert()
  if (!wasTop || !focusWasInside) return
  const opener = entry.opener
  afterRender(() => {
    const current = focusedElement()
    // Someone (the next dialog, or the view) placed focus meanwhile: leave it.
    if (current && current.isConnected && !entry.root.contains(current)) return
    const top = topDialog()
    if (top) {
      focusInitial(top.root)
    } else if (opener && opener.isConnected && !opener.closest('[inert]') && !opener.matches(':disabled')) {
      opener.focus()
    } else {
      // The opener went away with what it acted on (a deleted contact's pane), or cannot take focus any more (Reset
      // saved contacts with nothing left to reset): the main area takes focus.
      document.querySelector<HTMLElement>('main')?.focus()
    }
  })
}

const FIELDS = 'input:not([type=hidden]):not(:disabled), textarea:not(:disabled), select:not(:disabled)'
export const FOCUSABLE =
  'button:not(:disabled), input:not(:disabled):not([type=hidden]), textarea:not(:disabled), select:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])'

/**
 * The element a dialog starts on: one marked `data-autofocus` (a confirm's primary action, or Cancel where
 * Cancel is the safe default), else the first field of the body, else the footer's primary button, else
 * the dialog itself (while it is still loading). Returns what it focused.
 */
export function focusInitial(root: HTMLElement): HTMLElement | null {
  const panel = root.querySelector<HTMLElement>('[role="dialog"]') ?? root
  const target =
    panel.querySelector<HTMLElement>('[data-autofocus]:not(:disabled)') ??
    panel.querySelector<HTMLElement>(`.modal-body :is(${FIELDS})`) ??
    panel.querySelector<HTMLElement>('.modal-footer .btn-primary:not(:disabled)') ??
    panel
  target.focus()
  return target
}
