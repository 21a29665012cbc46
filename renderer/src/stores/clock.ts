import { onScopeDispose, shallowRef } from 'vue'
import type { Ref } from 'vue'

/**
 * A reactive "now" in epoch ms, ticking every `intervalMs` while the calling scope (component or store)
 * lives. Countdowns and "last seen 5 minutes ago" read it so they stay current without their own timers.
 */
export function useNow(intervalMs = 1000): Ref<number> {
  const now = shallowRef(Date.now())
  const timer = setInterval(() => {
    now.value = Date.now()
  }, intervalMs)
  onScopeDispose(() => clearInterval(timer))
  return now
}
