import { phoneDigits, type ExportPerson, type SavedContact, type TelegramContact } from './model'

/**
 * Every person once: saved phone contacts (contacts.getSaved) enriched with the Telegram user id and
 * username of the contact that has the same number, plus Telegram contacts that are not saved phone
 * contacts (added by username, or whose number is hidden). Sorted as Telegram Desktop sorts its export.
 */
export function mergeContacts(saved: readonly SavedContact[], contacts: readonly TelegramContact[], includeNotOnTelegram: boolean): ExportPerson[] {
  const byPhone = new Map<string, TelegramContact>()
  for (const c of contacts) {
    const digits = c.phone ? phoneDigits(c.phone) : ''
    if (digits) byPhone.set(digits, c)
  }
  const people: ExportPerson[] = []
  const seenPhones = new Set<string>()
  const seenUsers = new Set<string>()
  for (const s of saved) {
    const digits = phoneDigits(s.phone)
    if (digits) {
      if (seenPhones.has(digits)) continue
      seenPhones.add(digits)
    }
    const match = digits ? byPhone.get(digits) : undefined
    if (match) seenUsers.add(match.userId)
    if (!match && !includeNotOnTelegram) continue
    people.push({
      firstName: s.firstName,
      lastName: s.lastName,
      phone: s.phone,
      date: s.date,
      userId: match?.userId ?? null,
      username: match?.username ?? null,
    })
  }
  for (const c of contacts) {
    if (seenUsers.has(c.userId)) continue
    seenUsers.add(c.userId)
    people.push({ firstName: c.firstName, lastName: c.lastName, phone: c.phone ? phoneDigits(c.phone) : '', date: null, userId: c.userId, username: c.username })
  }
  return sortLikeTelegramDesktop(people)
}

/** tdesktop's SortedContactsIndices: by lower-cased "first last", compared code unit by code unit (QString <). */
export function sortLikeTelegramDesktop(people: ExportPerson[]): ExportPerson[] {
  const keyed = people.map((p, i) => ({ p, i, key: `${p.firstName} ${p.lastName}`.toLowerCase() }))
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
  return keyed.map((k) => k.p)
}
