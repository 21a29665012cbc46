import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { PendingDelete } from '@contract'
import { useApi } from './api'
import { useToastStore } from './toasts'
import { humanEnvelope, humanError } from '../lib/errors'
import { plural } from '../lib/format'

/**
 * The core's undo window, for the words: mirrors UNDO_MS in the contract (a component test keeps them equal), whose
 * values at run time would pull zod into the renderer bundle.
 */
export const UNDO_MS = 5000

type Asked = { kind: 'contacts'; ids: readonly string[] } | { kind: 'phones'; phones: readonly string[] }

/**
 * Deletes waiting for Undo. They live in the core (contacts.delete / saved.delete start them, only deletes.undo stops
 * them; a reload or a closed window does not): this store shows them. The rows they name are hidden, each has its
 * "Undo" toast (shown again after a reload), Ctrl/Cmd+Z undoes the newest one while its toast shows, and holding a
 * toast (pointer, focus) holds the core's clock too.
 */
export const useDeletesStore = defineStore('deletes', () => {
  const api = useApi()
  const toasts = useToastStore()

  /** As the core last said. */
  const pending = shallowRef<readonly PendingDelete[]>([])
  /** Asked for, the core's answer not in yet: hidden already. */
  const asked = shallowRef<readonly Asked[]>([])
  /** Pending delete id -> its toast. */
  const toastOf = new Map<string, number>()

  const hiddenContacts = computed<ReadonlySet<string>>(() => {
    const ids = new Set<string>()
    for (const p of pending.value) if (p.kind === 'contacts') for (const id of p.ids) ids.add(id)
    for (const a of asked.value) if (a.kind === 'contacts') for (const id of a.ids) ids.add(id)
    return ids
  })

  const hiddenPhones = computed<ReadonlySet<string>>(() => {
    const phones = new Set<string>()
    for (const p of pending.value) if (p.kind === 'phones') for (const phone of p.phones) phones.add(phone)
    for (const a of asked.value) if (a.kind === 'phones') for (const phone of a.phones) phones.add(phone)
    return phones
  })

  function apply(list: readonly PendingDelete[]): void {
    const ids = new Set(list.map((p) => p.id))
    for (const [id, toast] of toastOf) {
      if (ids.has(id)) continue
      toasts.dismiss(toast)
      toastOf.delete(id)
    }
    pending.value = list
    // Undo only while there is time for it (0: the core is sending it).
    for (const p of list) if (p.remainingMs > 0 && !toastOf.has(p.id)) showToast(p)
  }

  function showToast(p: PendingDelete): void {
    const toast = toasts.show(p.label, {
      timeout: p.remainingMs,
      action: { label: 'Undo', run: () => void undo(p.id) },
      onHold: (held) => void api.call('deletes.hold', { id: p.id, held }).catch(() => undefined),
      // The core sends it when its own clock runs out; deletes.changed then ends it here.
      onExpire: () => toastOf.delete(p.id),
    })
    toastOf.set(p.id, toast)
  }

  async function schedule(what: Asked, label: string): Promise<boolean> {
    asked.value = [...asked.value, what]
    try {
      const answer =
        what.kind === 'contacts'
          ? await api.call('contacts.delete', { ids: [...what.ids], label })
          : await api.call('saved.delete', { phones: [...what.phones], label })
      apply([...pending.value.filter((p) => p.id !== answer.pending.id), answer.pending])
      return true
    } catch (e) {
      toasts.show(`Couldn't delete: ${humanError(e)}`, { kind: 'error' })
      return false
    } finally {
      asked.value = asked.value.filter((a) => a !== what)
    }
  }

  /** Hides the contacts at once and starts the core's undo window. */
  function deleteContacts(ids: readonly string[], label: string): Promise<boolean> {
    return schedule({ kind: 'contacts', ids }, label)
  }

  /** Hides the saved numbers at once and starts the core's undo window (contacts.deleteByPhones when it ends). */
  function deletePhones(phones: readonly string[], label: string): Promise<boolean> {
    return schedule({ kind: 'phones', phones }, label)
  }

  async function undo(id: string): Promise<void> {
    const toast = toastOf.get(id)
    if (toast !== undefined) toasts.dismiss(toast)
    toastOf.delete(id)
    try {
      const { undone } = await api.call('deletes.undo', { id })
      if (undone) pending.value = pending.value.filter((p) => p.id !== id)
      else toasts.show('Too late to undo: it was already deleted.', { kind: 'error' })
    } catch (e) {
      toasts.show(`Couldn't undo: ${humanError(e)}`, { kind: 'error' })
    }
  }

  /** Ctrl/Cmd+Z: undoes the newest delete whose toast still shows; false when there is none. */
  function undoLast(): boolean {
    const shown = new Set(toasts.toasts.map((t) => t.id))
    const last = [...pending.value].reverse().find((p) => {
      const toast = toastOf.get(p.id)
      return toast !== undefined && shown.has(toast)
    })
    if (!last) return false
    void undo(last.id)
    return true
  }

  /** Ctrl/Cmd+Z anywhere in the window (AppShell listens); in a text field it stays the field's own undo. */
  function undoKey(event: KeyboardEvent): void {
    if (!(event.ctrlKey || event.metaKey) || event.shiftKey || event.altKey || event.key.toLowerCase() !== 'z') return
    const target = event.target
    if (target instanceof HTMLElement && (target.isContentEditable || target.closest('input, textarea, select'))) return
    if (undoLast()) event.preventDefault()
  }

  /** The page starts: what the core still has waiting (also from before a reload). */
  async function load(): Promise<void> {
    try {
      apply((await api.call('deletes.pending', {})).pending)
    } catch {
      // Signed out meanwhile: nothing is pending for this page.
    }
  }

  const unsubscribers: Array<() => void> = []
  function listen(): void {
    if (unsubscribers.length > 0) return
    unsubscribers.push(
      api.on('deletes.changed', (p) => apply(p.pending)),
      api.on('deletes.failed', (p) => {
        const what = plural(p.count, p.kind === 'contacts' ? 'contact' : 'number')
        const back = p.count === 1 ? 'it is back' : 'they are back'
        toasts.show(`Couldn't delete ${what}; ${back} in the list. ${humanEnvelope(p.error)}`, { kind: 'error' })
      }),
    )
  }

  /** Signed out: nothing of that account is shown any more. */
  function reset(): void {
    for (const off of unsubscribers.splice(0)) off()
    for (const toast of toastOf.values()) toasts.dismiss(toast)
    toastOf.clear()
    pending.value = []
    asked.value = []
  }

  return { pending, hiddenContacts, hiddenPhones, deleteContacts, deletePhones, undo, undoLast, undoKey, load, listen, reset }
})
