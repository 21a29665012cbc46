import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Birthday } from '@contract'
import { useApi } from './api'

/** Contacts' birthdays as the core has learnt them (birthdays.list; birthdays.changed as it learns more). */
export const useBirthdaysStore = defineStore('birthdays', () => {
  const api = useApi()
  /**
   * By contact id, replaced (never changed in place) when the core learns more. Read as a plain map: views and the
   * Birthday sort look up every contact of the list, and a store action per lookup (Pinia wraps each returned
   * function) cost 2.4 s of a 100,000-contact load in the Upcoming birthdays strip alone.
   */
  const known = shallowRef<ReadonlyMap<string, Birthday>>(new Map())
  /** Bumped when the map changes: views and the Birthday sort read it. */
  const version = ref(0)
  const checked = ref(0)
  const total = ref(0)
  let listening = false

  async function load(): Promise<void> {
    try {
      const result = await api.call('birthdays.list', {})
      known.value = new Map(result.birthdays.map(({ id, birthday }) => [id, birthday]))
      checked.value = result.checked
      total.value = result.total
      version.value++
    } catch {
      // Birthdays are extra: without them the list is still the list.
    }
  }

  function listen(): void {
    if (listening) return
    listening = true
    api.on('birthdays.changed', () => void load())
  }

  function get(id: string): Birthday | undefined {
    return known.value.get(id)
  }

  function reset(): void {
    known.value = new Map()
    checked.value = 0
    total.value = 0
    version.value++
  }

  return { known, version, checked, total, load, listen, get, reset }
})
