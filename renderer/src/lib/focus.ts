/**
 * When what had focus went away with the content it belonged to (a finished step, a replaced view), focus
 * goes to the new content's heading instead of falling to the page: a keyboard or screen-reader user goes
 * on from there. Focus the person placed elsewhere stays.
 */
export function focusHeadingIfLost(root: HTMLElement | null): void {
  if (!root || (document.activeElement && document.activeElement !== document.body)) return
  const heading = root.querySelector<HTMLElement>('h1')
  if (!heading) return
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
  heading.focus()
}
