import { defineStore } from 'pinia'
import { ref } from 'vue'
import { calendarDayOf, daysUntilBirthday, type Birthday } from '@contract'
import { useApi } from './api'

/** Contacts' birthdays as the core has learnt them (birthdays.list; birthdays.changed as it learns more). */
export const useBirthdaysStore = defineStore('birthdays', () => {
  const api = useApi()
  const byId = new Map<string, Birthday>()
  /** Bumped when the map changes: views and the Birthday sort read it. */
  const version = ref(0)
  const checked = ref(0)
  const total = ref(0)
  let listening = false

  async function load(): Promise<void> {
    try {
      const result = await api.call('birthdays.list', {})
      byId.clear()
      for (const { id, birthday } of result.birthdays) byId.set(id, birthday)
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
    void version.value
    return byId.get(id)
  }

  /** Days until the person's next birthday (0 today), or null when unknown. */
  function daysUntil(id: string, now: number = Date.now()): number | null {
    const birthday = byId.get(id)
    return birthday ? daysUntilBirthday(birthday, calendarDayOf(new Date(now))) : null
  }

  function reset(): void {
    byId.clear()
    checked.value = 0
    total.value = 0
    version.value++
  }

  return { version, checked, total, load, listen, get, daysUntil, reset }
})
