import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { crc32, unzip, unzipSync } from 'node:zlib'
import { IGE } from 'telegram/crypto/IGE.js'
import { InvalidBufferError, SecurityError } from 'telegram/errors/Common.js'
import { returnBigInt } from 'telegram/Helpers.js'
import { BinaryReader } from 'telegram/extensions/BinaryReader.js'
import { PromisedNetSockets } from 'telegram/extensions/PromisedNetSockets.js'
import { MTProtoState } from 'telegram/network/MTProtoState.js'
import { GZIPPacked, TLMessage } from 'telegram/tl/core/index.js'
import { yieldToLoop } from '../app/time-slices'

/**
 * GramJS 2.26.22 takes in a server message in long synchronous stretches: its socket reader appends every chunk that
 * arrives to all it read of the message before (a copy of the whole each time: some 1.8 GB copied for a 15 MB
 * message, stretches of 300-500 ms), then AES-IGE decryption in pure JavaScript, the SHA-256 check, and pako's
 * JavaScript inflate of a gzip-packed answer. A 100,000-contact list arrives as one message of several megabytes.
 * Four changes, applied once, process-wide, when the app builds its first client:
 *
 * - a message is read from the socket chunk by chunk and put together once, at the end;
 * - its transport checksum is zlib's native CRC-32 instead of a byte-by-byte JavaScript one (50-100 ms for 15 MB);
 * - a message over SLICED_FROM bytes is decrypted and hashed in slices, the event loop running between them (IGE
 *   chains block to block, so a slice goes on from the last cipher and plain blocks of the one before);
 * - a gzip-packed answer over ASYNC_INFLATE_FROM bytes is inflated by zlib on libuv's thread pool (GramJS awaits
 *   GZIPPacked.ungzip where it reads one), smaller ones by zlib at once.
 *
 * Everything else is GramJS's decryptMessageData of 2.26.22 as it is: the same checks in the same order.
 */

/** Messages from this size on are decrypted in slices. */
export const SLICED_FROM = 256 * 1024
/**
 * Bytes decrypted per slice: a few milliseconds of pure-JavaScript AES (128 KB slices took 30-57 ms of CPU each on a
 * loaded 2-core machine, the longest steps of a 100,000-contact first load).
 */
const SLICE_BYTES = 32 * 1024
const ASYNC_INFLATE_FROM = 64 * 1024

const unzipAsync = promisify(unzip)

interface StateInternals {
  authKey?: { keyId?: { neq(other: unknown): boolean }; getKey(): Buffer | undefined }
  msgIds: string[]
  securityChecks: boolean
  _calcKey(authKey: Buffer, msgKey: Buffer, client: boolean): Promise<{ key: Buffer; iv: Buffer }>
}

let applied = false

export function applyBigAnswerSlicing(): void {
  if (applied) return
  applied = true
  const proto = MTProtoState.prototype as unknown as { decryptMessageData(body: Buffer): Promise<TLMessage> }
  const original = proto.decryptMessageData
  proto.decryptMessageData = function decryptMessageData(this: StateInternals, body: Buffer): Promise<TLMessage> {
    return body.length < SLICED_FROM ? original.call(this, body) : decryptInSlices(this, body)
  }
  // pako and zlib both take a gzip or zlib stream (GramJS's pako.inflate detects which; unzip does the same).
  const packed = GZIPPacked as unknown as { ungzip(input: Buffer): Buffer | Promise<Buffer> }
  packed.ungzip = (input: Buffer) => (input.length < ASYNC_INFLATE_FROM ? unzipSync(input) : unzipAsync(input))
  const sockets = PromisedNetSockets.prototype as unknown as SocketInternals
  sockets.readExactly = readExactly
  // TCPFull looks crc32 up on the module's exports at each packet, so the CommonJS exports object is where it goes.
  gramJsHelpers().crc32 = (data: Buffer) => crc32(data)
}

/** GramJS's Helpers module as CommonJS loads it (its exports can be replaced; an ES import's namespace cannot). */
export function gramJsHelpers(): { crc32(data: Buffer): number } {
  return createRequire(import.meta.url)('telegram/Helpers.js') as { crc32(data: Buffer): number }
}

interface SocketInternals {
  read(count: number): Promise<Buffer>
  readExactly(count: number): Promise<Buffer>
}

/** GramJS's readExactly (the same reads and the same end condition), with the chunks joined once. */
export async function readExactly(this: SocketInternals, count: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let left = count
  for (;;) {
    const chunk = await this.read(left)
    chunks.push(chunk)
    left -= chunk.length
    // GramJS's own end condition, kept as it is (-437 included).
    if (!left || left === -437) return Buffer.concat(chunks)
  }
}

/** IGE-decrypts `cipher` (a multiple of 16 bytes) slice by slice, each slice's plain text given to `onSlice`. */
export async function decryptIgeInSlices(cipher: Buffer, key: Buffer, iv: Buffer, onSlice: (plain: Buffer) => void): Promise<Buffer> {
  const plain = Buffer.allocUnsafe(cipher.length)
  let chain = iv
  for (let offset = 0; offset < cipher.length; offset += SLICE_BYTES) {
    const end = Math.min(cipher.length, offset + SLICE_BYTES)
    const part = new IGE(key, chain).decryptIge(cipher.subarray(offset, end))
    part.copy(plain, offset)
    onSlice(part)
    // The next block is chained to this slice's last cipher block and last plain block, in that order.
    chain = Buffer.concat([cipher.subarray(end - 16, end), part.subarray(part.length - 16)])
    if (end < cipher.length) await yieldToLoop()
  }
  return plain
}

async function decryptInSlices(state: StateInternals, body: Buffer): Promise<TLMessage> {
  if (!state.authKey) throw new Error('Auth key unset')
  if (body.length < 8) throw new InvalidBufferError(body)
  const keyId = returnBigInt(body.readBigUInt64LE(0))
  if (!state.authKey.keyId || state.authKey.keyId.neq(keyId)) throw new SecurityError('Server replied with an invalid auth key')
  const authKey = state.authKey.getKey()
  if (!authKey) throw new SecurityError('Unset AuthKey')
  const msgKey = body.subarray(8, 24)
  const { key, iv } = await state._calcKey(authKey, msgKey, false)
  const hash = createHash('sha256').update(authKey.subarray(96, 128))
  const plain = await decryptIgeInSlices(body.subarray(24), key, iv, (part) => hash.update(part))
  // core.telegram.org/mtproto/security_guidelines: the msg_key must be the middle of SHA-256(auth key part + plain text).
  if (!msgKey.equals(hash.digest().subarray(8, 24))) throw new SecurityError("Received msg_key doesn't match with expected one")
  const reader = new BinaryReader(plain)
  reader.readLong() // salt
  reader.readLong() // session id (GramJS does not check it either)
  const remoteMsgId = reader.readLong()
  const seen = remoteMsgId.toString()
  if (state.msgIds.includes(seen) && state.securityChecks) throw new SecurityError('Duplicate msgIds')
  if (state.msgIds.length > 500) state.msgIds.shift()
  state.msgIds.push(seen)
  const remoteSequence = reader.readInt()
  reader.readInt() // the inner object's length; the padding after it is never read
  return new TLMessage(remoteMsgId, remoteSequence, reader.tgReadObject())
}
