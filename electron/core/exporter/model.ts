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
