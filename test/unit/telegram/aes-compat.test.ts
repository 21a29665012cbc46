import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { IGE as GramIGE } from 'telegram/crypto/IGE.js'

/**
 * GramJS's AES comes from @cryptography/aes, which package.json's overrides replace with electron/core/telegram/aes-compat
 * (MIT, over @noble/ciphers). The emulator uses the same module, so the tests' MTProto traffic would not notice a wrong
 * cipher; these compare it with OpenSSL's AES (node:crypto), an independent implementation.
 */
const require = createRequire(import.meta.url)
const fromTelegram = createRequire(require.resolve('telegram/crypto/IGE.js'))
interface WordCipher {
  encrypt(message: Uint32Array | Uint8Array): Uint32Array
  decrypt(message: Uint32Array | Uint8Array): Uint32Array
}
const aes = fromTelegram('@cryptography/aes') as {
  default: new (key: Uint32Array | Uint8Array) => WordCipher
  IGE: new (key: Uint8Array, iv: Uint8Array) => WordCipher
}

const bigEndianBytes = (words: Uint32Array): Buffer => {
  const out = Buffer.alloc(words.length * 4)
  words.forEach((word, i) => out.writeUInt32BE(word, i * 4))
  return out
}
const bigEndianWords = (bytes: Buffer): Uint32Array => Uint32Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readUInt32BE(i * 4))

function opensslBlock(mode: 'encrypt' | 'decrypt', key: Buffer, block: Buffer): Buffer {
  const cipher = mode === 'encrypt' ? createCipheriv('aes-256-ecb', key, null) : createDecipheriv('aes-256-ecb', key, null)
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(block), cipher.final()])
}

/** MTProto's IGE, block by block over OpenSSL's AES: c_i = E(p_i ^ c_{i-1}) ^ p_{i-1}, the IV holding c_0 then p_0. */
function opensslIge(mode: 'encrypt' | 'decrypt', key: Buffer, iv: Buffer, input: Buffer): Buffer {
  const out = Buffer.alloc(input.length)
  let [before, after] = mode === 'encrypt' ? [iv.subarray(0, 16), iv.subarray(16, 32)] : [iv.subarray(16, 32), iv.subarray(0, 16)]
  for (let at = 0; at < input.length; at += 16) {
    const block = input.subarray(at, at + 16)
    const mixed = Buffer.from(block.map((byte, i) => byte ^ before[i]!))
    const done = opensslBlock(mode, key, mixed)
    for (let i = 0; i < 16; i++) out[at + i] = done[i]! ^ after[i]!
    before = out.subarray(at, at + 16)
    after = block
  }
  return out
}

describe('the AES that GramJS uses (aes-compat)', () => {
  it('is the MIT replacement, not the GPL package', () => {
    const pkg = fromTelegram('@cryptography/aes/package.json') as { license: string }
    expect(pkg.license).toBe('MIT')
    expect(dirname(fromTelegram.resolve('@cryptography/aes'))).not.toContain('node_modules/telegram/node_modules')
  })

  it('is installed as it is in the source (npm copies it, .npmrc install-links; after an edit: rm -rf node_modules/@cryptography && npm install)', () => {
    const source = readFileSync(join(import.meta.dirname, '../../../electron/core/telegram/aes-compat/index.cjs'), 'utf8')
    expect(readFileSync(fromTelegram.resolve('@cryptography/aes'), 'utf8')).toBe(source)
  })

  it('encrypts and decrypts one block as OpenSSL does, on big-endian words', () => {
    for (let run = 0; run < 50; run++) {
      const key = randomBytes(32)
      const block = randomBytes(16)
      const cipher = new aes.default(bigEndianWords(key))
      expect(bigEndianBytes(cipher.encrypt(bigEndianWords(block)))).toEqual(opensslBlock('encrypt', key, block))
      expect(bigEndianBytes(cipher.decrypt(bigEndianWords(block)))).toEqual(opensslBlock('decrypt', key, block))
    }
  })

  it('IGE-encrypts and decrypts as MTProto defines it over OpenSSL, through GramJS own IGE class', () => {
    for (const blocks of [1, 2, 7, 64, 1000]) {
      const key = randomBytes(32)
      const iv = randomBytes(32)
      const plain = randomBytes(blocks * 16)
      const cipher = new GramIGE(key, iv).encryptIge(plain)
      expect(cipher).toEqual(opensslIge('encrypt', key, iv, plain))
      expect(new GramIGE(key, iv).decryptIge(cipher)).toEqual(plain)
      expect(bigEndianBytes(new aes.IGE(key, iv).decrypt(cipher))).toEqual(opensslIge('decrypt', key, iv, cipher))
    }
  })

  it('refuses what the original refused: a key of the wrong size, an IV that is not 32 bytes', () => {
    expect(() => new aes.default(randomBytes(20))).toThrow('Invalid key size')
    expect(() => new aes.IGE(randomBytes(32), randomBytes(16))).toThrow('IV')
  })
})
