const TELEGRAM_DOMAINS = ['t.me', 'telegram.org'] as const

/**
 * The external-link allow-list: https on t.me / telegram.org (and their subdomains) without
 * credentials or a port, and tg: deep links. Returns the URL as re-serialised by the parser (what
 * is actually opened, so a trick in the raw text cannot differ from what was checked), or null.
 */
export function allowedExternalUrl(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (url.username !== '' || url.password !== '') return null
  if (url.protocol === 'tg:') return url.href
  if (url.protocol !== 'https:' || url.port !== '') return null
  const host = url.hostname
  const allowed = TELEGRAM_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`))
  return allowed ? url.href : null
}
