import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { SavedNumber } from '@contract'
import { useApi } from './api'
import { useDeletesStore } from './deletes'
import { humanError } from '../lib/errors'
import { isolateName, plural } from '../lib/format'
import { formatPhone } from '../lib/phone'

/** How a saved number reads in a list or a sentence: its name, else its number. */
export function savedName(n: SavedNumber): string {
  return `${n.firstName} ${n.lastName}`.trim() || formatPhone(n.phone)
}

/**
 * The "Not on Telegram" view: the saved phone contacts the app knows of (saved.list: added by phone, imported, or
 * listed by the last takeout) that are not people in the contact list. Deletes go through the core's undo window
 * (saved.delete), and what waits for Undo is not shown.
 */
export const useSavedStore = defineStore('saved', () => {
  const api = useApi()
  const deletes = useDeletesStore()
  const all = shallowRef<SavedNumber[]>([])
  /** When a takeout last gave Telegram's complete list, or null: then only what the app saw itself is here. */
  const completeAt = ref<number | null>(null)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)

  const numbers = computed(() => {
    const hidden = deletes.hiddenPhones
    return hidden.size === 0 ? all.value : all.value.filter((n) => !hidden.has(n.phone))
  })

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const result = await api.call('saved.list', {})
      all.value = result.numbers
      completeAt.value = result.completeAt
      loaded.value = true
    } catch (e) {
      error.value = humanError(e)
    } finally {
      loading.value = false
    }
  }

  let off: (() => void) | null = null
  /** A number learnt or forgotten (an import, add by phone, a delete that went through): the view shows it. */
  function listen(): void {
    off ??= api.on('saved.changed', () => {
      if (loaded.value) void load()
    })
  }

  /** Deletes with Undo: the numbers leave the view at once; contacts.deleteByPhones goes out when the window ends. */
  function remove(list: readonly SavedNumber[]): Promise<boolean> {
    if (list.length === 0) return Promise.resolve(false)
    const label = list.length === 1 ? `Deleted ${isolateName(savedName(list[0]!))}` : `Deleted ${plural(list.length, 'saved number')}`
    return deletes.deletePhones(
      list.map((n) => n.phone),
      label,
    )
  }

  function reset(): void {
    off?.()
    off = null
    all.value = []
    completeAt.value = null
    loaded.value = false
    error.value = null
  }

  return { numbers, completeAt, loading, loaded, error, load, listen, remove, reset }
})
