/**
 * The server side of the MTProto 2.0 auth-key exchange: req_pq_multi, req_DH_params (RSA_PAD),
 * set_client_DH_params, over plain (unencrypted) messages.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { Api } from 'telegram'
import { AuthKey } from 'telegram/crypto/AuthKey.js'
import { BinaryReader } from 'telegram/extensions/BinaryReader.js'
import { generateKeyDataFromNonce, readBigIntFromBuffer, toSignedLittleBuffer } from 'telegram/Helpers.js'
import type { AuthKeyRecord, AuthKeyStore } from './auth-keys.js'
import {
  DH_G,
  DH_PRIME,
  bigFromBytes,
  bytesFromBig,
  dhPow,
  igeDecrypt,
  igeEncrypt,
  rsaDecryptRaw,
  sha1,
  sha256,
  type ServerRsaKey,
} from './crypto.js'
import { long, toBigint, type Long } from './wire.js'

export interface HandshakeOptions {
  /**
   * GramJS builds its auth key with the minimal byte length of g^ab, so about 1 in 256 keys is
   * 255 bytes long and a Telegram-faithful 256-byte key fails "Step 3 invalid new nonce hash"
   * (GramJS then retries after a second). With the quirk on, the server strips the same zeros.
   */
  gramjsKeyQuirk: boolean
  /**
   * Size of the smaller prime in pq (the larger is always 31 bits, as Telegram's). GramJS factors
   * pq with Pollard-Brent in JS: ~150 ms when both primes are 31 bits, ~1.5 ms with a 17-bit one.
   * Two primes of equal size also make GramJS return pq = pq × 1 about once in 400 handshakes
   * at 20 bits (both cycles close at the same step; ~1 in 40,000 at 31 bits); unequal sizes
   * never did in 1,500 tries.
   */
  pqPrimeBits: number
}

interface Pending {
  nonce: Long
  serverNonce: Long
  p: bigint
  q: bigint
  newNonce?: Long
  a?: Buffer
  tmpKey?: Buffer
  tmpIv?: Buffer
}

function isPrime(n: number): boolean {
  if (n % 2 === 0) return false
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false
  return true
}

function randomPrime(bits: number): bigint {
  for (;;) {
    const candidate = randomInt(2 ** (bits - 1), 2 ** bits) | 1
    if (isPrime(candidate)) return BigInt(candidate)
  }
}

const randomInt128 = (): Long => readBigIntFromBuffer(randomBytes(16), true, true)

/** One handshake per TCP connection; returns the reply object, or throws on a protocol violation. */
export class Handshake {
  private pending: Pending | undefined

  constructor(
    private readonly rsa: ServerRsaKey,
    private readonly keys: AuthKeyStore,
    private readonly options: HandshakeOptions,
  ) {}

  async handle(request: unknown): Promise<{ reply: { getBytes(): Buffer }; key?: AuthKeyRecord }> {
    if (request instanceof Api.ReqPqMulti || request instanceof Api.ReqPq) return { reply: this.reqPq(request.nonce) }
    if (request instanceof Api.ReqDHParams) return { reply: await this.reqDhParams(request) }
    if (request instanceof Api.SetClientDHParams) return this.setClientDhParams(request)
    throw new Error(`unexpected plain message ${(request as { className?: string })?.className ?? typeof request}`)
  }

  private reqPq(nonce: Long): Api.ResPQ {
    let p = randomPrime(this.options.pqPrimeBits)
    let q = randomPrime(31)
    while (q === p) q = randomPrime(31)
    if (p > q) [p, q] = [q, p]
    this.pending = { nonce, serverNonce: randomInt128(), p, q }
    return new Api.ResPQ({
      nonce,
      serverNonce: this.pending.serverNonce,
      // Eight bytes as Telegram sends it: GramJS reads pq as a *signed* big-endian number, so a
      // minimal-length pq with its top bit set would be negative and its factorisation never ends.
      pq: bytesFromBig(p * q, 8),
      serverPublicKeyFingerprints: [long(this.rsa.fingerprint)],
    })
  }

