import { formatInternational } from '../../phones'
import type { ExportPerson } from '../model'
import { phoneDigits } from '../model'
import type { ExportFormatWriter } from './format'

/** Telegram Desktop's texts (lng_export_about_telegram, lng_export_about_contacts), so the file reads like its export. */
export const ABOUT_TELEGRAM =
  "Here is the data you requested. Remember: Telegram is ad free, it doesn't use your data for ad targeting and doesn't sell it to others. Telegram only keeps the information it needs to function as a secure and feature-rich cloud service.\n\nCheck out Settings > Privacy & Security on Telegram's mobile apps for the relevant settings."
export const ABOUT_CONTACTS =
  "If you allow access, your contacts are continuously synced with Telegram. Thanks to this, you can easily switch to Telegram and immediately connect with friends across all your devices. We use data about your contacts to let you know when they join Telegram, and to display them by the name you set for them in your phone.\n\nYou can disable contact syncing or delete your stored contacts in Settings > Privacy & Security on Telegram's mobile apps."

const SEPARATORS = /[\u2028\u2029]/

/**
 * A JSON string as tdesktop writes it: UTF-8 as is, with line and paragraph separators escaped.
 * tdesktop writes other control characters as "\xNN", which is not JSON; we write valid "\u00NN".
 */
export function jsonString(value: string): string {
  const text = JSON.stringify(value)
  return SEPARATORS.test(text) ? text.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') : text
}

/** tdesktop's Qt::ISODate of a unix time: local time, "YYYY-MM-DDTHH:MM:SS", no offset. */
export function isoLocalDate(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${String(d.getFullYear()).padStart(4, '0')}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/** The number as tdesktop shows it ("+1 234 567 8900"): international format, or '+' and the digits when unknown. */
export function formatPhone(phone: string): string {
  return formatInternational(phoneDigits(phone))
}

/** One "contacts.list" item, written at tdesktop's nesting depth (3) with its one-space indentation. */
export function jsonContact(p: ExportPerson): string {
  const fields: [string, string][] = []
  const date: [string, string][] = p.date === null ? [] : [['date', jsonString(isoLocalDate(p.date))], ['date_unixtime', jsonString(String(p.date))]]
  if (!p.firstName && !p.lastName && !phoneDigits(p.phone)) {
    fields.push(...date)
  } else {
    if (p.userId !== null) fields.push(['user_id', p.userId])
    fields.push(['first_name', jsonString(p.firstName)], ['last_name', jsonString(p.lastName)], ['phone_number', jsonString(formatPhone(p.phone))], ...date)
  }
  const body = fields.map(([k, v]) => `\n    ${jsonString(k)}: ${v}`).join(',')
  return `{${body}\n   }`
}

export const jsonWriter: ExportFormatWriter = {
  fileName: 'result.json',
  head: () => `{\n "about": ${jsonString(ABOUT_TELEGRAM)},\n "contacts": {\n  "about": ${jsonString(ABOUT_CONTACTS)},\n  "list": [`,
  rows: (people, first) => people.map((p, i) => `${first && i === 0 ? '\n' : ',\n'}   ${jsonContact(p)}`).join(''),
  tail: () => '\n  ]\n }\n}',
}
