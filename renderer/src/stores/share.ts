import { defineStore } from 'pinia'
import { chatLinks, type ChatTarget } from '@contract'
import { useApi } from './api'
import { useToastStore } from './toasts'
import { humanError } from '../lib/errors'

/**
 * Copy any text to the clipboard (a phone number, a username, a t.me link, an invite) and open a person's chat in
 * Telegram, each with a toast that says what happened. The clipboard is the page's own (navigator.clipboard): in
 * Electron the main process allows exactly this one permission, in a browser it needs the page to be focused.
 */
export const useShareStore = defineStore('share', () => {
  const api = useApi()
  const toasts = useToastStore()

  /** Copies `text`; `done` is the toast on success ("Phone number copied"). Resolves whether it worked. */
  async function copy(text: string, done: string): Promise<boolean> {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard')
      await navigator.clipboard.writeText(text)
      toasts.show(done)
      return true
    } catch {
      toasts.show("Couldn't copy to the clipboard. Select the text and copy it with Ctrl+C instead.", { kind: 'error' })
      return false
    }
  }

  /** Whether "Message" can go anywhere for this person (a username or a phone number we see). */
  function canMessage(target: ChatTarget): boolean {
    return chatLinks(target) !== null
  }

  /** "Message": their chat in the Telegram app, or t.me in the browser when no Telegram app is installed. */
  async function message(target: ChatTarget): Promise<void> {
    try {
      const { opened } = await api.call('shell.openChat', { username: target.username, phone: target.phone })
      if (opened === 'web') toasts.show('No Telegram app answered, so the chat opened in your browser.')
    } catch (error) {
      toasts.show(humanError(error), { kind: 'error' })
    }
  }

  return { copy, canMessage, message }
})
