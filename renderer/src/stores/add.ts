import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { MethodOutput, PersonDetails } from '@contract'
import { useApi } from './api'
import { useContactsStore } from './contacts'
import { useToastStore } from './toasts'
import { humanError } from '../lib/errors'
import { contactName } from '../lib/format'

export interface AddForm {
  firstName: string
  lastName: string
  sharePhone: boolean
}

/** The add / rename dialog (contacts.addContact edits an existing contact too) and add by phone. */
export const useAddStore = defineStore('add', () => {
  const api = useApi()
  const contacts = useContactsStore()
  const toasts = useToastStore()

  const open = ref(false)
  const mode = ref<'add' | 'rename'>('add')
  const person = shallowRef<PersonDetails | null>(null)
  const loading = ref(false)
  const loadError = ref<string | null>(null)
  const saving = ref(false)
  const error = ref<string | null>(null)
  let token = 0

  function show(nextMode: 'add' | 'rename'): number {
    open.value = true
    mode.value = nextMode
    person.value = null
    loadError.value = null
    error.value = null
    return ++token
  }

  /** Opens the dialog for a known person id (a global search result, a contact to rename). */
  async function openFor(id: string, nextMode: 'add' | 'rename' = 'add'): Promise<void> {
    const mine = show(nextMode)
    loading.value = true
    try {
      const details = await api.call('contacts.details', { id })
      if (mine === token) person.value = details
    } catch (e) {
      if (mine === token) loadError.value = humanError(e)
    } finally {
      if (mine === token) loading.value = false
    }
  }

  /** Opens the dialog for a person already loaded (people.resolve). */
  function openWith(details: PersonDetails): void {
    show(details.isContact ? 'rename' : 'add')
    person.value = details
    loading.value = false
  }

  function close(): void {
    token++
    open.value = false
    saving.value = false
  }

  async function submit(form: AddForm): Promise<boolean> {
    const target = person.value
    if (!target) return false
    saving.value = true
    error.value = null
    try {
      const { contact } = await api.call('contacts.add', {
        id: target.id,
        firstName: form.firstName.trim(),
        lastName: form.lastName.trim(),
        // The number Telegram shows for them, unchanged: the dialog edits names only, as Telegram's own does.
        phone: target.phone ?? '',
        // Sent exactly when Telegram needs the exception and the user kept the box checked.
        sharePhone: target.needContactsException && form.sharePhone,
      })
      contacts.upsert([contact])
      toasts.show(mode.value === 'rename' ? `Saved ${contactName(contact)}` : `${contactName(contact)} is now in your contacts`)
      close()
      contacts.clickRow(contact.id)
      return true
    } catch (e) {
      error.value = humanError(e)
      return false
    } finally {
      saving.value = false
    }
  }

  // ---- "Add contact" by @username or t.me link ----

  const resolving = ref(false)
  const resolveError = ref<string | null>(null)

  async function resolve(query: string): Promise<boolean> {
    resolving.value = true
    resolveError.value = null
    try {
      openWith(await api.call('people.resolve', { query: query.trim() }))
      return true
    } catch (e) {
      resolveError.value = humanError(e)
      return false
    } finally {
      resolving.value = false
    }
  }

  // ---- add by phone number ----

  const phoneSaving = ref(false)
  const phoneError = ref<string | null>(null)

  /**
   * contacts.addByPhone. A number someone has already comes back as 'existing' with nothing sent, unless
   * `renameExisting` (the person confirmed the rename).
   */
  async function addByPhone(firstName: string, lastName: string, phone: string, renameExisting = false): Promise<MethodOutput<'contacts.addByPhone'> | null> {
    phoneSaving.value = true
    phoneError.value = null
    try {
      const result = await api.call('contacts.addByPhone', { firstName: firstName.trim(), lastName: lastName.trim(), phone, renameExisting })
      if (result.result === 'added') {
        contacts.upsert([result.contact])
        contacts.clickRow(result.contact.id)
        toasts.show(renameExisting ? `Renamed to ${contactName(result.contact)}` : `${contactName(result.contact)} is on Telegram and now in your contacts`)
      }
      return result
    } catch (e) {
      phoneError.value = humanError(e)
      return null
    } finally {
      phoneSaving.value = false
    }
  }

  return {
    open,
    mode,
    person,
    loading,
    loadError,
    saving,
    error,
    openFor,
    openWith,
    close,
    submit,
    resolving,
    resolveError,
    resolve,
    phoneSaving,
    phoneError,
    addByPhone,
  }
})
