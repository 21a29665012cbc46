import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { _serverKeys } from 'telegram/crypto/RSA.js'
import { AuthKey } from 'telegram/crypto/AuthKey.js'
import { Logger, LogLevel } from 'telegram/extensions/Logger.js'
import { PromisedNetSockets } from 'telegram/extensions/index.js'
import { StringSession } from 'telegram/sessions/StringSession.js'
import {
  endpointConnection,
  endpointSession,
  parseEndpoint,
  registerEndpointKey,
  rsaFingerprint,
  type Endpoint,
} from '../../../electron/core/telegram/endpoint.js'

function pemFromNumbers(n: bigint, e: number): string {
  const hex = n.toString(16)
  const nBytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex')
  const eBytes = Buffer.from(e.toString(16).padStart(6, '0'), 'hex')
  return createPublicKey({ key: { kty: 'RSA', n: nBytes.toString('base64url'), e: eBytes.toString('base64url') }, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' })
    .toString()
}

const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
const endpoint: Endpoint = { host: '127.0.0.1', port: 12345, dcId: 2, rsaPublicKey: pem }

describe('rsaFingerprint', () => {
  it("reproduces the fingerprints of Telegram's keys built into GramJS", () => {
    const builtIn = [..._serverKeys.entries()].filter(([fingerprint]) =>
      ['-3414540481677951611', '-5595554452916591101'].includes(fingerprint),
    )
    expect(builtIn).toHaveLength(2)
    for (const [fingerprint, key] of builtIn) {
      expect(rsaFingerprint(pemFromNumbers(BigInt(key.n.toString()), key.e))).toBe(fingerprint)
    }
  })

  it('accepts PKCS#1 and SPKI forms of the same key alike', () => {
    const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'pem' }).toString()
    expect(rsaFingerprint(pkcs1)).toBe(rsaFingerprint(pem))
  })
})

describe('parseEndpoint', () => {
  it('parses JSON text and plain objects', () => {
    expect(parseEndpoint(JSON.stringify(endpoint))).toEqual(endpoint)
    expect(parseEndpoint(endpoint)).toEqual(endpoint)
  })

  it('rejects a port a GramJS session cannot store', () => {
    expect(() => parseEndpoint({ ...endpoint, port: 40000 })).toThrow(/port: port must be at most 32767/)
  })

  it('names every bad field', () => {
    expect(() => parseEndpoint({ host: '', port: 0, dcId: 2, rsaPublicKey: 'nope' })).toThrow(/host.*port.*rsaPublicKey/s)
  })

  it('rejects text that is not JSON, and keys that are not RSA', () => {
    expect(() => parseEndpoint('{host')).toThrow(/not valid JSON/)
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString()
    expect(() => parseEndpoint({ ...endpoint, rsaPublicKey: ec })).toThrow(/rsaPublicKey/)
  })
})

describe('the connection seam', () => {
  it('registers the key under its signed decimal fingerprint', () => {
    const fingerprint = registerEndpointKey(endpoint)
    expect(fingerprint).toMatch(/^-?\d+$/)
    const registered = _serverKeys.get(fingerprint)
    expect(registered?.e).toBe(65537)
    const jwk = publicKey.export({ format: 'jwk' })
    expect(registered?.n.toString(16)).toBe(Buffer.from(jwk.n ?? '', 'base64url').toString('hex').replace(/^0+/, ''))
  })

  it("dials the endpoint's host and port whatever GramJS passes", () => {
    const Connection = endpointConnection(endpoint)
    const connection = new Connection({
      ip: '149.154.167.91',
      port: 80,
      dcId: 2,
      loggers: new Logger(LogLevel.NONE),
      socket: PromisedNetSockets,
      testServers: false,
    })
    expect(connection.toString()).toMatch(/^127\.0\.0\.1:12345\//)
  })

  it('makes a session that names the endpoint and keeps an existing auth key', async () => {
    const fresh = endpointSession(endpoint)
    expect([fresh.dcId, fresh.serverAddress, fresh.port]).toEqual([2, '127.0.0.1', 12345])
    const authKey = new AuthKey()
    await authKey.setKey(Buffer.alloc(256, 7))
    fresh.setAuthKey(authKey)
    const saved = fresh.save()
    const moved = endpointSession({ ...endpoint, port: 23456 }, saved)
    expect(moved.port).toBe(23456)
    await moved.load()
    expect(moved.getAuthKey()?.getKey()?.equals(Buffer.alloc(256, 7))).toBe(true)
    expect(new StringSession(moved.save()).port).toBe(23456)
  })
})
