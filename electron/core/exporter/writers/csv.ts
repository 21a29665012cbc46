import Papa from 'papaparse'
import type { ExportPerson } from '../model'
import { birthdayText, plusPhone } from '../model'
import type { ExportFormatWriter } from './format'

/**
 * The columns of a Google Contacts export ("Google CSV") that we fill; Google matches columns by
 * these exact header names, so the file imports into Google Contacts as is.
 */
export const GOOGLE_CSV_HEADER = [
  'First Name',
  'Middle Name',
  'Last Name',
  'Nickname',
  'Notes',
  'Labels',
  'Phone 1 - Label',
  'Phone 1 - Value',
  'Website 1 - Label',
  'Website 1 - Value',
  'Birthday',
] as const

export function csvFields(p: ExportPerson): string[] {
  const phone = plusPhone(p.phone)
  const url = p.username ? `https://t.me/${p.username}` : ''
  return [p.firstName, '', p.lastName, '', '', '* myContacts', phone ? 'Mobile' : '', phone, url ? 'Telegram' : '', url, p.birthday ? birthdayText(p.birthday) : '']
}

const unparse = (rows: string[][]): string => Papa.unparse(rows, { newline: '\r\n', header: false })

/**
 * Excel reads a CSV without a byte order mark in the system's ANSI code page ("García" becomes "GarcÃ­a"); with it,
 * as UTF-8. Google Contacts, Outlook and our own reader skip it.
 */
const UTF8_BOM = '\uFEFF'

export const csvWriter: ExportFormatWriter = {
  fileName: 'contacts.csv',
  head: () => UTF8_BOM + unparse([[...GOOGLE_CSV_HEADER]]),
  rows: (people) => (people.length === 0 ? '' : `\r\n${unparse(people.map(csvFields))}`),
  tail: () => '\r\n',
}
