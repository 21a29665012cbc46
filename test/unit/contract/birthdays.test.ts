import { describe, expect, it } from 'vitest'
import { ageTurning, daysUntilBirthday, upcomingBirthdays } from '../../../electron/core/contract/birthdays'

const day = (year: number, month: number, d: number) => ({ year, month, day: d })

describe('birthdays', () => {
  it('count the days to the next birthday: 0 today, wrapping past the year end', () => {
    expect(daysUntilBirthday({ day: 14, month: 3, year: null }, day(2026, 3, 14))).toBe(0)
    expect(daysUntilBirthday({ day: 15, month: 3, year: null }, day(2026, 3, 14))).toBe(1)
    expect(daysUntilBirthday({ day: 13, month: 3, year: null }, day(2026, 3, 14))).toBe(364)
    expect(daysUntilBirthday({ day: 2, month: 1, year: 1990 }, day(2026, 12, 30))).toBe(3)
  })

  it('put 29 February on the 28th in years without one', () => {
    const leapling = { day: 29, month: 2, year: 2000 }
    expect(daysUntilBirthday(leapling, day(2026, 2, 28))).toBe(0)
    expect(daysUntilBirthday(leapling, day(2028, 2, 28))).toBe(1)
    expect(daysUntilBirthday(leapling, day(2027, 3, 1))).toBe(365)
  })

  it('say the age they turn, only when the year is known', () => {
    expect(ageTurning({ day: 14, month: 3, year: 1990 }, day(2026, 3, 14))).toBe(36)
    expect(ageTurning({ day: 13, month: 3, year: 1990 }, day(2026, 3, 14))).toBe(37)
    expect(ageTurning({ day: 14, month: 3, year: null }, day(2026, 3, 14))).toBeNull()
  })

  it('list the week ahead soonest first, today included, next week not', () => {
    const people = [
      { name: 'in six days', birthday: { day: 20, month: 3, year: null } },
      { name: 'today', birthday: { day: 14, month: 3, year: 2000 } },
      { name: 'in a week', birthday: { day: 21, month: 3, year: null } },
      { name: 'yesterday', birthday: { day: 13, month: 3, year: null } },
      { name: 'unknown', birthday: undefined },
    ]
    const upcoming = upcomingBirthdays(people, (p) => p.birthday, day(2026, 3, 14))
    expect(upcoming.map((u) => [u.item.name, u.inDays, u.turns])).toEqual([
      ['today', 0, 26],
      ['in six days', 6, null],
    ])
  })
})
