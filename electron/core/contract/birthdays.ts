import type { Birthday } from './dto'

/** A calendar day, in the user's own time zone (birthdays are dates, not instants). */
export interface CalendarDay {
  year: number
  /** 1–12. */
  month: number
  day: number
}

export const calendarDayOf = (date: Date): CalendarDay => ({ year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() })

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const dayNumber = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day) / 86_400_000

/** The birthday's date in `year`: 29 February falls on the 28th in other years. */
function inYear(birthday: Birthday, year: number): number {
  const day = birthday.month === 2 && birthday.day === 29 && !isLeap(year) ? 28 : birthday.day
  return dayNumber(year, birthday.month, day)
}

/** Days until the next birthday: 0 today, 1 tomorrow, … up to 365. */
export function daysUntilBirthday(birthday: Birthday, today: CalendarDay): number {
  const now = dayNumber(today.year, today.month, today.day)
  const thisYear = inYear(birthday, today.year)
  return thisYear >= now ? thisYear - now : inYear(birthday, today.year + 1) - now
}

/** The age they turn on their next birthday, when the year is known. */
export function ageTurning(birthday: Birthday, today: CalendarDay): number | null {
  if (birthday.year === null) return null
  const thisYear = inYear(birthday, today.year) >= dayNumber(today.year, today.month, today.day)
  return (thisYear ? today.year : today.year + 1) - birthday.year
}

export interface Upcoming<T> {
  item: T
  inDays: number
  turns: number | null
}

/** Birthdays within the next `withinDays` days (today included), soonest first. */
export function upcomingBirthdays<T>(items: Iterable<T>, birthdayOf: (item: T) => Birthday | undefined, today: CalendarDay, withinDays = 7): Upcoming<T>[] {
  const out: Upcoming<T>[] = []
  for (const item of items) {
    const birthday = birthdayOf(item)
    if (!birthday) continue
    const inDays = daysUntilBirthday(birthday, today)
    if (inDays < withinDays) out.push({ item, inDays, turns: ageTurning(birthday, today) })
  }
  return out.sort((a, b) => a.inDays - b.inDays)
}
