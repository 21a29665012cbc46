/**
 * Wire encodings GramJS has no server-side class for: TCP-full frames, plain (unencrypted) messages,
 * rpc_result, msg_container, gzip_packed, boxed vectors and bools, and server msg_id generation.
 */
import { gzipSync } from 'node:zlib'
import { crc32, returnBigInt } from 'telegram/Helpers.js'
import { serializeBytes } from 'telegram/tl/generationHelpers.js'

export type Long = ReturnType<typeof returnBigInt>

export const long = (value: bigint | number | string): Long => returnBigInt(typeof value === 'bigint' ? value.toString() : value)
export const toBigint = (value: Long | bigint | number): bigint => (typeof value === 'object' ? BigInt(value.toString()) : BigInt(value))

/** Constructor ids of the boxed vector and bools, also written by the hand-made encoders in fast-tl.ts. */
export const VECTOR = 0x1cb5c415
export const BOOL_TRUE = 0x997275b5
export const BOOL_FALSE = 0xbc799737
const RPC_RESULT = 0xf35c6d01
const MSG_CONTAINER = 0x73f1f8dc
const GZIP_PACKED = 0x3072cfa1

/** Telegram gzips large results; 512 bytes is this emulator's threshold (GramJS's own, for requests). */
export const GZIP_THRESHOLD = 512

/** Anything that serialises itself: every GramJS Api object. */
export interface TlSerializable {
  getBytes(): Buffer
}

const u32 = (value: number): Buffer => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(value >>> 0, 0)
  return b
}

const i32 = (value: number): Buffer => {
  const b = Buffer.alloc(4)
  b.writeInt32LE(value, 0)
  return b
}

const i64 = (value: bigint): Buffer => {
  const b = Buffer.alloc(8)
  b.writeBigInt64LE(BigInt.asIntN(64, value), 0)
  return b
}

export const encodeBool = (value: boolean): Buffer => u32(value ? BOOL_TRUE : BOOL_FALSE)

export function encodeVector(items: readonly TlSerializable[]): Buffer {
  return Buffer.concat([u32(VECTOR), i32(items.length), ...items.map((item) => item.getBytes())])
}

/** Vector<int> as GramJS reads it for e.g. contacts.getContactIDs. */
export function encodeIntVector(items: readonly number[]): Buffer {
  const body = Buffer.alloc(8 + items.length * 4)
  body.writeUInt32LE(VECTOR, 0)
  body.writeInt32LE(items.length, 4)
  items.forEach((item, index) => body.writeInt32LE(item | 0, 8 + index * 4))
  return body
}

export function encodeRpcResult(reqMsgId: bigint, result: Buffer): Buffer {
  const body = result.length > GZIP_THRESHOLD ? encodeGzipPacked(result) : result
  return Buffer.concat([u32(RPC_RESULT), i64(reqMsgId), body])
}

export function encodeGzipPacked(data: Buffer): Buffer {
  return Buffer.concat([u32(GZIP_PACKED), serializeBytes(gzipSync(data, { level: 1 }))])
}

export interface OutgoingMessage {
  msgId: bigint
  seqNo: number
  body: Buffer
}

export function encodeContainer(messages: readonly OutgoingMessage[]): Buffer {
  const parts: Buffer[] = [u32(MSG_CONTAINER), i32(messages.length)]
  for (const message of messages) parts.push(i64(message.msgId), i32(message.seqNo), i32(message.body.length), message.body)
  return Buffer.concat(parts)
}

/** auth_key_id = 0, msg_id, length, body. */
export function encodePlainMessage(msgId: bigint, body: Buffer): Buffer {
  return Buffer.concat([Buffer.alloc(8), i64(msgId), i32(body.length), body])
}

/** Transport error (e.g. -404 for an unknown auth key): a bare int32 body. */
export const encodeTransportError = (code: number): Buffer => i32(code)

export { i64 }

/**
 * Server msg_ids: unix time in the upper 32 bits (GramJS re-syncs its clock from them), strictly
 * increasing, ≡ 1 mod 4 for responses and ≡ 3 mod 4 for everything else.
 */
export class MessageIdGenerator {
  private last = 0n

  next(response: boolean): bigint {
    const now = Date.now()
    const base = (BigInt(Math.floor(now / 1000)) << 32n) | (BigInt(now % 1000) * 4_294_967n & ~3n)
    let id = (base & ~3n) | (response ? 1n : 3n)
    while (id <= this.last) id += 4n
    this.last = id
    return id
  }
}

/**
 * TCP "full" transport: each frame is len:int32 (whole frame), seq:int32, payload, crc32 of all
 * before it. Feed bytes in, get complete payloads out.
 */
export class FullTransportDecoder {
  private buffer: Buffer = Buffer.alloc(0)

  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
    const frames: Buffer[] = []
    while (this.buffer.length >= 4) {
      const length = this.buffer.readInt32LE(0)
      if (length < 12 || length > 16 * 1024 * 1024) throw new Error(`bad transport frame length ${length}`)
      if (this.buffer.length < length) break
      const frame = this.buffer.subarray(0, length)
      const expected = frame.readUInt32LE(length - 4)
      if (crc32(frame.subarray(0, length - 4)) !== expected) throw new Error('bad transport frame crc32')
      frames.push(Buffer.from(frame.subarray(8, length - 4)))
      this.buffer = this.buffer.subarray(length)
    }
    return frames
  }
}

export class FullTransportEncoder {
  private seq = 0

  encode(payload: Buffer): Buffer {
    const head = Buffer.alloc(8)
    head.writeInt32LE(payload.length + 12, 0)
    head.writeInt32LE(this.seq++, 4)
    const body = Buffer.concat([head, payload])
    return Buffer.concat([body, u32(crc32(body))])
  }
}
