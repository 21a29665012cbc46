/** Decoding of vCard property parameters and values (escapes, QUOTED-PRINTABLE, charsets). */

import { decodeWithCharset } from '../encoding'

export interface PropertyParams {
  /** TYPE values and 2.1 bare types, lower case, without duplicates. */
  types: string[]
  /** ENCODING, upper case, or null. */
  encoding: string | null
  charset: string | null
  /** VALUE=uri (vCard 4.0 `tel:` URIs). */
  uri: boolean
  /** Android's `X-CUSTOM(…,label)` custom phone label, as written (see customLabel in the reader). */
  customLabel: CustomLabel | null
  /** More than MAX_PARAMS parameters or types were written; the rest were not read. */
  truncated: boolean
}

/** Parameters (and TYPE values) read per property: no person writes this many, a hostile file may write millions. */
export const MAX_PARAMS = 1000

const ENCODING_WORDS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT'])

/** Adds a type once; past a few, a Set keeps the de-duplication linear. */
function addType(params: PropertyParams, seen: { set: Set<string> | null }, raw: string): void {
  let t = raw.trim()
  if (t.length >= 2 && t.charCodeAt(0) === 34 && t.charCodeAt(t.length - 1) === 34) t = t.slice(1, -1).trim()
  if (t === '') return
  t = t.toLowerCase()
  const types = params.types
  if (types.length < 8) {
    if (!types.includes(t)) types.push(t)
    return
  }
  seen.set ??= new Set(types)
  if (!seen.set.has(t)) {
    seen.set.add(t)
    types.push(t)
  }
}

/** Splits on ';' outside double quotes (`a;b="x;y";c`), at most `limit` parts; the flag says whether more were left. */
function splitParams(s: string, limit: number): { parts: string[]; more: boolean } {
  const parts: string[] = []
  let start = 0
  let quoted = false
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 34) quoted = !quoted
    else if (c === 59 && !quoted) {
      if (parts.length === limit) return { parts, more: true }
      parts.push(s.slice(start, i))
      start = i + 1
    }
  }
  if (parts.length === limit) return { parts, more: start < s.length }
  parts.push(s.slice(start))
  return { parts, more: false }
}

export interface CustomLabel {
  raw: string
  qp: boolean
  charset: string | null
}

/** Android writes custom labels as `X-CUSTOM(CHARSET=UTF-8,ENCODING=QUOTED-PRINTABLE,=4C=61=62)` or `X-CUSTOM(Label)`. */
function customLabel(param: string): CustomLabel | null {
  const open = param.indexOf('(')
  const close = param.lastIndexOf(')')
  if (open === -1 || close < open) return null
  const inner = param.slice(open + 1, close).split(',')
  let charset: string | null = null
  let qp = false
  const rest: string[] = []
  for (const part of inner) {
    const upper = part.toUpperCase()
    if (upper.startsWith('CHARSET=')) charset = part.slice(8)
    else if (upper === 'ENCODING=QUOTED-PRINTABLE') qp = true
    else rest.push(part)
  }
  const raw = rest.join(',').trim()
  return raw === '' ? null : { raw, qp, charset }
}

/** Parses the text between the property name and the colon (without the leading ';'). */
export function parseParams(s: string): PropertyParams {
  const params: PropertyParams = { types: [], encoding: null, charset: null, uri: false, customLabel: null, truncated: false }
  const seen = { set: null as Set<string> | null }
  const { parts, more } = splitParams(s, MAX_PARAMS)
  params.truncated = more
  for (const param of parts) {
    const eq = param.indexOf('=')
    const paren = param.indexOf('(')
    if (paren !== -1 && (eq === -1 || paren < eq)) {
      params.customLabel = customLabel(param)
      continue
    }
    if (eq === -1) {
      const word = param.trim().toUpperCase()
      if (word === '') continue
      if (ENCODING_WORDS.has(word)) params.encoding = word
      else if (params.types.length < MAX_PARAMS) addType(params, seen, word)
      else params.truncated = true
      continue
    }
    const name = param.slice(0, eq).trim().toUpperCase()
    const value = param.slice(eq + 1)
    if (name === 'TYPE') {
      // Writers quote a list (`TYPE="cell,voice"`, Nextcloud, iOS) and mean its items, so quotes
      // never protect a comma here.
      let from = 0
      while (from <= value.length) {
        if (params.types.length >= MAX_PARAMS) {
          params.truncated = true
          break
        }
        const comma = value.indexOf(',', from)
        const end = comma === -1 ? value.length : comma
        addType(params, seen, value.slice(from, end).replaceAll('"', ''))
        from = end + 1
      }
    } else if (name === 'ENCODING') params.encoding = value.trim().toUpperCase()
    else if (name === 'CHARSET') params.charset = value.trim().replace(/^"|"$/g, '')
    else if (name === 'VALUE') params.uri = value.trim().toLowerCase() === 'uri'
  }
  return params
}

