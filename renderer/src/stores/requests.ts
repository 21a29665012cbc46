import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Person } from '@contract'
import { useApi } from './api'
import { useToastStore } from './toasts'
import { humanError } from '../lib/errors'
import { contactName } from '../lib/format'

/** People who added us without our phone number (peerSettings share_contact). */
export const useRequestsStore = defineStore('requests', () => {
  const api = useApi()
  const toasts = useToastStore()
  const people = shallowRef<Person[]>([])
  const count = ref(0)
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  const acceptingId = ref<string | null>(null)
  /** Per person: why sharing failed. */
  const acceptErrors = ref<Record<string, string>>({})
  let listening = false

  function listen(): void {
    if (listening) return
    listening = true
    api.on('requests.changed', (p) => {
      count.value = p.count
      if (loaded.value) void load()
    })
  }

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const result = await api.call('requests.list', {})
      people.value = result.people
      count.value = result.people.length
      loaded.value = true
    } catch (e) {
      error.value = humanError(e)
    } finally {
      loading.value = false
    }
  }

  async function accept(person: Person): Promise<boolean> {
    acceptingId.value = person.id
    const errors = { ...acceptErrors.value }
    delete errors[person.id]
    acceptErrors.value = errors
    try {
      await api.call('requests.accept', { id: person.id })
      people.value = people.value.filter((p) => p.id !== person.id)
      count.value = Math.max(0, count.value - 1)
      toasts.show(`${contactName(person)} can now see your phone number`)
      return true
    } catch (e) {
      acceptErrors.value = { ...acceptErrors.value, [person.id]: humanError(e) }
      return false
    } finally {
      acceptingId.value = null
    }
  }

  function reset(): void {
    people.value = []
    count.value = 0
    loaded.value = false
  }

  /** Takes them out of the list now; the core call follows (a failure puts them back and says why). */
  async function hideWith(person: Person, method: 'requests.block' | 'requests.dismiss', done: string, undo: (() => Promise<void>) | null): Promise<void> {
    const before = people.value
    people.value = before.filter((p) => p.id !== person.id)
    count.value = people.value.length
    try {
      await api.call(method, { id: person.id })
      toasts.show(done, undo ? { action: { label: 'Undo', run: () => void undo() } } : {})
    } catch (e) {
      people.value = before
      count.value = before.length
      toasts.show(humanError(e), { kind: 'error' })
    }
  }

  /** contacts.block, with Undo (contacts.unblock) in the toast. */
  function block(person: Person): Promise<void> {
    return hideWith(person, 'requests.block', `${contactName(person)} is blocked`, async () => {
      try {
        await api.call('requests.unblock', { id: person.id })
        await load()
        toasts.show(`${contactName(person)} is unblocked`)
      } catch (e) {
        toasts.show(humanError(e), { kind: 'error' })
      }
    })
  }

  /** Hidden here only; Telegram is not told. */
  function dismiss(person: Person): Promise<void> {
    return hideWith(person, 'requests.dismiss', `${contactName(person)} is hidden from Requests`, null)
  }

  async function reportSpam(person: Person): Promise<void> {
    try {
      await api.call('requests.reportSpam', { id: person.id })
      toasts.show(`Reported ${contactName(person)} to Telegram as spam`)
    } catch (e) {
      toasts.show(humanError(e), { kind: 'error' })
    }
  }

  return { people, count, loading, loaded, error, acceptingId, acceptErrors, listen, load, accept, block, dismiss, reportSpam, reset }
})
