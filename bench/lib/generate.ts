/** Deterministic contact files for the parser benchmarks (same seed, same bytes, every run). */

/** A seeded generator (mulberry32): the same sequence for the same seed on every machine. */
export function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const GIVEN = ['Anna', 'Ben', 'Chloé', 'Dmitri', 'Élodie', 'Fatima', 'Görkem', 'Hiro', 'Ingrid', 'Jürgen', 'Kateřina', 'Łukasz', 'María', 'Nils', 'Olga', 'Pål', 'Quentin', 'Renée', 'Søren', 'Tomás']
const FAMILY = ['Müller', 'Schmidt', 'García', 'Dubois', 'Ivanov', 'Nowak', 'Rossi', 'Smith', 'Öztürk', 'Jensen', 'Novák', 'Silva', 'Kowalski', 'Bäcker', 'Fernández']
const CJK = ['张伟', '王芳', '李娜', '刘洋', '陈静', '佐藤', '鈴木', '김민준', 'Иван Петров', 'Ольга Смирнова']
const LABELS = ['_$!<Mobile>!$_', '_$!<Home>!$_', '_$!<Work>!$_', 'Office', '_$!<Main>!$_']

function qp(text: string): string {
  let out = ''
  for (const b of new TextEncoder().encode(text)) {
    out += b >= 0x21 && b <= 0x7e && b !== 0x3d ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** QUOTED-PRINTABLE with soft line breaks every 70 characters, as Android writes it. */
function qpFolded(text: string): string {
  const enc = qp(text)
  if (enc.length <= 70) return enc
  const parts: string[] = []
  let i = 0
  while (i < enc.length) {
    let cut = Math.min(i + 70, enc.length)
    // Never split an =XX escape.
    const eq = enc.lastIndexOf('=', cut - 1)
    if (eq > cut - 3 && eq >= i && cut < enc.length) cut = eq
    parts.push(enc.slice(i, cut))
    i = cut
  }
  return parts.join('=\r\n')
}

export interface GeneratedFile {
  text: string
  cards: number
  phones: number
  /** Each card's formatted name, in file order (the CSV generator leaves it empty). */
  names: string[]
}

function phone(r: () => number, i: number, k: number): string {
  const n = String(1_000_000 + ((i * 7919 + k * 104729) % 9_000_000))
  const style = Math.floor(r() * 4)
  if (style === 0) return `+49 151 ${n.slice(0, 4)}${n.slice(4)}`
  if (style === 1) return `+1 (415) 555-${n.slice(3)}`
  if (style === 2) return `030 ${n}`
  return `+44 7700 ${n.slice(1)}`
}

/**
 * `mixed`: a third each of Android-style 2.1 (QUOTED-PRINTABLE names with CHARSET), Apple-style 3.0
 * (item groups with X-ABLabel) and 4.0 (tel: URIs). `v3`: every card 3.0, which all libraries read.
 */
export function generateVCards(count: number, variant: 'mixed' | 'v3', seed = 42): GeneratedFile {
  const r = rng(seed)
  const out: string[] = []
  const names: string[] = []
  let phones = 0
  for (let i = 0; i < count; i++) {
    const given = GIVEN[Math.floor(r() * GIVEN.length)] as string
    const family = FAMILY[Math.floor(r() * FAMILY.length)] as string
    const n = 2 + Math.floor(r() * 2)
    phones += n
    const kind = variant === 'v3' ? 1 : i % 3
    const note = `Met at conference ${i % 97}; call back`
    if (kind === 0) {
      const cjk = r() < 0.3 ? (CJK[Math.floor(r() * CJK.length)] as string) : null
      const fn = cjk ?? `${given} ${family} von der Langen Straße ${i}`
      names.push(fn)
      out.push('BEGIN:VCARD', 'VERSION:2.1')
      out.push(cjk ? `N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${qp(cjk)};;;;` : `N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${qp(family)};${qp(given)};;;`)
      out.push(`FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${qpFolded(fn)}`)
      const types = ['CELL', 'HOME', 'WORK;VOICE']
      for (let k = 0; k < n; k++) out.push(`TEL;${types[k]}:${phone(r, i, k)}`)
      out.push(`EMAIL;HOME:${given.toLowerCase()}.${i}@example.com`)
      out.push(`NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${qpFolded(note)}`)
      out.push('END:VCARD')
    } else if (kind === 1) {
      out.push('BEGIN:VCARD', 'VERSION:3.0')
      names.push(`${given} ${family}`)
      out.push(`N:${family};${given};;;`, `FN:${given} ${family}`, `ORG:Example Corp ${i % 500};`)
      for (let k = 0; k < n; k++) {
        out.push(`item${k + 1}.TEL;type=${k === 0 ? 'CELL;type=VOICE;type=pref' : 'VOICE'}:${phone(r, i, k)}`)
        out.push(`item${k + 1}.X-ABLabel:${LABELS[(i + k) % LABELS.length]}`)
      }
      out.push(`EMAIL;type=INTERNET;type=HOME;type=pref:${given.toLowerCase()}.${i}@example.com`)
      out.push('END:VCARD')
    } else {
      names.push(`${given} ${family}`)
      out.push('BEGIN:VCARD', 'VERSION:4.0', `FN:${given} ${family}`, `N:${family};${given};;;`)
      for (let k = 0; k < n; k++) out.push(`TEL;VALUE=uri;TYPE="${k === 0 ? 'cell,voice' : 'work'}";PREF=${k + 1}:tel:${phone(r, i, k).replace(/[ ()]/g, '-')}`)
      out.push(`EMAIL;TYPE=work:${given.toLowerCase()}.${i}@example.org`, 'END:VCARD')
    }
  }
  out.push('')
  return { text: out.join('\r\n'), cards: count, phones, names }
}

/** Google Contacts CSV (current headers), two or three numbers a row, some with ' ::: ' lists. */
export function generateGoogleCsv(count: number, seed = 7): GeneratedFile {
  const r = rng(seed)
  const header = 'First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Phone 3 - Label,Phone 3 - Value'
  const out = [header]
  let phones = 0
  for (let i = 0; i < count; i++) {
    const given = GIVEN[Math.floor(r() * GIVEN.length)] as string
    const family = FAMILY[Math.floor(r() * FAMILY.length)] as string
    const multi = i % 4 === 0
    const p1 = multi ? `${phone(r, i, 0)} ::: ${phone(r, i, 5)}` : phone(r, i, 0)
    const third = r() < 0.5
    phones += (multi ? 2 : 1) + 1 + (third ? 1 : 0)
    const notes = i % 10 === 0 ? '"Line one\nline two, with a comma"' : ''
    out.push(
      [given, '', family, '', '', '', '', '', '', '', `Example ${i % 300}`, '', '', '', notes, '', '* myContacts', '* Home', `${given.toLowerCase()}${i}@example.com`, '* Mobile', p1, 'Work', phone(r, i, 1), third ? 'Home' : '', third ? phone(r, i, 2) : ''].join(','),
    )
  }
  out.push('')
  return { text: out.join('\r\n'), cards: count, phones, names: [] }
}