  private async reqDhParams(request: Api.ReqDHParams): Promise<Api.ServerDHParamsOk> {
    const pending = this.expectPending(request.nonce, request.serverNonce)
    if (bigFromBytes(request.p) !== pending.p || bigFromBytes(request.q) !== pending.q) throw new Error('req_DH_params: wrong p/q')
    if (toBigint(request.publicKeyFingerprint).toString() !== this.rsa.fingerprint) throw new Error('req_DH_params: unknown key')

    // RSA_PAD undone: temp_key_xor(32) + AES-IGE(data reversed + SHA256(temp_key + data)) with a zero IV.
    const decrypted = rsaDecryptRaw(this.rsa, request.encryptedData)
    const aesEncrypted = decrypted.subarray(32)
    const tempKey = Buffer.from(decrypted.subarray(0, 32))
    const hash = sha256(aesEncrypted)
    for (let i = 0; i < 32; i++) tempKey[i] = tempKey[i]! ^ hash[i]!
    const dataWithHash = igeDecrypt(tempKey, Buffer.alloc(32), aesEncrypted)
    const dataWithPadding = Buffer.from(dataWithHash.subarray(0, 192)).reverse()
    if (!sha256(Buffer.concat([tempKey, dataWithPadding])).equals(dataWithHash.subarray(192, 224))) {
      throw new Error('req_DH_params: RSA_PAD hash mismatch')
    }
    const inner = new BinaryReader(dataWithPadding).tgReadObject()
    if (!(inner instanceof Api.PQInnerData || inner instanceof Api.PQInnerDataDc)) throw new Error('req_DH_params: not p_q_inner_data')
    if (inner.nonce.neq(pending.nonce) || inner.serverNonce.neq(pending.serverNonce)) throw new Error('req_DH_params: inner nonce mismatch')

    pending.newNonce = inner.newNonce
    pending.a = randomBytes(256)
    const gA = dhPow(BigInt(DH_G), pending.a)
    const answer = new Api.ServerDHInnerData({
      nonce: pending.nonce,
      serverNonce: pending.serverNonce,
      g: DH_G,
      dhPrime: bytesFromBig(DH_PRIME, 256),
      gA: bytesFromBig(gA, 256),
      serverTime: Math.floor(Date.now() / 1000),
    }).getBytes()
    return new Api.ServerDHParamsOk({
      nonce: pending.nonce,
      serverNonce: pending.serverNonce,
      encryptedAnswer: await this.encryptWithTmpKey(pending, Buffer.concat([sha1(answer), answer])),
    })
  }

  private async setClientDhParams(request: Api.SetClientDHParams): Promise<{ reply: Api.DhGenOk; key: AuthKeyRecord }> {
    const pending = this.expectPending(request.nonce, request.serverNonce)
    if (pending.tmpKey === undefined || pending.tmpIv === undefined || pending.a === undefined || pending.newNonce === undefined) {
      throw new Error('set_client_DH_params before req_DH_params')
    }
    const plain = igeDecrypt(pending.tmpKey, pending.tmpIv, request.encryptedData)
    const inner = new BinaryReader(plain.subarray(20)).tgReadObject()
    if (!(inner instanceof Api.ClientDHInnerData)) throw new Error('set_client_DH_params: not client_DH_inner_data')
    const gB = bigFromBytes(inner.gB)
    if (gB <= 1n || gB >= DH_PRIME - 1n) throw new Error('set_client_DH_params: g_b out of range')
    const gAB = dhPow(gB, pending.a)
    const keyBytes = this.options.gramjsKeyQuirk ? bytesFromBig(gAB) : bytesFromBig(gAB, 256)

    const authKey = new AuthKey()
    await authKey.setKey(keyBytes)
    const newNonceHash1 = await authKey.calcNewNonceHash(pending.newNonce, 1)
    const newNonceBytes = toSignedLittleBuffer(pending.newNonce, 32)
    const serverNonceBytes = toSignedLittleBuffer(pending.serverNonce, 16)
    const saltBytes = Buffer.alloc(8)
    for (let i = 0; i < 8; i++) saltBytes[i] = newNonceBytes[i]! ^ serverNonceBytes[i]!
    const key = this.keys.add(keyBytes, saltBytes.readBigInt64LE(0), 'handshake')
    this.pending = undefined
    return { reply: new Api.DhGenOk({ nonce: request.nonce, serverNonce: request.serverNonce, newNonceHash1 }), key }
  }

  private async encryptWithTmpKey(pending: Pending, data: Buffer): Promise<Buffer> {
    if (pending.newNonce === undefined) throw new Error('no new_nonce')
    const { key, iv } = await generateKeyDataFromNonce(pending.serverNonce, pending.newNonce)
    pending.tmpKey = key
    pending.tmpIv = iv
    const padded = data.length % 16 === 0 ? data : Buffer.concat([data, randomBytes(16 - (data.length % 16))])
    return igeEncrypt(key, iv, padded)
  }

  private expectPending(nonce: Long, serverNonce: Long): Pending {
    const pending = this.pending
    if (pending === undefined || pending.nonce.neq(nonce) || pending.serverNonce.neq(serverNonce)) {
      throw new Error('handshake: nonce mismatch')
    }
    return pending
  }
}
