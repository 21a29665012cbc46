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

/**
 * The username in what a person typed to find someone: "@name", "name", "t.me/name", "https://t.me/name",
 * "telegram.me/name", "tg://resolve?domain=name". Null when it cannot be a username (up to 32 letters, digits and underscores, starting
 * with a letter). Length rules are left to Telegram: old and auctioned usernames are shorter than today's minimum.
 */
export function usernameFromQuery(input: string): string | null {
  let text = input.trim()
  const tg = /^tg:\/\/resolve\?(?:.*&)?domain=([^&#]+)/i.exec(text)
  if (tg) text = decodeURIComponent(tg[1] ?? '')
  else {
    const link = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/(?:s\/)?([^/?#]+)\/?(?:[?#].*)?$/i.exec(text)
    if (link) text = link[1] ?? ''
    else {
      const subdomain = /^(?:https?:\/\/)?([a-z0-9_]+)\.t\.me\/?$/i.exec(text)
      if (subdomain) text = subdomain[1] ?? ''
    }
  }
  if (text.startsWith('@')) text = text.slice(1)
  return /^[a-z][a-z0-9_]{0,31}$/i.test(text) ? text : null
}
