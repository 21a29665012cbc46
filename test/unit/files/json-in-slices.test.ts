import { describe, expect, it } from 'vitest'
import { JSON_PIECE_CHARS, parseJsonInSlices } from '../../../electron/core/files/json-in-slices'
import { TimeSlices } from '../../../electron/core/app/time-slices'
import { countedSlices } from '../support/counted-slices'

/** What JSON.parse makes of `text` (as JSON, which is quicker to compare), or that it throws. */
function byJsonParse(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text))
  } catch (error) {
    return (error as Error).name
  }
}

async function bySlices(text: string): Promise<string> {
  try {
    return JSON.stringify(await parseJsonInSlices(text, new TimeSlices()))
  } catch (error) {
    return (error as Error).name
  }
}

/** A seeded generator, so a failure is the same on every run. */
function random(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    return s / 2 ** 31
  }
}

/** Names with the characters the cutting must step over inside strings. */
const NAMES = ['Ann', 'O"Brien', 'back\\slash', 'a,b', '[x]', '{y}', 'k:v', 'Müller', '😀', '\\"', 'tab\there', '']

function bigRecord(rows: number, next: () => number): string {
  const row = (i: number): unknown[] => [`+4479${i}`, NAMES[Math.floor(next() * NAMES.length)], NAMES[i % NAMES.length], i, next() < 0.5 ? 'import' : null]
  return JSON.stringify({ t: 'snapshot', completeAt: null, rows: Array.from({ length: rows }, (_, i) => row(i)), nested: { deep: [[1, [2, { a: '],[' }]]] } })
}

describe('parseJsonInSlices', () => {
  it('makes what JSON.parse makes of a big log record, in pieces, the event loop turning between them', async () => {
    const text = bigRecord(40_000, random(1))
    expect(text.length).toBeGreaterThan(10 * JSON_PIECE_CHARS)
    const counted = countedSlices()
    expect(await parseJsonInSlices(text, counted.slices())).toEqual(JSON.parse(text))
    // Several turns per piece-sized stretch of the line, not one step for all of it.
    expect(counted.turns()).toBeGreaterThanOrEqual(text.length / JSON_PIECE_CHARS)
  })

  it('makes the same of every shape of big object and of small texts, whitespace and repeated keys included', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`+1${i}`, `Name ${i}`])
    const texts = [
      ' { "rows" : [ ' + rows.map((r) => JSON.stringify(r)).join(' ,\n ') + ' ] , "at" : 5 } ',
      JSON.stringify({ a: 1, rows, b: { also: rows }, c: 'x' }),
      JSON.stringify({ rows: rows.map((r) => ({ phone: r[0], name: r[1] })) }),
      `{"__proto__":{"polluted":true},"rows":${JSON.stringify(rows)},"rows":[1]}`,
      `{"a":"${'x'.repeat(JSON_PIECE_CHARS)}"}`,
      JSON.stringify([rows]),
      '{"t":"learn","at":1,"src":"import","rows":[["+1","A",""]]}',
      '{}',
      `{${' '.repeat(JSON_PIECE_CHARS)}}`,
      '"text"',
      '3',
    ]
    for (const text of texts) expect(await bySlices(text)).toEqual(byJsonParse(text))
    const proto = (await parseJsonInSlices(texts[3] as string, new TimeSlices(0))) as Record<string, unknown>
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype)
    expect(Object.keys(proto)).toEqual(['__proto__', 'rows'])
  })

  it('fails where JSON.parse fails: a big line torn, cut, or with one character changed anywhere', { timeout: 60_000 }, async () => {
    const text = bigRecord(6_000, random(2))
    const bad = [
      text.slice(0, -1),
      text.slice(0, text.length / 2),
      text.replace('],[', '],,['),
      text.replace(']]', '],]]'),
      text.replace('"rows":[', '"rows":[,'),
      text.replace(']],"nested"', ']],]"nested"'),
      text.replace('"rows":', '"rows"'),
      text.replace('"rows":', '"rows"::'),
      text.replace('"rows":[', '"rows":[] ['),
      text.replace('{"t"', '{"t"]'),
      text.replace('"nested"', 'nested'),
      `${text.slice(0, -1)},}`,
      text.replace('Ann', 'An\u0001n'),
      text.replace('O\\"Brien', 'O"Brien'),
      // A trailing comma just where a piece is cut off.
      `{"rows":["${'x'.repeat(JSON_PIECE_CHARS)}",]}`,
      `{"rows":["${'x'.repeat(JSON_PIECE_CHARS)}", ]}`,
    ]
    for (const t of bad) expect(await bySlices(t)).toEqual(byJsonParse(t))
    const next = random(3)
    const alphabet = ['"', '\\', ',', ':', '[', ']', '{', '}', ' ', 'x', '1']
    for (let i = 0; i < 150; i++) {
      const at = Math.floor(next() * text.length)
      const c = alphabet[Math.floor(next() * alphabet.length)] as string
      const changed = next() < 0.5 ? text.slice(0, at) + c + text.slice(at) : text.slice(0, at) + text.slice(at + 1)
      expect(await bySlices(changed)).toEqual(byJsonParse(changed))
    }
  })
})
