import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { promisify } from 'node:util'
import { crc32, createUnzip, unzip, unzipSync } from 'node:zlib'
import { IGE } from 'telegram/crypto/IGE.js'
import { InvalidBufferError, InvalidChecksumError, SecurityError } from 'telegram/errors/Common.js'
import { returnBigInt } from 'telegram/Helpers.js'
import { BinaryReader } from 'telegram/extensions/BinaryReader.js'
import { PromisedNetSockets } from 'telegram/extensions/PromisedNetSockets.js'
import { FullPacketCodec } from 'telegram/network/connection/TCPFull.js'
import { MTProtoState } from 'telegram/network/MTProtoState.js'
import { GZIPPacked, TLMessage } from 'telegram/tl/core/index.js'
import { TimeSlices } from '../app/time-slices'

/**
 * GramJS 2.26.22 takes in a server message in long synchronous stretches: its socket reader appends every chunk that
 * arrives to all it read of the message before (a copy of the whole each time: some 1.8 GB copied for a 15 MB
 * message, stretches of 300-500 ms), then AES-IGE decryption in pure JavaScript, the SHA-256 check, and pako's
 * JavaScript inflate of a gzip-packed answer. A 100,000-contact list arrives as one message of several megabytes.
 * Five changes, applied once, process-wide, when the app builds its first client:
 *
 * - a message is read from the socket into one buffer, each chunk copied in as it arrives (no join at the end);
 * - its transport checksum is zlib's native CRC-32 instead of a byte-by-byte JavaScript one (50-100 ms for 15 MB),
 *   worked out over the length header and the body as they are (GramJS joined them first: a copy of the message);
 * - a message over SLICED_FROM bytes is decrypted and hashed in time slices, the event loop running between
 *   them (IGE chains block to block, so a piece goes on from the last cipher and plain blocks of the one before);
 * - a gzip-packed answer over ASYNC_INFLATE_FROM bytes is inflated by zlib on libuv's thread pool (GramJS awaits
 *   GZIPPacked.ungzip where it reads one), smaller ones by zlib at once; one over SHARED_INFLATE_FROM is inflated into
 *   a SharedArrayBuffer, piece by piece as zlib hands them back, which the answer worker reads as it is.
 *
 * Everything else is GramJS's decryptMessageData of 2.26.22 as it is: the same checks in the same order.
 */

/** Messages from this size on are decrypted in slices. */
export const SLICED_FROM = 256 * 1024
/**
 * Bytes decrypted between two looks at the clock: a tenth of a millisecond of pure-JavaScript AES once it is
 * optimised, a few milliseconds before (the first 32 KB of a message, decrypted while the code was still cold, took
 * 20 ms). The event loop gets a turn once a time slice is used up, and after SLICE_BYTES at the latest (about a
 * millisecond once optimised: 128 KB slices took 30-57 ms of CPU each on a loaded 2-core machine).
 */
const PIECE_BYTES = 4 * 1024
const SLICE_BYTES = 32 * 1024
const ASYNC_INFLATE_FROM = 64 * 1024
/** Packed answers from this size on are inflated into shared memory (see inflateShared). */
export const SHARED_INFLATE_FROM = 256 * 1024
/** zlib's output pieces while inflating into shared memory: each one is copied in by a callback of its own. */
const INFLATE_PIECE = 256 * 1024
/** Deflate's best ratio: a gzip trailer claiming more than this is not believed (then the buffer grows as needed). */
const MAX_INFLATE_RATIO = 1032

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
  packed.ungzip = (input: Buffer) => {
    if (input.length < ASYNC_INFLATE_FROM) return unzipSync(input)
    return input.length < SHARED_INFLATE_FROM ? unzipAsync(input) : inflateShared(input)
  }
  const sockets = PromisedNetSockets.prototype as unknown as SocketInternals
  sockets.readExactly = readExactly
  const codec = FullPacketCodec.prototype as unknown as { readPacket(reader: SocketInternals): Promise<Buffer> }
  codec.readPacket = readFullPacket
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

/**
 * GramJS's readExactly (the same reads and the same end condition): a read that brings everything is handed back as
 * it is; otherwise the chunks are copied into one buffer as they arrive, so no step copies the whole message.
 */
