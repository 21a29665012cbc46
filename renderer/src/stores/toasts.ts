import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface Toast {
  id: number
  text: string
  kind: 'info' | 'error'
  actionLabel: string | null
}

export interface ToastOptions {
  kind?: 'info' | 'error'
  /** ms before it goes away; errors stay longer by default. */
  timeout?: number
  action?: { label: string; run: () => void }
  /** Runs when the toast times out (not when dismissed or its action runs): an undo window closing. */
  onExpire?: () => void
  /**
   * Told when the toast's clock stops (true: focus or the pointer is on it) and starts again (false),
   * so whoever keeps a deadline of their own (the core's pending delete) can hold it too.
   */
  onHold?: (held: boolean) => void
}

/** Time left after the pointer or focus leaves a held toast: never less than this, to read and reach it again. */
export const RESUME_MIN_MS = 2000

interface Clock {
  timer: ReturnType<typeof setTimeout> | null
  deadline: number
  remaining: number
  holds: Set<string>
  options: ToastOptions
}

/**
 * Toasts and their clocks. A toast does not run out while it is held: the pointer over it or focus in it
 * (WCAG 2.2.1: a person who reaches for Undo gets the time to press it).
 */
export const useToastStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([])
  const clocks = new Map<number, Clock>()
  let nextId = 1

  function start(id: number, clock: Clock, ms: number): void {
    clock.deadline = Date.now() + ms
    clock.timer = setTimeout(() => expire(id), ms)
  }

  function show(text: string, options: ToastOptions = {}): number {
    const id = nextId++
    const kind = options.kind ?? 'info'
    toasts.value = [...toasts.value, { id, text, kind, actionLabel: options.action?.label ?? null }]
    const clock: Clock = { timer: null, deadline: 0, remaining: 0, holds: new Set(), options }
    clocks.set(id, clock)
    start(id, clock, options.timeout ?? (kind === 'error' ? 8000 : 4000))
    return id
  }

  function remove(id: number): ToastOptions | null {
    const clock = clocks.get(id)
    if (!clock) return null
    if (clock.timer !== null) clearTimeout(clock.timer)
    clocks.delete(id)
    toasts.value = toasts.value.filter((t) => t.id !== id)
    return clock.options
  }

  function expire(id: number): void {
    remove(id)?.onExpire?.()
  }

  function dismiss(id: number): void {
    remove(id)
  }

  function runAction(id: number): void {
    remove(id)?.action?.run()
  }

  /** `reason` is 'pointer' or 'focus'; the clock runs again once nothing holds the toast. */
  function hold(id: number, reason: string, held: boolean): void {
    const clock = clocks.get(id)
    if (!clock) return
    const wasHeld = clock.holds.size > 0
    if (held) clock.holds.add(reason)
    else clock.holds.delete(reason)
    const isHeld = clock.holds.size > 0
    if (isHeld === wasHeld) return
    if (isHeld) {
      if (clock.timer !== null) clearTimeout(clock.timer)
      clock.timer = null
      clock.remaining = Math.max(0, clock.deadline - Date.now())
    } else {
      start(id, clock, Math.max(RESUME_MIN_MS, clock.remaining))
    }
    clock.options.onHold?.(isHeld)
  }

  function isHeld(id: number): boolean {
    return (clocks.get(id)?.holds.size ?? 0) > 0
  }

  return { toasts, show, dismiss, runAction, hold, isHeld }
})
