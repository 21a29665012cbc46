/** Server-side MTProto 2.0 cryptography, built on GramJS's own helpers where they exist. */
import {
  constants,
  createDiffieHellman,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  privateDecrypt,
  type DiffieHellman,
  type KeyObject,
} from 'node:crypto'
import { promisify } from 'node:util'
import { IGE } from 'telegram/crypto/IGE.js'
import { MTProtoState } from 'telegram/network/MTProtoState.js'
import { rsaFingerprint } from '../core/telegram/endpoint.js'

/** Telegram's published 2048-bit DH prime (g = 3); GramJS's SRP check accepts only this one. */
export const DH_PRIME = BigInt(
  '0xc71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b',
)
export const DH_G = 3

export interface ServerRsaKey {
  privateKey: KeyObject
  publicPem: string
  /** Signed decimal, as GramJS keys its table. */
  fingerprint: string
}

function serverKey(privateKey: KeyObject): ServerRsaKey {
  const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString()
  return { privateKey, publicPem, fingerprint: rsaFingerprint(publicPem) }
}

/** A key from PEM: the tests' committed key (test/fixtures/emulator), since generating one per start costs 0.2–0.3 s. */
export function loadServerKey(pem: string): ServerRsaKey {
  return serverKey(createPrivateKey(pem))
}

/** A fresh 2048-bit key, generated off the event loop: what the app's demo uses, so no private key ships with it. */
export async function generateServerKey(): Promise<ServerRsaKey> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 })
  return serverKey(privateKey)
}

export function rsaDecryptRaw(key: ServerRsaKey, data: Buffer): Buffer {
  return privateDecrypt({ key: key.privateKey, padding: constants.RSA_NO_PADDING }, data)
}

export const sha1 = (data: Buffer): Buffer => createHash('sha1').update(data).digest()
export const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest()

export function bigFromBytes(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`)
}

/** Big-endian bytes; `length` pads with leading zeros, otherwise the minimal length (as GramJS's getByteArray). */
export function bytesFromBig(value: bigint, length?: number): Buffer {
  let hex = value.toString(16)
  if (hex.length % 2 === 1) hex = `0${hex}`
  const bytes = Buffer.from(hex, 'hex')
  if (length === undefined || bytes.length >= length) return bytes
  return Buffer.concat([Buffer.alloc(length - bytes.length), bytes])
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n
  let b = base % modulus
  let e = exponent
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus
    b = (b * b) % modulus
    e >>= 1n
  }
  return result
}

let nativeDh: DiffieHellman | undefined

/**
 * base^exponent mod DH_PRIME with OpenSSL (~1 ms instead of ~20 ms with BigInt): computeSecret(y)
 * is y^private mod p. Creating the group runs OpenSSL's prime check once (~0.3 s per process).
 */
export function dhPow(base: bigint, exponent: Buffer): bigint {
  nativeDh ??= createDiffieHellman(bytesFromBig(DH_PRIME, 256), Buffer.from([DH_G]))
  nativeDh.setPrivateKey(exponent)
  return bigFromBytes(nativeDh.computeSecret(bytesFromBig(base)))
}

export function igeEncrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  return new IGE(key, iv).encryptIge(data)
}

export function igeDecrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  return new IGE(key, iv).decryptIge(data)
}

const calcKey = MTProtoState.prototype._calcKey

/** MTProto 2.0 message-key derivation; `fromClient` selects x = 0 (client to server) or x = 8. */
export function messageKeys(authKey: Buffer, msgKey: Buffer, fromClient: boolean): Promise<{ key: Buffer; iv: Buffer }> {
  return calcKey.call(undefined, authKey, msgKey, fromClient)
}

/** msg_key = middle 128 bits of SHA256(auth_key[88 + x .. 120 + x] + plaintext with padding). */
export function messageKey(authKey: Buffer, plaintext: Buffer, fromClient: boolean): Buffer {
  const x = fromClient ? 0 : 8
  return sha256(Buffer.concat([authKey.subarray(88 + x, 120 + x), plaintext])).subarray(8, 24)
}
