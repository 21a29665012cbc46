import { TimeSlices } from '../app/time-slices'
import { phoneDigits, type ExportPerson, type SavedContact, type TelegramContact } from './model'

/** Items between two looks at the clock (a look and an await per item would add to every item's cost). */
const STEP = 256

/**
 * Every person once: saved phone contacts (contacts.getSaved) enriched with the Telegram user id and
 * username of the contact that has the same number, plus Telegram contacts that are not saved phone
 * contacts (added by username, or whose number is hidden). Sorted as Telegram Desktop sorts its export.
 * In time slices: at 100,000 saved contacts merging and sorting held the core's event loop for some 90 ms.
 */
export async function mergeContacts(
  saved: readonly SavedContact[],
  contacts: readonly TelegramContact[],
  includeNotOnTelegram: boolean,
  slices = new TimeSlices(),
): Promise<ExportPerson[]> {
  const byPhone = new Map<string, TelegramContact>()
  for (const [n, c] of contacts.entries()) {
    const digits = c.phone ? phoneDigits(c.phone) : ''
    if (digits) byPhone.set(digits, c)
    if (n % STEP === 0) await slices.turn()
  }
  const people: ExportPerson[] = []
  const seenPhones = new Set<string>()
  const seenUsers = new Set<string>()
  for (const [n, s] of saved.entries()) {
    if (n % STEP === 0) await slices.turn()
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
  for (const [n, c] of contacts.entries()) {
    if (n % STEP === 0) await slices.turn()
    if (seenUsers.has(c.userId)) continue
    seenUsers.add(c.userId)
    people.push({ firstName: c.firstName, lastName: c.lastName, phone: c.phone ? phoneDigits(c.phone) : '', date: null, userId: c.userId, username: c.username })
  }
  return sortLikeTelegramDesktop(people, slices)
}

interface Keyed {
  p: ExportPerson
  i: number
  key: string
}

/** tdesktop's SortedContactsIndices: by lower-cased "first last", compared code unit by code unit (QString <). */
const before = (a: Keyed, b: Keyed): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i)

/** Runs this long are sorted in one step (a few ms); the runs are then merged, the loop turning between slices. */
const RUN = 4096

/**
 * Sorts as tdesktop does, as a bottom-up merge sort in time slices: Array.prototype.sort of 100,000 keys is one
 * synchronous step of tens of milliseconds. Ties keep the input order, so the result is the same as one sort's.
 */
export async function sortLikeTelegramDesktop(people: readonly ExportPerson[], slices = new TimeSlices()): Promise<ExportPerson[]> {
  let keyed: Keyed[] = []
  for (const [i, p] of people.entries()) {
    keyed.push({ p, i, key: `${p.firstName} ${p.lastName}`.toLowerCase() })
    if (i % STEP === 0) await slices.turn()
  }
  for (let start = 0; start < keyed.length; start += RUN) {
    const run = keyed.slice(start, start + RUN).sort(before)
    for (const [j, k] of run.entries()) keyed[start + j] = k
    await slices.turn()
  }
  for (let width = RUN; width < keyed.length; width *= 2) {
    const merged: Keyed[] = new Array<Keyed>(keyed.length)
    let out = 0
    for (let left = 0; left < keyed.length; left += 2 * width) {
      const mid = Math.min(left + width, keyed.length)
      const end = Math.min(left + 2 * width, keyed.length)
      let a = left
      let b = mid
      while (a < mid || b < end) {
        merged[out++] = b >= end || (a < mid && before(keyed[a] as Keyed, keyed[b] as Keyed) <= 0) ? (keyed[a++] as Keyed) : (keyed[b++] as Keyed)
        if (out % STEP === 0) await slices.turn()
      }
    }
    keyed = merged
  }
  return keyed.map((k) => k.p)
}
