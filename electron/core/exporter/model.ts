import type { Birthday } from '../contract'

/** One person in an export: a saved phone contact, a Telegram contact, or both merged by phone number. */
export interface ExportPerson {
  firstName: string
  lastName: string
  /** As Telegram stores it: digits, usually without '+'; '' when Telegram does not show it. */
  phone: string
  /** When the phone contact was saved (unix seconds), or null for a Telegram contact that is not a saved one. */
  date: number | null
  userId: string | null
  username: string | null
  /** When known (a Telegram contact who shares it). */
  birthday?: Birthday | null
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** ISO 8601 date, or --MM-DD without a year (vCard 4 and Google Contacts read that form). */
export function birthdayText(birthday: Birthday): string {
  return `${birthday.year === null ? '-' : String(birthday.year).padStart(4, '0')}-${pad(birthday.month)}-${pad(birthday.day)}`
}

export interface SavedContact {
  phone: string
  firstName: string
  lastName: string
  date: number
}

export interface TelegramContact {
  userId: string
  firstName: string
  lastName: string
  username: string | null
  phone: string | null
}

export const phoneDigits = (phone: string): string => phone.replace(/\D/g, '')

/** The number with its '+' (E.164-like), for files other programs read; '' when unknown. */
export const plusPhone = (phone: string): string => {
  const digits = phoneDigits(phone)
  return digits ? `+${digits}` : ''
}
