/**
 * The app's connection seam: where GramJS dials and which RSA key it trusts.
 *
 * GramJS on Node dials port 80 whatever the session says and trusts only the two RSA keys built
 * into it, so talking to anything but production Telegram (the emulator, demo mode, Telegram's
 * test DCs) needs three things: the server's key registered in GramJS's key table, a connection
 * class that dials the endpoint's host:port, and a session that names the endpoint's DC.
 */
import { createHash, createPublicKey } from 'node:crypto'
import { z } from 'zod'
import { Api, TelegramClient } from 'telegram'
import type { TelegramClientParams } from 'telegram/client/telegramBaseClient.js'
import { _serverKeys } from 'telegram/crypto/RSA.js'
import { ConnectionTCPFull } from 'telegram/network/connection/TCPFull.js'
import { StringSession } from 'telegram/sessions/StringSession.js'
import { serializeBytes } from 'telegram/tl/generationHelpers.js'
import { readBigIntFromBuffer } from 'telegram/Helpers.js'

/** StringSession.save() writes the port with writeInt16BE, so a larger port throws a RangeError. */
export const MAX_SESSION_PORT = 32767

function isRsaPublicKeyPem(pem: string): boolean {
  try {
    return createPublicKey(pem).asymmetricKeyType === 'rsa'
  } catch {
    return false
  }
}

export const endpointSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(MAX_SESSION_PORT, {
    message: `port must be at most ${MAX_SESSION_PORT}: GramJS sessions store the port as a signed 16-bit number`,
  }),
  /** StringSession stores the DC id in one byte. */
  dcId: z.number().int().min(1).max(255),
  rsaPublicKey: z.string().refine(isRsaPublicKeyPem, { message: 'rsaPublicKey must be an RSA public key in PEM form' }),
})

export type Endpoint = z.infer<typeof endpointSchema>

/** Parses an endpoint from a JSON string or an already-parsed value; throws an Error naming every bad field. */
export function parseEndpoint(input: unknown): Endpoint {
  let value = input
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input)
    } catch (error) {
      throw new Error(`endpoint is not valid JSON: ${(error as Error).message}`, { cause: error })
    }
  }
  const parsed = endpointSchema.safeParse(value)
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    throw new Error(`invalid endpoint: ${detail.join('; ')}`)
  }
  return parsed.data
}

interface RsaNumbers {
  n: Buffer
  e: Buffer
}

function rsaNumbers(pem: string): RsaNumbers {
  const jwk = createPublicKey(pem).export({ format: 'jwk' })
  if (jwk.n === undefined || jwk.e === undefined) throw new Error('not an RSA public key')
  return { n: Buffer.from(jwk.n, 'base64url'), e: Buffer.from(jwk.e, 'base64url') }
}

/**
 * Telegram's key fingerprint: the low 64 bits of SHA1(bytes(n) + bytes(e)) in TL serialisation,
 * read as a signed little-endian integer, in decimal (the form GramJS keys its table by).
 */
export function rsaFingerprint(pem: string): string {
  const { n, e } = rsaNumbers(pem)
  const digest = createHash('sha1').update(Buffer.concat([serializeBytes(n), serializeBytes(e)])).digest()
  return digest.subarray(12, 20).readBigInt64LE(0).toString()
}

/** Makes GramJS accept the endpoint's server key during the auth-key exchange (process-wide). */
export function registerEndpointKey(endpoint: Endpoint): string {
  const { n, e } = rsaNumbers(endpoint.rsaPublicKey)
  const fingerprint = rsaFingerprint(endpoint.rsaPublicKey)
  _serverKeys.set(fingerprint, {
    n: readBigIntFromBuffer(n, false, false),
    e: readBigIntFromBuffer(e, false, false).toJSNumber(),
  })
  return fingerprint
}

type ConnectionParams = ConstructorParameters<typeof ConnectionTCPFull>[0]

/**
 * A GramJS `connection` class bound to the endpoint. GramJS rebuilds its connection on every
 * reconnect with `new connection.constructor(...)`, so the address lives in the class itself.
 * Connections to the endpoint's own DC dial its host:port; those to other DCs (a photo stored elsewhere) dial the
 * address GramJS looked up, which EndpointClient.getDC takes from the server's config.
 */
export function endpointConnection(endpoint: Endpoint): typeof ConnectionTCPFull {
  const { host, port, dcId } = endpoint
  return class EndpointConnection extends ConnectionTCPFull {
    constructor(params: ConnectionParams) {
      super(params.dcId === dcId ? { ...params, ip: host, port } : params)
    }
  }
}

/**
 * A TelegramClient for an endpoint. GramJS on Node answers every DC lookup with port 443 whatever the config says
 * (Telegram's DCs listen there); the emulator's other DCs listen on ports of their own, which its config names.
 */
class EndpointClient extends TelegramClient {
  constructor(
    private readonly seam: Endpoint,
    session: StringSession,
    apiId: number,
    apiHash: string,
    params: TelegramClientParams,
  ) {
    super(session, apiId, apiHash, params)
  }

  override async getDC(dcId: number): Promise<{ id: number; ipAddress: string; port: number }> {
    if (dcId === this.seam.dcId) return { id: dcId, ipAddress: this.seam.host, port: this.seam.port }
    this._config ??= await this.invoke(new Api.help.GetConfig())
    const option = this._config.dcOptions.find((candidate) => candidate.id === dcId && candidate.ipv6 !== true)
    if (option === undefined) throw new Error(`Cannot find the DC with the ID of ${dcId}`)
    return { id: dcId, ipAddress: option.ipAddress, port: option.port }
  }
}

/**
 * A client that talks to the endpoint (its key registered, its DCs dialled where its config says), over a session
 * made by endpointSession (a string is turned into one). A `connection` in params must extend endpointConnection.
 */
export function endpointClient(endpoint: Endpoint, session: string | StringSession, apiId: number, apiHash: string, params: TelegramClientParams): TelegramClient {
  const stringSession = typeof session === 'string' ? endpointSession(endpoint, session) : session
  const seam = endpointClientOptions(endpoint)
  // A caller's own connection class (the app's watched one) is built on endpointConnection already.
  return new EndpointClient(endpoint, stringSession, apiId, apiHash, { ...params, connection: params.connection ?? seam.connection })
}

/**
 * A StringSession pointing at the endpoint's DC; an existing session string keeps its auth key
 * (GramJS loads it on connect). The session string is a secret: keep it out of logs and off disk.
 */
export function endpointSession(endpoint: Endpoint, session = ''): StringSession {
  const stringSession = new StringSession(session)
  stringSession.setDC(endpoint.dcId, endpoint.host, endpoint.port)
  return stringSession
}

/** Everything a TelegramClient needs to talk to the endpoint: register its key, then pass these options. */
export function endpointClientOptions(endpoint: Endpoint): { connection: typeof ConnectionTCPFull } {
  registerEndpointKey(endpoint)
  return { connection: endpointConnection(endpoint) }
}