/** The value of a hex digit's char code, or -1. */
export function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  const l = c | 0x20
  if (l >= 97 && l <= 102) return l - 87
  return -1
}

const utf8 = new TextEncoder()

/**
 * QUOTED-PRINTABLE to text; `=XX` outside hex is kept as it is. In a byte string (`bytes`) a
 * character above 0x7f is one raw byte; in decoded text it is a character, encoded as UTF-8.
 */
export function decodeQuotedPrintable(s: string, charset: string | null, bytes: boolean): string {
  const out: number[] = []
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 61) {
      if (i + 2 < s.length) {
        const h = hexValue(s.charCodeAt(i + 1))
        const l = hexValue(s.charCodeAt(i + 2))
        if (h >= 0 && l >= 0) {
          out.push(h * 16 + l)
          i += 2
          continue
        }
      }
      // A trailing '=' is a soft line break; anything else is kept literally.
      if (i === s.length - 1) continue
      out.push(61)
    } else if (c < 0x80 || (bytes && c < 0x100)) out.push(c)
    else for (const b of utf8.encode(s[i] as string)) out.push(b)
  }
  return decodeWithCharset(Uint8Array.from(out), charset)
}

/**
 * QUOTED-PRINTABLE held in a byte string to the byte string it encodes (char code = byte), so the
 * caller decodes the bytes once, by CHARSET. `=XX` outside hex is kept; a trailing `=` is dropped.
 */
export function quotedPrintableToByteString(s: string): string {
  let out = ''
  let start = 0
  for (let i = s.indexOf('='); i !== -1; i = s.indexOf('=', i)) {
    if (i === s.length - 1) {
      out += s.slice(start, i)
      start = s.length
      break
    }
    const h = hexValue(s.charCodeAt(i + 1))
    const l = i + 2 < s.length ? hexValue(s.charCodeAt(i + 2)) : -1
    if (h >= 0 && l >= 0) {
      out += s.slice(start, i) + String.fromCharCode(h * 16 + l)
      i += 3
      start = i
    } else i++
  }
  return start === 0 ? s : out + s.slice(start)
}

/** Undoes vCard text escapes: `\\` `\,` `\;` `\:` `\n` `\N`. */
export function unescapeText(s: string): string {
  if (!s.includes('\\')) return s
  let out = ''
  let start = 0
  for (let i = 0; i < s.length - 1; i++) {
    if (s.charCodeAt(i) !== 92) continue
    const n = s.charCodeAt(i + 1)
    const rep = n === 110 || n === 78 ? '\n' : n === 44 ? ',' : n === 59 ? ';' : n === 92 ? '\\' : n === 58 ? ':' : null
    if (rep === null) continue
    out += s.slice(start, i) + rep
    i++
    start = i + 1
  }
  return out + s.slice(start)
}

/** Splits on a separator (char code) not escaped by a backslash; the parts keep their escapes. */
function splitUnescaped(s: string, separator: number): string[] {
  const out: string[] = []
  let start = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 92) i++
    else if (c === separator) {
      out.push(s.slice(start, i))
      start = i + 1
    }
  }
  out.push(s.slice(start))
  return out
}

/** Splits a structured value (ORG) on unescaped ';' and unescapes each component. */
export function splitComponents(s: string): string[] {
  if (!s.includes('\\')) return s.split(';')
  return splitUnescaped(s, 59).map(unescapeText)
}

/**
 * N's components as text, each one's unescaped-comma list (several given or additional names)
 * joined with spaces: `Smith\\, Jr.;John,Paul` -> ['Smith, Jr.', 'John Paul'].
 */
export function nameComponents(s: string): string[] {
  return splitUnescaped(s, 59).map((part) => {
    const items = splitUnescaped(part, 44)
    if (items.length === 1) return unescapeText(part)
    return items
      .map((p) => unescapeText(p).trim())
      .filter((p) => p !== '')
      .join(' ')
  })
}

/** Apple wraps its built-in labels: `_$!<Mobile>!$_` -> `Mobile`. */
export function unwrapAppleLabel(s: string): string {
  return s.length >= 8 && s.startsWith('_$!<') && s.endsWith('>!$_') ? s.slice(4, -4) : s
}
