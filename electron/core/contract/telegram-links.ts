/**
 * Telegram's public link forms for a person, shared by the core (which opens them) and the renderer (which copies
 * them): `tg://resolve` opens the chat in the Telegram app installed on this computer, `https://t.me` in a browser
 * (which offers the app, or Telegram Web).
 */

/** Telegram usernames: 5–32 letters, digits and underscores, starting with a letter (collectible ones may be 4). */
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/

export interface ChatTarget {
  username: string | null
  /** E.164 with '+', as the contract carries phones. */
  phone: string | null
}

export interface ChatLinks {
  /** tg://resolve?domain=… (by username) or tg://resolve?phone=… (digits, no '+'). */
  app: string
  /** https://t.me/… or https://t.me/+… (digits): where the app link cannot be opened. */
  web: string
}

export function isTelegramUsername(value: string): boolean {
  return USERNAME.test(value)
}

function phoneDigits(phone: string): string | null {
  const digits = phone.replace(/\D/g, '')
  return digits.length >= 5 && digits.length <= 16 ? digits : null
}

/** https://t.me/<username>: the link people share; null for something that is not a username. */
export function publicLink(username: string): string | null {
  return isTelegramUsername(username) ? `https://t.me/${username}` : null
}

/**
 * Where "Message" goes: by username when there is one (it works for anyone), else by phone number (it works when
 * their privacy lets us find them by number, which holds for a contact whose number we see). Null with neither.
 */
export function chatLinks(target: ChatTarget): ChatLinks | null {
  const username = target.username?.replace(/^@/, '') ?? null
  if (username !== null && isTelegramUsername(username)) {
    return { app: `tg://resolve?domain=${username}`, web: `https://t.me/${username}` }
  }
  const digits = target.phone === null ? null : phoneDigits(target.phone)
  if (digits !== null) return { app: `tg://resolve?phone=${digits}`, web: `https://t.me/+${digits}` }
  return null
}
