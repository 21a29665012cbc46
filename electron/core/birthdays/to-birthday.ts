import type { Api } from 'telegram'
import type { Birthday } from '../contract'

/** Telegram's birthday (year optional) as the contract carries it. */
export const toBirthday = (birthday: Api.TypeBirthday | undefined): Birthday | null =>
  birthday ? { day: birthday.day, month: birthday.month, year: birthday.year ?? null } : null
