import { onBeforeUnmount, onMounted, type Ref } from 'vue'

const PROPERTY = '--toast-clearance'

/**
 * Keeps the toasts (fixed at the bottom of the window) above a sticky footer of actions while it is on screen: the
 * footer's height, as it wraps at narrow widths, becomes the toasts' clearance. Without it a toast covered the import
 * preview's Cancel and "N rows will be imported".
 */
export function useToastClearance(footer: Ref<HTMLElement | null>): void {
  let observer: ResizeObserver | null = null
  const root = (): CSSStyleDeclaration => document.documentElement.style

  onMounted(() => {
    const element = footer.value
    if (!element) return
    observer = new ResizeObserver(() => root().setProperty(PROPERTY, `${element.offsetHeight}px`))
    observer.observe(element)
  })
  onBeforeUnmount(() => {
    observer?.disconnect()
    root().removeProperty(PROPERTY)
  })
}
