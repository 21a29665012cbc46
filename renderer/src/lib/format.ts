import type { Birthday, UserStatus } from '@contract'

const numberFormat = new Intl.NumberFormat('en-US')

/** "1,234": counts everywhere in the UI use one grouping style. */
export function formatCount(n: number): string {
  return numberFormat.format(n)
}

const badgeFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

/**
 * A count on a badge: "999", then "1.2K", as Telegram's unread badges, so a four-digit count stays inside the
 * narrow sidebar (its 68 px held "999"; "1,234" ran past its edge). Where it is read out, the whole count goes too.
 */
export function formatBadgeCount(n: number): string {
  return badgeFormat.format(n)
}

const pluralRules = new Intl.PluralRules('en-US')

/** The noun for a count: "contact" for 1, "contacts" otherwise (the one place the UI picks a plural). */
export function pluralNoun(n: number, one: string, many = `${one}s`): string {
  return pluralRules.select(n) === 'one' ? one : many
}

/** Letters written right to left: Hebrew, Arabic, Syriac, Thaana, N'Ko and the scripts after them, presentation forms. */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]|[\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u

/**
 * A person's name for a sentence: set apart (FSI … PDI, Unicode's first-strong isolate) when it holds letters
 * written right to left, so it reads in its own direction and does not pull the words around it into it ("Delete
 * Aabidi حسن, فاطمة Aabidi and …" otherwise shows the two Arabic words side by side, the comma between them).
 * Other names need nothing in this left-to-right UI and stay as they are.
 */
export function isolateName(name: string): string {
  return RIGHT_TO_LEFT.test(name) ? `\u2068${name}\u2069` : name
}

/** "Alice", "Alice and Bob", "Alice, Bob and Carl", "Alice, Bob and 2 more": names in a sentence, at most three. */
export function nameList(names: readonly string[]): string {
  const isolated = names.map(isolateName)
  if (isolated.length <= 1) return isolated[0] ?? ''
  if (isolated.length <= 3) return `${isolated.slice(0, -1).join(', ')} and ${isolated.at(-1)!}`
  return `${isolated.slice(0, 2).join(', ')} and ${formatCount(isolated.length - 2)} more`
}

/** "1 contact", "2 contacts", "1,204 people". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${pluralNoun(n, one, many)}`
}

/** "0:42", "12:05", "1:02:03". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m)
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`
}

/** A time left as a person says it: "less than a minute", "about 12 min", "about 2 h 5 min", "about 14 h". */
export function formatTimeLeft(ms: number): string {
  if (ms < 60_000) return 'less than a minute'
  const minutes = Math.ceil(ms / 60_000)
  if (minutes < 60) return `about ${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return hours >= 10 || rest === 0 ? `about ${Math.round(minutes / 60)} h` : `about ${hours} h ${rest} min`
}

/** A wait in words for error messages: "42 seconds", "3 minutes", "2 hours". */
export function formatWait(totalSeconds: number): string {
  const s = Math.max(1, Math.ceil(totalSeconds))
  if (s < 90) return plural(s, 'second')
  if (s < 90 * 60) return plural(Math.round(s / 60), 'minute')
  return plural(Math.round(s / 3600), 'hour')
}

const pad2 = (n: number) => String(n).padStart(2, '0')

export function formatTime(d: Date): string {
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`
}

/** "12.03.26" as Telegram Desktop writes older last-seen dates. */
export function formatShortDate(d: Date): string {
  return `${pad2(d.getDate())}.${pad2(d.getMonth() + 1)}.${pad2(d.getFullYear() % 100)}`
}

/** "Thursday, 26 November 2026 at 14:05": when a delayed export becomes possible. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms)
  const date = d.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
  return `${date} at ${formatTime(d)}`
}

export function isOnline(status: UserStatus, nowMs: number): boolean {
  return status.kind === 'online' && status.expires * 1000 > nowMs
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime()
}

/** Telegram Desktop's status line: "online", "last seen 5 minutes ago", "last seen today at 14:05", ... */
export function statusText(status: UserStatus, nowMs: number): string {
  switch (status.kind) {
    case 'online':
      return status.expires * 1000 > nowMs ? 'online' : lastSeenAt(status.expires, nowMs)
    case 'offline':
      return lastSeenAt(status.wasOnline, nowMs)
    case 'recently':
      return 'last seen recently'
    case 'lastWeek':
      return 'last seen within a week'
    case 'lastMonth':
      return 'last seen within a month'
    case 'hidden':
      return 'last seen a long time ago'
  }
}

function lastSeenAt(unixSeconds: number, nowMs: number): string {
  const ms = unixSeconds * 1000
  const ago = Math.max(0, nowMs - ms)
  if (ago < 60_000) return 'last seen just now'
  if (ago < 3_600_000) {
    const minutes = Math.floor(ago / 60_000)
    return `last seen ${plural(minutes, 'minute')} ago`
  }
  const then = new Date(ms)
  const today = startOfDay(new Date(nowMs))
  if (ms >= today) return `last seen today at ${formatTime(then)}`
  if (ms >= today - 86_400_000) return `last seen yesterday at ${formatTime(then)}`
  return `last seen ${formatShortDate(then)}`
}

// The list order and the shown name are the contract's (the core sends the first screen in that order).
export { contactName, lastSeenKey } from '@contract'

/** Up to two letters: first letters of the first and last word. */
export function initials(name: string): string {
  const words = name.replace(/^@/, '').split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w))
  const first = words[0]
  if (!first) return '?'
  const a = Array.from(first.replace(/^[^\p{L}\p{N}]+/u, ''))[0] ?? ''
  const lastWord = words.length > 1 ? words[words.length - 1] : undefined
  const b = lastWord ? (Array.from(lastWord.replace(/^[^\p{L}\p{N}]+/u, ''))[0] ?? '') : ''
  return (a + b).toUpperCase() || '?'
}

/** Telegram's seven peer colours, picked by id like its clients do (id mod 7). */
export const AVATAR_COLOURS = 7

export function avatarColourIndex(id: string): number {
  // Ids are 64-bit decimal strings: reduce mod 7 digit by digit instead of through Number.
  let rest = 0
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i) - 48
    if (code >= 0 && code <= 9) rest = (rest * 10 + code) % AVATAR_COLOURS
  }
  return rest
}

/** "+7 916 123-45-67" style spacing is left to libphonenumber where it matters; this keeps E.164 readable. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D+/g, '')
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** "14 March 1990", or "14 March" when they keep the year to themselves. */
export function formatBirthday(birthday: Birthday): string {
  return `${birthday.day} ${MONTHS[birthday.month - 1]}${birthday.year === null ? '' : ` ${birthday.year}`}`
}

/** "today", "tomorrow", "in 5 days". */
export function birthdayWhen(inDays: number): string {
  return inDays === 0 ? 'today' : inDays === 1 ? 'tomorrow' : `in ${inDays} days`
}
