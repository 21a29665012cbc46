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

/**
 * AES-IGE (MTProto): c_i = E(p_i ^ c_{i-1}) ^ p_{i-1}, the IV holding c_0 then p_0. Decryption is the same chain with
 * the halves swapped: p_i = D(c_i ^ p_{i-1}) ^ c_{i-1}. `into` is the previous output block, mixed into the block's
 * input; `out` the previous input block, mixed into its output.
 */
function ige(block, key, message, into, out) {
  const words = wordsOf(bytesOf(message))
  let i0 = into[0], i1 = into[1], i2 = into[2], i3 = into[3]
  let o0 = out[0], o1 = out[1], o2 = out[2], o3 = out[3]
  for (let i = 0; i < words.length; i += 4) {
    const x0 = words[i], x1 = words[i + 1], x2 = words[i + 2], x3 = words[i + 3]
    const r = block(key, x0 ^ i0, x1 ^ i1, x2 ^ i2, x3 ^ i3)
    i0 = words[i] = r.s0 ^ o0
    i1 = words[i + 1] = r.s1 ^ o1
    i2 = words[i + 2] = r.s2 ^ o2
    i3 = words[i + 3] = r.s3 ^ o3
    o0 = x0
    o1 = x1
    o2 = x2
    o3 = x3
  }
  return toBigEndian(words)
}

class IGE {
  constructor(key, iv) {
    const ivBytes = bytesOf(iv)
    if (ivBytes.length !== 32) throw new Error('IGE: the IV must be 32 bytes')
    this.cipher = new AES(key)
    const words = wordsOf(ivBytes)
    this.iv = words
    this.firstCipher = words.subarray(0, 4)
    this.firstPlain = words.subarray(4, 8)
  }

  encrypt(message) {
    return ige(unsafe.encrypt, this.cipher.encKey, message, this.firstCipher, this.firstPlain)
  }

  decrypt(message) {
    return ige(unsafe.decrypt, this.cipher.decKey, message, this.firstPlain, this.firstCipher)
  }
}

module.exports = { __esModule: true, default: AES, IGE }
