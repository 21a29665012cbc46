'use strict'
/**
 * The part of @cryptography/aes 0.1.1 that GramJS 2.26.22 uses (the default export, a one-block AES on big-endian
 * 32-bit words, and IGE), so that the app ships no GPL-3.0 code: @cryptography/aes is GPL-3.0-or-later and TG Contacts
 * is MIT. The cipher is @noble/ciphers' audited AES (MIT); IGE is the chaining Telegram's MTProto defines around it.
 * noble's one-block functions are its `unsafe` export (no stable API), hence the exact version in package.json.
 */
const { unsafe } = require('@noble/ciphers/aes.js')

// noble's block functions take little-endian words; Uint32Array views below read the platform's order.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('@cryptography/aes (TG Contacts): little-endian platforms only')

const swap = (word) => ((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24)

/** Bytes, or big-endian words as @cryptography/aes takes them, as bytes. */
function bytesOf(input) {
  if (input instanceof Uint32Array) {
    const bytes = new Uint8Array(input.length * 4)
    const view = new DataView(bytes.buffer)
    for (let i = 0; i < input.length; i++) view.setUint32(i * 4, input[i])
    return bytes
  }
  if (input instanceof Uint8Array) return input
  throw new Error('Unable to create 32-bit words')
}

/** A copy of `bytes` as platform-order words (its length a multiple of 16). */
function wordsOf(bytes) {
  if (bytes.length % 16 !== 0) throw new Error('AES: the input must be a multiple of 16 bytes')
  const copy = new Uint8Array(bytes)
  return new Uint32Array(copy.buffer, 0, copy.length / 4)
}

/** Platform-order words to big-endian words, in place: what @cryptography/aes returns. */
function toBigEndian(words) {
  for (let i = 0; i < words.length; i++) words[i] = swap(words[i])
  return words
}

class AES {
  constructor(key) {
    const bytes = bytesOf(key)
    if (bytes.length !== 16 && bytes.length !== 24 && bytes.length !== 32) throw new Error('Invalid key size')
    this.encKey = unsafe.expandKeyLE(bytes)
    this.decKey = unsafe.expandKeyDecLE(bytes)
  }

  /** One 16-byte block. */
  encrypt(message) {
    const w = wordsOf(bytesOf(message))
    const r = unsafe.encrypt(this.encKey, w[0], w[1], w[2], w[3])
    return toBigEndian(new Uint32Array([r.s0, r.s1, r.s2, r.s3]))
  }

  decrypt(message) {
    const w = wordsOf(bytesOf(message))
    const r = unsafe.decrypt(this.decKey, w[0], w[1], w[2], w[3])
    return toBigEndian(new Uint32Array([r.s0, r.s1, r.s2, r.s3]))
  }
}

/** AES-IGE (MTProto): c_i = E(p_i ^ c_{i-1}) ^ p_{i-1}, the IV holding c_0 then p_0. */
class IGE {
  constructor(key, iv) {
    const ivBytes = bytesOf(iv)
    if (ivBytes.length !== 32) throw new Error('IGE: the IV must be 32 bytes')
    this.cipher = new AES(key)
    this.iv = wordsOf(ivBytes)
  }

  encrypt(message) {
    const out = wordsOf(bytesOf(message))
    const key = this.cipher.encKey
    const iv = this.iv
    let c0 = iv[0], c1 = iv[1], c2 = iv[2], c3 = iv[3], p0 = iv[4], p1 = iv[5], p2 = iv[6], p3 = iv[7]
    for (let i = 0; i < out.length; i += 4) {
      const x0 = out[i], x1 = out[i + 1], x2 = out[i + 2], x3 = out[i + 3]
      const r = unsafe.encrypt(key, x0 ^ c0, x1 ^ c1, x2 ^ c2, x3 ^ c3)
      c0 = out[i] = r.s0 ^ p0
      c1 = out[i + 1] = r.s1 ^ p1
      c2 = out[i + 2] = r.s2 ^ p2
      c3 = out[i + 3] = r.s3 ^ p3
      p0 = x0
      p1 = x1
      p2 = x2
      p3 = x3
    }
    return toBigEndian(out)
  }

  decrypt(message) {
    const out = wordsOf(bytesOf(message))
    const key = this.cipher.decKey
    const iv = this.iv
    let c0 = iv[0], c1 = iv[1], c2 = iv[2], c3 = iv[3], p0 = iv[4], p1 = iv[5], p2 = iv[6], p3 = iv[7]
    for (let i = 0; i < out.length; i += 4) {
      const x0 = out[i], x1 = out[i + 1], x2 = out[i + 2], x3 = out[i + 3]
      const r = unsafe.decrypt(key, x0 ^ p0, x1 ^ p1, x2 ^ p2, x3 ^ p3)
      p0 = out[i] = r.s0 ^ c0
      p1 = out[i + 1] = r.s1 ^ c1
      p2 = out[i + 2] = r.s2 ^ c2
      p3 = out[i + 3] = r.s3 ^ c3
      c0 = x0
      c1 = x1
      c2 = x2
      c3 = x3
    }
    return toBigEndian(out)
  }
}

module.exports = { __esModule: true, default: AES, IGE }
