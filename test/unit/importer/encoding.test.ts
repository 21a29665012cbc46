import { describe, expect, it } from 'vitest'
import { byteString, decodeBytes, decodeWithCharset, detectEncoding, looksBinary, textFromByteString } from '../../../electron/core/importer/encoding'

const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'))
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le')
  return new Uint8Array(le.swap16())
}

describe('detectEncoding', () => {
  it('reads byte-order marks', () => {
    expect(detectEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ encoding: 'utf-8', bomLength: 3 })
    expect(detectEncoding(new Uint8Array([0xff, 0xfe, 0x41, 0]))).toEqual({ encoding: 'utf-16le', bomLength: 2 })
    expect(detectEncoding(new Uint8Array([0xfe, 0xff, 0, 0x41]))).toEqual({ encoding: 'utf-16be', bomLength: 2 })
  })

  it('recognises UTF-16 without a BOM by its NUL bytes', () => {
    expect(detectEncoding(utf16le('BEGIN:VCARD\r\n'))).toEqual({ encoding: 'utf-16le', bomLength: 0 })
    expect(detectEncoding(utf16be('BEGIN:VCARD\r\n'))).toEqual({ encoding: 'utf-16be', bomLength: 0 })
    expect(detectEncoding(new TextEncoder().encode('BEGIN:VCARD'))).toEqual({ encoding: 'utf-8', bomLength: 0 })
  })
})

describe('decodeBytes', () => {
  it('decodes valid UTF-8 as UTF-8 and falls back to Windows-1252', () => {
    expect(decodeBytes(new TextEncoder().encode('Müller €'))).toEqual({ text: 'Müller €', encoding: 'utf-8' })
    expect(decodeBytes(new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x80]))).toEqual({ text: 'Müller €', encoding: 'windows-1252' })
  })

  it('drops the BOM', () => {
    expect(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])).text).toBe('A')
    expect(decodeBytes(new Uint8Array([0xff, 0xfe, ...utf16le('Zoë')])).text).toBe('Zoë')
  })
})

describe('charsets of single values', () => {
  it('honours a CHARSET label and treats a false UTF-8 claim as Windows-1252', () => {
    expect(decodeWithCharset(new Uint8Array(Buffer.from('山田', 'utf8')), 'UTF-8')).toBe('山田')
    expect(decodeWithCharset(new Uint8Array([0xfc]), 'UTF-8')).toBe('ü')
    expect(decodeWithCharset(new Uint8Array([0xe9]), 'ISO-8859-1')).toBe('é')
    expect(decodeWithCharset(new Uint8Array([0xc1, 0xc2]), 'no-such-charset')).toBe('ÁÂ')
  })

  it('turns byte strings back into text only where they hold non-ASCII bytes', () => {
    const ascii = byteString(new TextEncoder().encode('plain'))
    expect(textFromByteString(ascii, null)).toBe('plain')
    expect(textFromByteString(byteString(new TextEncoder().encode('Zoë')), null)).toBe('Zoë')
  })
})

const utf8 = { encoding: 'utf-8', bomLength: 0 } as const

describe('looksBinary', () => {
  it('refuses NUL bytes and control-heavy data but not text', () => {
    expect(looksBinary(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), utf8)).toBe(true)
    expect(looksBinary(new Uint8Array(Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 1 : 65))), utf8)).toBe(true)
    expect(looksBinary(new TextEncoder().encode('BEGIN:VCARD\r\nFN:A\tB\r\n'), utf8)).toBe(false)
    expect(looksBinary(utf16le('BEGIN:VCARD\r\n'), { encoding: 'utf-16le', bomLength: 0 })).toBe(false)
  })
})

describe('byte strings, fuzzed', () => {
  it('decode exactly like Node for valid UTF-8 and round-trip any text', async () => {
    const fc = (await import('fast-check')).default
    const { isUtf8 } = await import('node:buffer')
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const buf = Buffer.from(bytes)
        const text = textFromByteString(byteString(bytes), null)
        if (isUtf8(buf)) expect(text).toBe(buf.toString('utf8'))
        else expect(text).toHaveLength(bytes.length)
      }),
      { numRuns: 3000 },
    )
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        expect(textFromByteString(byteString(new TextEncoder().encode(s)), null)).toBe(s)
      }),
      { numRuns: 3000 },
    )
    // 6,000 cases: seconds on a loaded 2-core machine, past vitest's 5 s default.
  }, 60_000)
})
