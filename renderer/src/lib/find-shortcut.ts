import { onActivated, onBeforeUnmount, onDeactivated, onMounted, type Ref } from 'vue'
import { topDialog } from '../components/dialog-stack'

/**
 * Ctrl/Cmd+F takes focus to the view's search box, its text selected, from anywhere in the view: every view with a
 * search box calls this. Listens while the view is shown (mounted, or kept alive and active); a modal dialog keeps
 * the key (the page behind it is inert).
 */
export function useFindShortcut(input: Ref<HTMLInputElement | null>): void {
  function onKey(event: KeyboardEvent): void {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || event.key.toLowerCase() !== 'f') return
    const box = input.value
    if (!box?.isConnected || topDialog()) return
    event.preventDefault()
    box.focus()
    box.select()
  }
  let listening = false
  function attach(): void {
    if (!listening) window.addEventListener('keydown', onKey)
    listening = true
  }
  function detach(): void {
    window.removeEventListener('keydown', onKey)
    listening = false
  }
  onMounted(attach)
  onActivated(attach)
  onDeactivated(detach)
  onBeforeUnmount(detach)
}
