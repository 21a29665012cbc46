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
