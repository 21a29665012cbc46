import { shownWords, wordsOf } from './fold'
import type { SearchKeys } from './list-search'
import { spellingsOf } from './spellings'

export interface Searchable {
  readonly firstName: string
  readonly lastName: string
  readonly username: string | null
  readonly phone: string | null
}

/**
 * A contact's search key and phone digits: every spelling of every word of the name, then the username
 * by its parts and whole ("zoe_ob" -> zoe, ob, zoeob), each word once, each after a space.
 */
export function searchKeysOf(c: Searchable): SearchKeys {
  const words = new Set<string>()
  for (const { word } of shownWords(`${c.firstName} ${c.lastName}`)) for (const s of spellingsOf(word)) words.add(s)
  if (c.username) {
    const user = c.username.toLowerCase()
    for (const w of wordsOf(user)) words.add(w)
    words.add(user.replace(/_/g, ''))
  }
  let key = ''
  for (const w of words) key += ` ${w}`
  return { key, digits: c.phone ? c.phone.replace(/\D+/g, '') : '' }
}
