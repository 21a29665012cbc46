import type { Contact } from '../../contract'
import type { JobContact, TakenContact } from './types'

const digits = (phone: string): string => phone.replace(/\D/g, '')

/**
 * Which of the contacts of an unanswered request Telegram's contact list shows as taken: a contact with that
 * number under the names that were sent. Those need not go again. Any other contact's fate is unknown:
 * - not taken yet (the request never arrived), or
 * - taken, but its number has no Telegram account (or one hidden from imports by its privacy settings):
 *   Telegram then keeps it as a saved phone contact only, which the contact list does not show, and only a
 *   takeout session (contacts.getSaved, which Telegram may delay for hours and the user must confirm) would;
 * - a contact already, but under other names (the rename was not applied yet).
 * Names are compared without surrounding spaces, which Telegram drops; anything else it might change makes the
 * contact "unknown" too, which only costs a repeat.
 */
export function takenByTelegram(sent: readonly JobContact[], list: readonly Contact[]): Map<number, TakenContact> {
  const byPhone = new Map<string, Contact>()
  for (const contact of list) if (contact.phone) byPhone.set(digits(contact.phone), contact)
  const taken = new Map<number, TakenContact>()
  for (const c of sent) {
    const contact = byPhone.get(digits(c.phone))
    if (!contact || contact.firstName.trim() !== c.firstName.trim() || contact.lastName.trim() !== c.lastName.trim()) continue
    taken.set(c.clientId, { userId: contact.id, username: contact.username })
  }
  return taken
}
