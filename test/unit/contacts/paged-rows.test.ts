import { describe, expect, it } from 'vitest'
import { PagedRows } from '../../../electron/core/contacts/paged-rows'

const numbers = (count: number): number[] => Array.from({ length: count }, (_, i) => i)

function paged(options: { max?: number; pageRows?: number } = {}) {
  const clock = { now: 0 }
  const rows = new PagedRows<number>({ now: () => clock.now, max: options.max ?? 2, pageRows: options.pageRows ?? 100, goneMessage: 'gone, check again' })
  return { rows, clock }
}

describe('PagedRows', () => {
  it('hands the rows out in order, at most pageRows at a time, and is gone after the last page', () => {
    const { rows } = paged({ pageRows: 4 })
    const id = rows.open(numbers(10))
    expect(rows.page(id, 0, 100)).toEqual({ rows: [0, 1, 2, 3], done: false })
    expect(rows.page(id, 4, 3)).toEqual({ rows: [4, 5, 6], done: false })
    expect(rows.page(id, 7, 4)).toEqual({ rows: [7, 8, 9], done: true })
    expect(() => rows.page(id, 0, 4)).toThrow('gone, check again')
  })

  it('drops the oldest when one more than max is opened', () => {
    const { rows } = paged({ max: 2 })
    const [a, b, c] = [rows.open([1]), rows.open([2]), rows.open([3])]
    expect(() => rows.page(a, 0, 1)).toThrow('gone')
    expect(rows.page(b, 0, 1).rows).toEqual([2])
    expect(rows.page(c, 0, 1).rows).toEqual([3])
  })

  it('drops rows nobody asked for a page of in two minutes; asking keeps them', () => {
    const { rows, clock } = paged({ pageRows: 1 })
    const kept = rows.open(numbers(3))
    const idle = rows.open(numbers(3))
    clock.now = 100_000
    rows.page(kept, 0, 1)
    clock.now = 200_000
    expect(rows.page(kept, 1, 1).rows).toEqual([1])
    expect(() => rows.page(idle, 0, 1)).toThrow('gone')
  })

  it('clear drops everything open', () => {
    const { rows } = paged()
    const id = rows.open(numbers(3))
    rows.clear()
    expect(() => rows.page(id, 0, 1)).toThrow('gone')
  })
})
