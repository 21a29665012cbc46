import { randomBytes } from 'node:crypto'
import { crc32, deflateSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { Api } from 'telegram'
import { AuthKey } from 'telegram/crypto/AuthKey.js'
import { IGE } from 'telegram/crypto/IGE.js'
import { Logger, LogLevel } from 'telegram/extensions/Logger.js'
import { returnBigInt } from 'telegram/Helpers.js'
import { MTProtoState } from 'telegram/network/MTProtoState.js'
import { GZIPPacked, type TLMessage } from 'telegram/tl/core/index.js'
import { InvalidChecksumError } from 'telegram/errors/Common.js'
import { applyBigAnswerSlicing, decryptIgeInSlices, gramJsHelpers, inflateShared, readExactly, readFullPacket, SHARED_INFLATE_FROM, SLICED_FROM } from '../../../electron/core/telegram/big-answers'
import { applyFastLongReader } from '../../../electron/core/telegram/fast-long-reader'
import { igeEncrypt, messageKey, messageKeys } from '../../../electron/emulator/crypto'
import { turnsDuring } from '../support/loop-turns'

type Decrypt = (this: MTProtoState, body: Buffer) => Promise<TLMessage>
const gramJsDecrypt = (MTProtoState.prototype as unknown as { decryptMessageData: Decrypt }).decryptMessageData
const gramJsUngzip = GZIPPacked.ungzip.bind(GZIPPacked)
const gramJsCrc32 = gramJsHelpers().crc32
applyFastLongReader()
applyBigAnswerSlicing()

/** A server's encrypted message (MTProto 2.0, x = 8) holding `body`, as the emulator sends one. */
async function serverMessage(authKey: AuthKey, body: Buffer, msgId: bigint): Promise<Buffer> {
  const key = authKey.getKey()
  if (!key || !authKey.keyId) throw new Error('no key')
  const header = Buffer.alloc(32)
  header.writeBigInt64LE(7n, 0)
  header.writeBigInt64LE(9n, 8)
  header.writeBigInt64LE(msgId, 16)
  header.writeInt32LE(1, 24)
  header.writeInt32LE(body.length, 28)
  const unpadded = 32 + body.length
  const plain = Buffer.concat([header, body, randomBytes(12 + ((16 - ((unpadded + 12) % 16)) % 16))])
  const msgKey = messageKey(key, plain, false)
  const { key: aesKey, iv } = await messageKeys(key, msgKey, false)
  const keyId = Buffer.alloc(8)
  keyId.writeBigUInt64LE(BigInt(authKey.keyId.toString()))
  return Buffer.concat([keyId, msgKey, igeEncrypt(aesKey, iv, plain)])
}

/** A users vector of `count` users, some megabyte-sized answers' worth. */
function usersBody(count: number): Buffer {
  const users = Array.from({ length: 20 }, (_, i) =>
    new Api.User({ id: returnBigInt(1000 + i), accessHash: returnBigInt(-77 - i), firstName: `Name ${i}`, phone: `4477009000${i}`, contact: true }).getBytes(),
  )
  const head = Buffer.alloc(8)
  head.writeUInt32LE(0x1cb5c415, 0)
  head.writeInt32LE(count, 4)
  return Buffer.concat([head, ...Array.from({ length: count }, (_, i) => users[i % users.length]!)])
}

describe('big answers taken in with the event loop running', () => {
  it('IGE-decrypts in slices exactly what one pass decrypts', async () => {
    const key = randomBytes(32)
    const iv = randomBytes(32)
    for (const blocks of [1, 2, 8191, 8192, 8193, 20_000 + 3]) {
      const plain = randomBytes(blocks * 16)
      const cipher = new IGE(key, iv).encryptIge(plain)
      const slices: Buffer[] = []
      const decrypted = await decryptIgeInSlices(cipher, key, iv, (slice) => slices.push(Buffer.from(slice)))
      expect(decrypted.equals(plain)).toBe(true)
      expect(Buffer.concat(slices).equals(plain)).toBe(true)
    }
  })

  it('decrypts a big server message as GramJS does, letting the event loop run, and still rejects a forged one', async () => {
    const authKey = new AuthKey()
    await authKey.setKey(randomBytes(256))
    const body = usersBody(12_000)
    const message = await serverMessage(authKey, body, 0x6000_0000_0000_0001n)
    expect(message.length).toBeGreaterThan(2 * SLICED_FROM)

    const theirs = await gramJsDecrypt.call(new MTProtoState(authKey, new Logger(LogLevel.NONE)), message)
    const state = new MTProtoState(authKey, new Logger(LogLevel.NONE))
    const { value: ours, turns } = await turnsDuring(state.decryptMessageData(message))
    expect(ours.msgId.toString()).toBe(theirs.msgId.toString())
    expect(ours.obj.length).toBe(12_000)
    expect(ours.obj).toEqual(theirs.obj)
    expect(turns).toBeGreaterThan(2)

    await expect(state.decryptMessageData(message)).rejects.toThrow(/Duplicate msgIds/)
    const forged = Buffer.from(await serverMessage(authKey, body, 0x6000_0000_0000_0005n))
    forged[forged.length - 40]! ^= 1
    await expect(state.decryptMessageData(forged)).rejects.toThrow(/msg_key/)
    const otherKey = new AuthKey()
    await otherKey.setKey(randomBytes(256))
    await expect(new MTProtoState(otherKey, new Logger(LogLevel.NONE)).decryptMessageData(message)).rejects.toThrow(/invalid auth key/)
  }, 30_000)

  it('inflates gzip_packed answers as pako does, big ones off the event loop', async () => {
    for (const size of [10, 60_000, 500_000]) {
      const data = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7919) % 251))
      for (const packed of [gzipSync(data), deflateSync(data)]) {
        const inflated = await GZIPPacked.ungzip(packed)
        expect(Buffer.from(inflated).equals(data)).toBe(true)
        expect(Buffer.from(await gramJsUngzip(packed)).equals(data)).toBe(true)
      }
    }
    const big = gzipSync(randomBytes(400_000))
    const { turns } = await turnsDuring(Promise.resolve(GZIPPacked.ungzip(big)))
    expect(turns).toBeGreaterThan(0)
  })

  it('inflates a big packed answer into shared memory, exactly what zlib inflates', async () => {
    // Compressed far more than 4:1, so that a zlib stream (no size in its trailer) outgrows the first guess.
    const data = Buffer.from(Array.from({ length: 3 * SHARED_INFLATE_FROM }, (_, i) => (i * 7919) % 251))
    const gzip = gzipSync(data)
    for (const packed of [gzip, deflateSync(data)]) {
      const inflated = await inflateShared(packed)
      expect(inflated.buffer).toBeInstanceOf(SharedArrayBuffer)
      expect(inflated.equals(data)).toBe(true)
    }
    // A size in the gzip trailer that is not the inflated one is a broken stream, as zlib says.
    const lying = Buffer.from(gzip)
    lying.writeUInt32LE(10, lying.length - 4)
    await expect(inflateShared(lying)).rejects.toThrow(/length/)
    const big = gzipSync(randomBytes(2 * SHARED_INFLATE_FROM))
    expect(big.length).toBeGreaterThan(SHARED_INFLATE_FROM)
    const { value, turns } = await turnsDuring(Promise.resolve(GZIPPacked.ungzip(big)))
    expect(value.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(turns).toBeGreaterThan(0)
    await expect(inflateShared(gzip.subarray(0, gzip.length - 100))).rejects.toThrow()
  })

  it('reads a message off the socket chunk by chunk and gives back exactly its bytes', async () => {
    const stream = randomBytes(300_000)
    let at = 0
    const reads: number[] = []
    const socket = {
      // As PromisedNetSockets.read: at most `count` bytes, here what one 64 KB chunk brought.
      read: (count: number) => {
        reads.push(count)
        const chunk = stream.subarray(at, at + Math.min(count, 65_536))
        at += chunk.length
        return Promise.resolve(chunk)
      },
      readExactly,
    }
    expect((await socket.readExactly(4)).equals(stream.subarray(0, 4))).toBe(true)
    const read = await socket.readExactly(250_000)
    expect(read.equals(stream.subarray(4, 250_004))).toBe(true)
    expect(reads).toEqual([4, 250_000, 250_000 - 65_536, 250_000 - 2 * 65_536, 250_000 - 3 * 65_536])
    // Its own memory, not a view into the socket's buffer or Buffer's pool.
    expect(read.byteOffset).toBe(0)
    expect(read.buffer.byteLength).toBe(250_000)
  })

  it('reads a TCP full packet and checks its checksum over the header and the body, as GramJS does', async () => {
    const body = randomBytes(300_000)
    const header = Buffer.alloc(8)
    header.writeInt32LE(body.length + 12, 0)
    header.writeInt32LE(5, 4)
    const packet = (checksum: number) => {
      const crc = Buffer.alloc(4)
      crc.writeUInt32LE(checksum, 0)
      const stream = Buffer.concat([header, body, crc])
      let at = 0
      return {
        read: (count: number) => {
          const chunk = stream.subarray(at, at + Math.min(count, 65_536))
          at += chunk.length
          return Promise.resolve(chunk)
        },
        readExactly,
      }
    }
    const valid = gramJsCrc32(Buffer.concat([header, body]))
    expect((await readFullPacket(packet(valid))).equals(body)).toBe(true)
    await expect(readFullPacket(packet((valid ^ 1) >>> 0))).rejects.toBeInstanceOf(InvalidChecksumError)
    expect(crc32(body, crc32(header))).toBe(valid)
  })

  it('checks the transport checksum natively, with the value GramJS works out', () => {
    expect(gramJsHelpers().crc32).not.toBe(gramJsCrc32)
    for (const size of [0, 1, 7, 4096, 300_001]) {
      const data = randomBytes(size)
      expect(gramJsHelpers().crc32(data)).toBe(gramJsCrc32(data))
    }
  })
})
