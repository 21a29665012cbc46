import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { translate, ICAO_DOC_9303, MOSMETRO, TELEGRAM, WIKIPEDIA } from 'iuliia'
import ruLayout from 'convert-layout/ru'
import transliterate from '@sindresorhus/transliterate'
import { compileQuery, matches, narrows, normalise, searchKeysOf, type QueryOptions } from '../../renderer/src/lib/search'

type Person = { firstName: string; lastName: string; username: string | null; phone: string | null }
const person = (firstName: string, lastName = '', username: string | null = null, phone: string | null = null): Person => ({ firstName, lastName, username, phone })

function finds(query: string, p: Person, options: QueryOptions = {}): boolean {
  const { key, digits } = searchKeysOf(p)
  const q = compileQuery(query, options)
  return !q.empty && matches(q, key, digits)
}

describe('spellings of names', () => {
  it('folds accents, case and the letters NFD leaves alone', () => {
    expect(normalise('ZOË Ørsted Straße Łódź')).toBe('zoe orsted strasse lodz')
    expect(searchKeysOf(person('Zoë-Anne', "O'Brien", 'zoe_ob')).key).toBe(' zoe anne o brien ob zoeob')
  })

  it('finds Cyrillic names by their Latin transliterations, in the systems people use', () => {
    expect(finds('olga', person('Ольга'))).toBe(true)
    expect(finds('ivanov', person('Пётр', 'Иванов'))).toBe(true)
    expect(finds('yuliya', person('Юлия'))).toBe(true)
    expect(finds('iuliia', person('Юлия'))).toBe(true)
    expect(finds('dmitry', person('Дмитрий'))).toBe(true)
    expect(finds('dmitrii', person('Дмитрий'))).toBe(true)
    expect(finds('shchukin', person('Щукин'))).toBe(true)
    expect(finds('mihail', person('Михаил'))).toBe(true)
    expect(finds('olga x', person('Ольга'))).toBe(false)
  })

  it('finds Latin names by a Cyrillic spelling, and German umlauts as ae/oe/ue both ways', () => {
    expect(finds('ольга', person('Olga'))).toBe(true)
    expect(finds('mueller', person('Anna', 'Müller'))).toBe(true)
    expect(finds('muller', person('Anna', 'Müller'))).toBe(true)
    expect(finds('müller', person('Anna', 'Mueller'))).toBe(true)
    expect(finds('schaefer', person('Schäfer'))).toBe(true)
    expect(finds('maria', person('Μαρία'))).toBe(true)
  })

  it('finds a name typed with the wrong keyboard layout, either way', () => {
    expect(finds('jkmuf', person('Ольга'))).toBe(true)
    expect(finds('Jkmuf', person('Ольга', 'Петрова'))).toBe(true)
    expect(finds(';fyyf', person('Жанна'))).toBe(true)
    expect(finds('ьфкшф', person('Maria'))).toBe(true)
    expect(finds('jkmuf', person('Olga'))).toBe(false)
  })

  it('matches every token at a word start, in any order; the username by parts and whole', () => {
    const zoe = person('Zoë-Anne', "O'Brien", 'zoe_ob')
    expect(finds('ann zo', zoe)).toBe(true)
    expect(finds('brien', zoe)).toBe(true)
    expect(finds('zoeob', zoe)).toBe(true)
    expect(finds('oe', zoe)).toBe(false)
    expect(finds('zoe smith', zoe)).toBe(false)
  })
})

describe('phone numbers', () => {
  const de = person('Jonas', 'Berg', null, '4915164132995')
  const ru = person('Иван', '', null, '79161234567')

  it('finds digits anywhere in the number, in any grouping', () => {
    for (const q of ['1516 4132995', '151641', '4132995', '+49 1516 4132995', '+49 (1516) 413-29-95', '49151']) expect(finds(q, de), q).toBe(true)
    expect(finds('555', de)).toBe(false)
  })

  it("reads a national number in the account's country", () => {
    for (const q of ['01516 4132995', '0151 641 32 995', '(01516) 413 2995', '0151-64', '0049 1516 4132995', '01']) expect(finds(q, de, { country: 'DE' }), q).toBe(true)
    expect(finds('01516 4132995', de, { country: 'FR' })).toBe(false)
    expect(finds('01516 4132995', de)).toBe(false)
    expect(finds('0152', de, { country: 'DE' })).toBe(false)
    expect(finds('8 916 123-45-67', ru, { country: 'RU' })).toBe(true)
    expect(finds('8 916 123-45-67', de, { country: 'RU' })).toBe(false)
  })

  it('marks a query of digits and phone punctuation as a phone number', () => {
    expect(compileQuery('+49 (151) 64-13').phone).toBe(true)
    expect(compileQuery('olga 0151').phone).toBe(false)
    expect(compileQuery('+').phone).toBe(false)
  })
})

