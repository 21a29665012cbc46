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

const SPACES = /\s+/g

function clean(s: string): string {
  return s.includes('  ') || s.includes('\n') || s.includes('\t') ? s.replace(SPACES, ' ').trim() : s.trim()
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
  const structured = joinParts(given, additional, family)
  const formatted = clean(parts.formatted)
  const name = formatted || structured || clean(parts.org)
  if (structured !== '') {
    const first = joinParts(given, additional)
    return first === '' ? { name, firstName: family, lastName: '' } : { name, firstName: first, lastName: family }
  }
  // An organisation's name is not a person's: keep it whole as the first name.
  const cut = formatted === '' ? -1 : name.lastIndexOf(' ')
  if (cut <= 0) return { name, firstName: name, lastName: '' }
  return { name, firstName: name.slice(0, cut), lastName: name.slice(cut + 1) }
}
