import type { ExportPerson } from '../model'
import { birthdayText, plusPhone } from '../model'
import type { ExportFormatWriter } from './format'

/** RFC 2426 text escaping: backslash, comma, semicolon and line breaks. */
export function escapeText(value: string): string {
  return value.replace(/[\\,;]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n')
}

/**
 * Folds a content line at 75 octets (RFC 2425 §5.8.1): continuation lines start with one space.
 * Splits only between code points, so a UTF-8 sequence (or a surrogate pair) is never cut.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line
  const parts: string[] = []
  let current = ''
  let octets = 0
  let limit = 75
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8')
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
      // The leading space of a continuation line counts towards its 75 octets.
      limit = 74
    }
    current += ch
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n ')
}

export function vcard(p: ExportPerson): string {
  const phone = plusPhone(p.phone)
  const display = [p.firstName, p.lastName].filter(Boolean).join(' ') || phone || (p.username ? `@${p.username}` : 'Unknown')
  const lines = ['BEGIN:VCARD', 'VERSION:3.0', `N:${escapeText(p.lastName)};${escapeText(p.firstName)};;;`, `FN:${escapeText(display)}`]
  if (phone) lines.push(`TEL;TYPE=CELL:${phone}`)
  if (p.username) lines.push(`URL:https://t.me/${p.username}`, `X-TELEGRAM-USERNAME:${escapeText(p.username)}`)
  if (p.birthday) lines.push(`BDAY:${birthdayText(p.birthday)}`)
  lines.push('END:VCARD')
  return lines.map(foldLine).join('\r\n') + '\r\n'
}

export const vcfWriter: ExportFormatWriter = {
  fileName: 'contacts.vcf',
  head: () => '',
  rows: (people) => people.map(vcard).join(''),
  tail: () => '',
}
