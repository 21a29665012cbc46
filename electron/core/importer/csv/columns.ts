/**
 * Which CSV column holds what, found by header name: Google Contacts (current and legacy),
 * Outlook, Thunderbird, and any CSV whose headers name their columns in a few common languages.
 */

export type NameRole = 'full' | 'given' | 'additional' | 'family' | 'org'

export interface PhoneColumn {
  value: number
  /** Google's "Phone N - Label/Type" column, whose cell names the number's kind. */
  labelColumn: number | null
  /** Kinds implied by the header itself (Outlook "Mobile Phone" -> cell). */
  types: string[]
  /** The header, used as the label when there is no label column. */
  header: string
}

export interface ColumnMap {
  names: Partial<Record<NameRole, number>>
  phones: PhoneColumn[]
}

/** Lower case, accents removed, runs of spaces, dots and underscores made one space. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s._]+/g, ' ')
    .trim()
}

const NAME_HEADERS: Record<string, NameRole> = {}
function names(role: NameRole, headers: string[]): void {
  for (const h of headers) NAME_HEADERS[normalizeHeader(h)] = role
}
names('full', ['Name', 'Display Name', 'Full Name', 'Anzeigename', 'Vollständiger Name', 'Nom complet', "Nom d'affichage", 'Nombre completo', 'Nombre para mostrar', 'Полное имя', 'Отображаемое имя', 'Nome completo', 'Volledige naam', 'Weergavenaam', 'Pełna nazwa', 'Nazwa wyświetlana'])
names('given', ['First Name', 'Given Name', 'Firstname', 'Forename', 'Vorname', 'Prénom', 'Nombre', 'Имя', 'Nome', 'Voornaam', 'Imię', 'Förnamn', 'Fornavn', 'Etunimi'])
names('additional', ['Middle Name', 'Additional Name', 'Weitere Vornamen', 'Zweiter Vorname', 'Deuxième prénom', 'Segundo nombre', 'Отчество', 'Secondo nome', 'Tussenvoegsel', 'Drugie imię'])
names('family', ['Last Name', 'Family Name', 'Surname', 'Lastname', 'Nachname', 'Nom', 'Nom de famille', 'Apellido', 'Apellidos', 'Фамилия', 'Cognome', 'Achternaam', 'Nazwisko', 'Efternamn', 'Etternavn', 'Efternavn', 'Sukunimi'])
names('org', ['Company', 'Organization', 'Organisation', 'Organization 1 - Name', 'Organization Name', 'Firma', 'Unternehmen', 'Société', 'Entreprise', 'Empresa', 'Организация', 'Компания', 'Azienda', 'Bedrijf'])

/** Google: "Phone 1 - Value" with its "Phone 1 - Label" (current) or "Phone 1 - Type" (legacy). */
const GOOGLE_PHONE = /^phone (\d+) - (value|label|type)$/

const PHONE_WORDS = ['phone', 'tel', 'mobile', 'cell', 'fax', 'pager', 'handy', 'telefon', 'telephone', 'telefono', 'telefone', 'телефон', 'мобильный', 'сотовый', 'movil', 'celular', 'portable', 'cellulare', 'mobil', 'mobiel', 'komorka', 'callback', 'isdn', 'telex']
/** Headers that mention a phone word but are not numbers. */
const NOT_PHONE = /(label|type|typ)$|phonetic|yomi|country|\bland\b|pays|\bpais\b/

const KIND_WORDS: [RegExp, string][] = [
  [/mobile|cell|handy|mobil|movil|celular|portable|cellulare|mobiel|komorka|мобильн|сотов/, 'cell'],
  [/business|work|company|office|geschaft|dienst|arbeit|travail|bureau|trabajo|oficina|lavoro|werk|рабоч|служеб/, 'work'],
  [/home|privat|domicile|casa|domicilio|thuis|домашн/, 'home'],
  [/fax|факс/, 'fax'],
  [/pager/, 'pager'],
  [/primary|main|haupt|principal/, 'pref'],
  [/car|auto/, 'car'],
]

/** Kinds named by a header or a Google label ("Mobile", "* Work Fax"). */
export function kindsOf(text: string): string[] {
  const t = normalizeHeader(text)
  const kinds: string[] = []
  for (const [pattern, kind] of KIND_WORDS) if (pattern.test(t) && !kinds.includes(kind)) kinds.push(kind)
  return kinds
}

function isPhoneHeader(h: string): boolean {
  if (NOT_PHONE.test(h)) return false
  for (const w of h.split(/[\s\-/()#:]+/)) {
    for (const p of PHONE_WORDS) if (w === p || (w.startsWith(p) && w.length <= p.length + 6)) return true
  }
  return false
}

/** Maps a header row; null when it names neither a name nor a phone column. */
export function mapColumns(header: string[]): ColumnMap | null {
  const map: ColumnMap = { names: {}, phones: [] }
  const google = new Map<string, { value?: number; label?: number }>()
  header.forEach((raw, index) => {
    const h = normalizeHeader(raw)
    if (h === '') return
    const g = GOOGLE_PHONE.exec(h)
    if (g) {
      const slot = google.get(g[1] as string) ?? {}
      if (g[2] === 'value') slot.value = index
      else slot.label = index
      google.set(g[1] as string, slot)
      return
    }
    const role = NAME_HEADERS[h]
    if (role !== undefined) {
      map.names[role] ??= index
      return
    }
    if (isPhoneHeader(h)) map.phones.push({ value: index, labelColumn: null, types: kindsOf(raw), header: raw.trim() })
  })
  for (const slot of google.values()) {
    if (slot.value !== undefined) map.phones.push({ value: slot.value, labelColumn: slot.label ?? null, types: [], header: '' })
  }
  map.phones.sort((a, b) => a.value - b.value)
  const hasName = Object.keys(map.names).length > 0
  return hasName || map.phones.length > 0 ? map : null
}
