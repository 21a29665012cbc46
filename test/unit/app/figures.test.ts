import { describe, expect, it } from 'vitest'
import { thousands } from '../../../electron/core/app/figures'

describe('thousands', () => {
  it('writes whole numbers as toLocaleString("en-US") does', () => {
    for (const n of [0, 7, 999, 1000, 1451, 8549, 10_000, 99_999, 100_000, 1_234_567, 1_000_000_000, -1, -1000, -1_234_567]) {
      expect(thousands(n)).toBe(n.toLocaleString('en-US'))
    }
  })
})
