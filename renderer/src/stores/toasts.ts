import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface Toast {
  id: number
  text: string
  kind: 'info' | 'error'
  actionLabel: string | null
}

interface ToastOptions {
  kind?: 'info' | 'error'
  /** ms before it goes away; errors stay longer by default. */
  timeout?: number
  action?: { label: string; run: () => void }
}

export const useToastStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([])
  const actions = new Map<number, () => void>()
  const timers = new Map<number, ReturnType<typeof setTimeout>>()
  let nextId = 1

  function show(text: string, options: ToastOptions = {}): number {
    const id = nextId++
    const kind = options.kind ?? 'info'
    toasts.value = [...toasts.value, { id, text, kind, actionLabel: options.action?.label ?? null }]
    if (options.action) actions.set(id, options.action.run)
    const timeout = options.timeout ?? (kind === 'error' ? 8000 : 4000)
    timers.set(
      id,
      setTimeout(() => dismiss(id), timeout),
    )
    return id
  }

  function dismiss(id: number): void {
    const timer = timers.get(id)
    if (timer !== undefined) clearTimeout(timer)
    timers.delete(id)
    actions.delete(id)
    toasts.value = toasts.value.filter((t) => t.id !== id)
  }

  function runAction(id: number): void {
    const run = actions.get(id)
    dismiss(id)
    run?.()
  }

  return { toasts, show, dismiss, runAction }
})