// Russian letters as names are written: a capital, then lower case.
const LETTERS = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя'
const russianWord = fc
  .array(fc.constantFrom(...LETTERS.split('')), { minLength: 2, maxLength: 9 })
  .map((letters) => letters.join(''))
  .filter((w) => !/^[ъь]/.test(w))
  .map((w) => w[0]!.toUpperCase() + w.slice(1))

const systems: Array<[string, (w: string) => string]> = [
  ['Wikipedia', (w) => translate(w, WIKIPEDIA)],
  ['ICAO 9303 (passports)', (w) => translate(w, ICAO_DOC_9303)],
  ['Moscow metro', (w) => translate(w, MOSMETRO)],
  ['Telegram', (w) => translate(w, TELEGRAM)],
  ['common (sindresorhus/transliterate)', (w) => transliterate(w)],
  ['the Russian keyboard layout', (w) => ruLayout.toEn(w)],
]

describe('every contact is found by its own name', () => {
  it.each(systems)('written in %s, whole and as it is typed (every prefix)', (_, spell) => {
    fc.assert(
      fc.property(russianWord, russianWord, (first, last) => {
        const p = person(first, last)
        for (const word of [first, last]) {
          const spelled = spell(word)
          for (let n = 1; n <= spelled.length; n++) {
            const typed = spelled.slice(0, n)
            if (compileQuery(typed).empty) continue
            if (!finds(typed, p)) throw new Error(`"${typed}" (${spell(first)} ${spell(last)}) does not find ${first} ${last}`)
          }
        }
        expect(finds(`${spell(first)} ${spell(last)}`, p)).toBe(true)
      }),
      { numRuns: 150 },
    )
  })

  it('written as it is shown, in any case and with its accents typed or not', () => {
    // Latin letters with accents (not ŉ, deprecated, whose capital is two characters with an apostrophe).
    const name = fc.stringMatching(/^[A-Za-zÀ-ÖØ-öø-ÿĀ-ňŊ-ž]{1,8}$/)
    fc.assert(
      fc.property(name, name, fc.boolean(), (first, last, upper) => {
        const typed = upper ? `${first} ${last}`.toUpperCase() : normalise(`${first} ${last}`)
        expect(finds(typed, person(first, last))).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})

describe('narrowing', () => {
  const text = fc.stringMatching(/^[a-zäöüолья0-9 +]{0,6}$/)
  const people = fc.array(
    fc.record({
      firstName: fc.stringMatching(/^[a-zäöüßолья ]{0,8}$/),
      lastName: fc.stringMatching(/^[a-zäöüолья]{0,8}$/),
      username: fc.option(fc.stringMatching(/^[a-z0-9_]{0,8}$/), { nil: null }),
      phone: fc.option(fc.stringMatching(/^49[0-9]{0,10}$/), { nil: null }),
    }),
    { maxLength: 30 },
  )

  it('claims a narrower query only when it drops results and never adds any', () => {
    fc.assert(
      fc.property(people, text, text, (list, a, b) => {
        const options = { country: 'DE' as const }
        const p = compileQuery(a, options)
        const n = compileQuery(a + b, options)
        if (!narrows(p, n)) return
        for (const c of list) {
          const { key, digits } = searchKeysOf(c)
          if (matches(n, key, digits)) expect(matches(p, key, digits)).toBe(true)
        }
      }),
      { numRuns: 500 },
    )
    expect(narrows(compileQuery('jo'), compileQuery('jos'))).toBe(true)
    expect(narrows(compileQuery('jos'), compileQuery('jo'))).toBe(false)
    expect(narrows(compileQuery(''), compileQuery('a'))).toBe(false)
  })
})