export async function readExactly(this: SocketInternals, count: number): Promise<Buffer> {
  const first = await this.read(count)
  let left = count - first.length
  // GramJS's own end condition, kept as it is (-437 included).
  if (!left || left === -437) return first
  if (count < 0) return readJoined(this, first, left)
  // Not from Buffer's shared pool: the answer worker may be handed this memory.
  const whole = Buffer.allocUnsafeSlow(count)
  first.copy(whole, 0)
  while (left > 0) {
    const chunk = await this.read(left)
    chunk.copy(whole, count - left)
    left -= chunk.length
  }
  return whole
}

/** GramJS's loop for a count it cannot size a buffer by (a negative one): the chunks joined at the end. */
async function readJoined(socket: SocketInternals, first: Buffer, left: number): Promise<Buffer> {
  const chunks = [first]
  for (;;) {
    const chunk = await socket.read(left)
    chunks.push(chunk)
    left -= chunk.length
    if (!left || left === -437) return Buffer.concat(chunks)
  }
}

/**
 * GramJS's FullPacketCodec.readPacket (TCP full transport: length, sequence number, body, CRC-32), the checksum
 * worked out over the header and the body in turn instead of over a joined copy of them.
 */
export async function readFullPacket(reader: SocketInternals): Promise<Buffer> {
  const packetLenSeq = await reader.readExactly(8)
  const packetLen = packetLenSeq.readInt32LE(0)
  if (packetLen < 0) {
    // As GramJS: a length and sequence of -429 come with a 4-byte body of -429 (LonamiWebs/Telethon#4042).
    throw new InvalidBufferError(await reader.readExactly(4))
  }
  const packet = await reader.readExactly(packetLen - 8)
  const checksum = packet.readUInt32LE(packet.length - 4)
  const body = packet.subarray(0, -4)
  const validChecksum = crc32(body, crc32(packetLenSeq))
  if (validChecksum !== checksum) throw new InvalidChecksumError(checksum, validChecksum)
  return body
}

/**
 * Inflates a gzip or zlib stream on libuv's thread pool into a SharedArrayBuffer, each piece zlib hands back copied
 * in by its own callback: unzip() joined the pieces in one Buffer.concat (15 MB for 100,000 contacts), and the answer
 * worker needed a copy of that to own; shared memory it reads as it is. The gzip trailer says how big the result is.
 */
export function inflateShared(input: Buffer): Promise<Buffer> {
  const gzip = input.length >= 18 && input[0] === 0x1f && input[1] === 0x8b
  const claimed = gzip ? input.readUInt32LE(input.length - 4) : 0
  let out = Buffer.from(new SharedArrayBuffer(claimed > 0 && claimed <= input.length * MAX_INFLATE_RATIO ? claimed : input.length * 4))
  let size = 0
  return new Promise((resolve, reject) => {
    const inflate = createUnzip({ chunkSize: INFLATE_PIECE })
    inflate.on('data', (piece: Buffer) => {
      if (size + piece.length > out.length) {
        const grown = Buffer.from(new SharedArrayBuffer(Math.max(out.length * 2, size + piece.length)))
        out.copy(grown, 0, 0, size)
        out = grown
      }
      piece.copy(out, size)
      size += piece.length
    })
    inflate.on('end', () => resolve(out.subarray(0, size)))
    inflate.on('error', reject)
    inflate.end(input)
  })
}

/**
 * IGE-decrypts `cipher` (a multiple of 16 bytes) piece by piece, each piece's plain text given to `onSlice`; the
 * event loop runs whenever a time slice is used up.
 */
export async function decryptIgeInSlices(cipher: Buffer, key: Buffer, iv: Buffer, onSlice: (plain: Buffer) => void): Promise<Buffer> {
  const plain = Buffer.allocUnsafe(cipher.length)
  const slices = new TimeSlices()
  let chain = iv
  for (let offset = 0; offset < cipher.length; offset += PIECE_BYTES) {
    const end = Math.min(cipher.length, offset + PIECE_BYTES)
    const part = new IGE(key, chain).decryptIge(cipher.subarray(offset, end))
    // The next block is chained to this piece's last cipher block and last plain block, in that order.
    chain = Buffer.concat([cipher.subarray(end - 16, end), part.subarray(part.length - 16)])
    part.copy(plain, offset)
    onSlice(part)
    if (end < cipher.length && (slices.due || end % SLICE_BYTES === 0)) await slices.yieldNow()
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
