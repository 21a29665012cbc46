import type { Page } from 'playwright-core'

/** What has focus, as a person (or a screen reader) would name it. */
export interface Focused {
  tag: string
  role: string | null
  name: string
  /** The title of the dialog focus is in. */
  inDialog: string | null
  /** The label of the landmark or named region focus is in (the innermost). */
  region: string | null
  /** For a listbox: the text of the row its aria-activedescendant names. */
  activeRow: string | null
  checked: boolean | null
  selection: [number, number] | null
  valueLength: number | null
}

/** Describes document.activeElement (see Focused). */
export function focused(page: Page): Promise<Focused> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', role: null, name: '', inDialog: null, region: null, activeRow: null, checked: null, selection: null, valueLength: null };
    const text = (id) => document.getElementById(id)?.textContent ?? '';
    const labelled = el.getAttribute('aria-labelledby');
    const name = el.getAttribute('aria-label')
      || (labelled ? labelled.split(' ').map(text).join(' ') : '')
      || (el.labels && el.labels[0] ? el.labels[0].textContent : '')
      || el.textContent || '';
    const dialog = el.closest('[role="dialog"]');
    const landmark = el.closest('aside[aria-label], nav[aria-label], section[aria-labelledby], section[aria-label], [role="region"][aria-label], main, header, footer');
    const landmarkName = landmark ? (landmark.getAttribute('aria-label') || (landmark.getAttribute('aria-labelledby') ? text(landmark.getAttribute('aria-labelledby')) : landmark.tagName.toLowerCase())) : null;
    const rowId = el.getAttribute('aria-activedescendant');
    const row = rowId ? document.getElementById(rowId) : null;
    const isInput = el instanceof HTMLInputElement;
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute('role'),
      name: name.replace(/\\s+/g, ' ').trim(),
      inDialog: dialog ? text(dialog.getAttribute('aria-labelledby')) : null,
      region: landmarkName ? landmarkName.replace(/\\s+/g, ' ').trim() : null,
      activeRow: row ? row.querySelector('.contact-name')?.textContent ?? row.textContent : null,
      checked: isInput && el.type === 'checkbox' ? el.checked : null,
      selection: isInput && el.type !== 'checkbox' ? [el.selectionStart, el.selectionEnd] : null,
      valueLength: isInput ? el.value.length : null,
    };
  })()`) as Promise<Focused>
}

/** Presses Tab (or Shift+Tab) until focus is on what `matches` accepts; fails after `max` presses. */
export async function tabTo(page: Page, matches: (f: Focused) => boolean, { back = false, max = 40 } = {}): Promise<Focused> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
    const now = await focused(page)
    if (matches(now)) return now
  }
  throw new Error(`Tab never reached it; focus ends on ${JSON.stringify(await focused(page))}`)
}

export const named = (name: string | RegExp) => (f: Focused) => (typeof name === 'string' ? f.name === name : name.test(f.name))

/** One stop of a Tab walk: who has focus and what a sighted keyboard user would see of it. */
export interface TabStop extends Focused {
  /** Problems with this stop: not on screen, covered by something else, no visible focus indicator. */
  problems: string[]
}

/**
 * Where the focused element stands on screen: inside the window, its centre not covered by another element
 * (WCAG 2.4.11), and drawn with a focus indicator (an outline, a ring or a box-shadow; a listbox draws it on its
 * active row).
 */
function stopProblems(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return [];
    const problems = [];
    const shown = el.getAttribute('aria-activedescendant') ? document.getElementById(el.getAttribute('aria-activedescendant')) ?? el : el;
    const box = shown.getBoundingClientRect();
    const left = Math.max(box.left, 0), right = Math.min(box.right, innerWidth), top = Math.max(box.top, 0), bottom = Math.min(box.bottom, innerHeight);
    if (box.width === 0 || box.height === 0) problems.push('has no size');
    else if (right <= left || bottom <= top) problems.push('is outside the window');
    else {
      const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
      if (hit && !shown.contains(hit) && !hit.contains(shown) && !el.contains(hit)) {
        problems.push('is covered by ' + hit.tagName.toLowerCase() + (hit.className ? '.' + String(hit.className).split(' ').join('.') : ''));
      }
    }
    // A field shows focus with the accent border instead of an outline.
    const probe = document.createElement('span');
    probe.style.color = 'var(--accent)';
    document.body.append(probe);
    const accent = getComputedStyle(probe).color;
    probe.remove();
    const drawn = (node) => {
      const s = getComputedStyle(node);
      return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none' || (node.matches('input, textarea, select') && s.borderTopColor === accent);
    };
    // A listbox draws its ring on the active row's content.
    if (!drawn(el) && !(shown !== el && [shown, ...shown.children].some(drawn))) problems.push('shows no focus indicator');
    return problems;
  })()`) as Promise<string[]>
}

/**
 * Presses Tab from where focus is until it comes back there, and returns each stop on the way (focus leaving the
 * page for the browser's own UI shows as one 'body' stop, left out). Throws when focus is caught in a loop that
 * does not come back (a keyboard trap) or after `max` presses.
 */
export async function tabCycle(page: Page, { back = false, max = 80 } = {}): Promise<TabStop[]> {
  const key = () => page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    if (!el.dataset.tabWalk) el.dataset.tabWalk = String(Math.random()).slice(2);
    return el.dataset.tabWalk;
  })()`) as Promise<string>
  const start = await key()
  const seen = new Set<string>()
  const stops: TabStop[] = []
  let firstKey = ''
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
    const now = await key()
    // Back where it began, or at the first stop when it began on something Tab does not stop at (a heading).
    if (now === start || (stops.length > 0 && now === firstKey)) return stops
    if (now === 'body') continue
    // The cycle also closes when what it began on went away on the way (a drawer that closes as focus leaves it).
    const gone = (await page.evaluate(`[${JSON.stringify(start)}, ${JSON.stringify(firstKey)}].every((k) => !document.querySelector('[data-tab-walk="' + k + '"]'))`)) as boolean
    if (seen.has(now) && gone) return stops
    if (seen.has(now)) throw new Error(`focus is caught in a loop after ${stops.map((s) => s.name).join(' → ')}`)
    seen.add(now)
    if (stops.length === 0) firstKey = now
    stops.push({ ...(await focused(page)), problems: await stopProblems(page) })
  }
  throw new Error(`Tab did not come back in ${max} presses: ${stops.map((s) => s.name).join(' → ')}`)
}
