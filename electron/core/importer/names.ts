/** Display and Telegram names from the parts a contact file gives. */

export interface NameParts {
  formatted: string
  given: string
  additional: string
  family: string
  org: string
}

export interface ContactNames {
  name: string
  firstName: string
  lastName: string
}

/** Whitespace and control characters (a NUL from a corrupted file): one space each run. */
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const SPACES = /[\s\x00-\x1f\x7f]+/g

/** Trims and collapses whitespace runs; one pass and no allocation for the usual clean name. */
function clean(s: string): string {
  const n = s.length
  if (n === 0) return s
  let prevSpace = true
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    const space = c === 32
    if ((space && prevSpace) || c < 32 || c === 0x7f || c === 0xa0) return s.replace(SPACES, ' ').trim()
    prevSpace = space
  }
  return prevSpace ? s.trim() : s
}

function joinParts(...parts: string[]): string {
  let out = ''
  for (const p of parts) {
    if (p === '') continue
    out = out === '' ? p : `${out} ${p}`
  }
  return out
}

/**
 * Display name: the formatted name, else given + additional + family, else the organisation.
 * Telegram names: from the structured name when it has any part, else split from the display name
 * at its last space, an organisation kept whole (Telegram needs a first name, so a lone family name becomes the first name).
 */
export function contactNames(parts: NameParts): ContactNames {
  const given = clean(parts.given)
  const additional = clean(parts.additional)
  const family = clean(parts.family)
  const hasStructured = given !== '' || additional !== '' || family !== ''
  const formatted = clean(parts.formatted)
  const name = formatted || (hasStructured ? joinParts(given, additional, family) : clean(parts.org))
  if (hasStructured) {
    const first = additional === '' ? given : joinParts(given, additional)
    return first === '' ? { name, firstName: family, lastName: '' } : { name, firstName: first, lastName: family }
  }
  // An organisation's name is not a person's: keep it whole as the first name.
  const cut = formatted === '' ? -1 : name.lastIndexOf(' ')
  if (cut <= 0) return { name, firstName: name, lastName: '' }
  return { name, firstName: name.slice(0, cut), lastName: name.slice(cut + 1) }
}
