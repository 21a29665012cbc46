import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { DELETE_PREVIEW_PAGE_ROWS, MAX_PHONES_TEXT, type DeleteByPhonesRow } from '@contract'
import { useApi } from './api'
import { useContactsStore } from './contacts'
import { humanError } from '../lib/errors'


export const useCleanupStore = defineStore('cleanup', () => {
  const api = useApi()
  const contacts = useContactsStore()

  // ---- reset saved contacts ----
  const savedCount = ref<number | null>(null)
  const countError = ref<string | null>(null)
  const resetting = ref(false)
  const resetError = ref<string | null>(null)
  const resetRemoved = ref<number | null>(null)

  async function loadSavedCount(): Promise<void> {
    countError.value = null
    try {
      savedCount.value = (await api.call('cleanup.savedCount', {})).savedCount
    } catch (e) {
      countError.value = humanError(e)
    }
  }

  async function resetSaved(): Promise<boolean> {
    resetting.value = true
    resetError.value = null
    resetRemoved.value = null
    try {
      resetRemoved.value = (await api.call('cleanup.resetSaved', {})).removed
      savedCount.value = 0
      void contacts.refresh()
      return true
    } catch (e) {
      resetError.value = humanError(e)
      return false
    } finally {
      resetting.value = false
    }
  }

  // ---- delete by phone numbers ----
  const text = ref('')
  const rows = shallowRef<DeleteByPhonesRow[]>([])
  const previewed = ref(false)
  const previewing = ref(false)
  const deleting = ref(false)
  const error = ref<string | null>(null)
  const result = shallowRef<{ sent: number; matched: number; unmatched: number } | null>(null)

  const counts = computed(() => {
    const c = { contact: 0, saved: 0, own: 0, none: 0, invalid: 0, duplicate: 0 }
    for (const r of rows.value) c[r.match]++
    return c
  })

  /** Numbers to delete: those that matched a contact or a saved phone contact, once each. */
  const phonesToDelete = computed(() => {
    const out = new Set<string>()
    for (const r of rows.value) if ((r.match === 'contact' || r.match === 'saved') && r.e164) out.add(r.e164)
    return [...out]
  })

  /** The core answers a long list's first rows, then pages the rest. */
  async function previewRows(pasted: string): Promise<DeleteByPhonesRow[]> {
    const first = await api.call('cleanup.previewDeleteByPhones', { text: pasted })
    const id = first.preview
    if (id === null) return first.rows
    const all = first.rows.slice()
    for (;;) {
      const page = await api.call('cleanup.previewPage', { preview: id, offset: all.length, limit: DELETE_PREVIEW_PAGE_ROWS })
      for (const row of page.rows) all.push(row)
      if (page.done || page.rows.length === 0) return all
    }
  }

  async function preview(): Promise<boolean> {
    error.value = null
    result.value = null
    if (text.value.length > MAX_PHONES_TEXT) {
      error.value = 'Paste at most 4 MB of phone numbers at once.'
      return false
    }
    previewing.value = true
    try {
      rows.value = await previewRows(text.value)
      previewed.value = true
      return true
    } catch (e) {
      error.value = humanError(e)
      return false
    } finally {
      previewing.value = false
    }
  }

  async function deleteMatched(): Promise<boolean> {
    const phones = phonesToDelete.value
    if (phones.length === 0) return false
    deleting.value = true
    error.value = null
    try {
      const { sent } = await api.call('cleanup.deleteByPhones', { phones })
      const unmatched = counts.value.none + counts.value.invalid
      result.value = { sent, matched: phones.length, unmatched }
      rows.value = []
      previewed.value = false
      text.value = ''
      void contacts.refresh()
      void loadSavedCount()
      return true
    } catch (e) {
      error.value = humanError(e)
      return false
    } finally {
      deleting.value = false
    }
  }

  function editAgain(): void {
    previewed.value = false
    rows.value = []
  }

  /** Signed out: forget the numbers and results of that account. */
  function reset(): void {
    editAgain()
    text.value = ''
    result.value = null
    error.value = null
    savedCount.value = null
    resetRemoved.value = null
    resetError.value = null
  }

  return {
    savedCount,
    countError,
    resetting,
    resetError,
    resetRemoved,
    loadSavedCount,
    resetSaved,
    text,
    rows,
    previewed,
    previewing,
    deleting,
    error,
    result,
    counts,
    phonesToDelete,
    preview,
    deleteMatched,
    editAgain,
    reset,
  }
})
