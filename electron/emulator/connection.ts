/**
 * One TCP connection: framing, the plain-message handshake, then the encrypted MTProto session
 * (salts, new_session_created, msg_id checks, containers, gzip, acks, pings) in both directions.
 */
import { randomBytes } from 'node:crypto'
import type { Socket } from 'node:net'
import { Api } from 'telegram'
import { BinaryReader } from 'telegram/extensions/BinaryReader.js'
import { GZIPPacked, MessageContainer } from 'telegram/tl/core/index.js'
import type { AuthKeyRecord, AuthKeyStore } from './auth-keys.js'
import { igeDecrypt, igeEncrypt, messageKey, messageKeys, type ServerRsaKey } from './crypto.js'
import { Handshake, type HandshakeOptions } from './handshake.js'
import {
  FullTransportDecoder,
  GZIP_THRESHOLD,
  FullTransportEncoder,
  MessageIdGenerator,
  encodeContainer,
  encodePlainMessage,
  encodeRpcResult,
  encodeTransportError,
  i64,
  long,
  type Long,
  type OutgoingMessage,
  type TlSerializable,
} from './wire.js'

/** What a connection needs from the emulator around it. */
export interface ConnectionHost {
  readonly rsa: ServerRsaKey
  readonly keys: AuthKeyStore
  readonly handshakeOptions: HandshakeOptions
  /** Runs one RPC request; resolves to the answer bytes, or 'drop' to close the connection unanswered. */
  call(connection: ServerConnection, key: AuthKeyRecord, msgId: bigint, request: object): Promise<Buffer | 'drop'>
  closed(connection: ServerConnection): void
  /** Counts protocol events, so tests can prove a path ran. */
  count(event: ProtocolEvent): void
  warn(message: string): void
}

export type ProtocolEvent =
  | 'bad_server_salt'
  | 'new_session_created'
  | 'bad_msg_notification'
  | 'container_in'
  | 'container_out'
  | 'gzip_out'
  | 'pong'
  | 'unknown_key'

interface Queued {
  body: Buffer
  contentRelated: boolean
  response: boolean
}

/** Client msg_ids more than 300 s old or 30 s ahead are rejected (bad_msg_notification 16/17). */
const MSG_ID_PAST_SECONDS = 300n
const MSG_ID_FUTURE_SECONDS = 30n

let nextConnectionId = 1

export class ServerConnection {
  readonly id = nextConnectionId++
  key: AuthKeyRecord | undefined
  sessionId: bigint | undefined
  private readonly decoder = new FullTransportDecoder()
  private readonly encoder = new FullTransportEncoder()
  private readonly msgIds = new MessageIdGenerator()
  private readonly handshake: Handshake
  private contentSeq = 0
  private queue: Queued[] = []
  private flushScheduled = false
  private chain: Promise<void> = Promise.resolve()
  private closed = false
  /** While the server is paused: bytes it would have written, sent on resume (a stopped process writes nothing). */
  private held: Buffer[] | null = null

  constructor(
    private readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    this.handshake = new Handshake(host.rsa, host.keys, host.handshakeOptions)
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('error', () => this.close())
    socket.on('close', () => this.close())
  }

  get isOpen(): boolean {
    return !this.closed
  }

  /** Closes the TCP connection without a word, as a network drop would. */
  drop(): void {
    this.close()
  }

  /**
   * Stops reading and writing, as a stopped process would: the client's bytes wait in the kernel's buffers and
   * whatever this side would send waits here, until resume().
   */
  pause(): void {
    if (this.closed || this.held !== null) return
    this.held = []
    this.socket.pause()
  }

  resume(): void {
    const held = this.held
    if (held === null) return
    this.held = null
    if (this.closed) return
    for (const data of held) this.socket.write(data)
    this.socket.resume()
  }

  /** Sends a server-initiated content message (updates) on this connection's session. */
  push(object: TlSerializable): void {
    if (this.key === undefined || this.sessionId === undefined) return
    this.enqueue({ body: object.getBytes(), contentRelated: true, response: false })
  }

  private write(data: Buffer): void {
    if (this.held !== null) this.held.push(data)
    else this.socket.write(data)
  }

  private close(): void {
    if (this.closed) return
    this.closed = true
    this.socket.destroy()
    this.host.closed(this)
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[]
    try {
      frames = this.decoder.push(chunk)
    } catch (error) {
      this.host.warn(`transport: ${(error as Error).message}`)
      this.close()
      return
    }
    for (const frame of frames) {
      this.chain = this.chain
        .then(() => this.onFrame(frame))
        .catch((error: unknown) => {
          this.host.warn(`protocol: ${(error as Error).message}`)
          this.close()
        })
    }
  }

  private async onFrame(frame: Buffer): Promise<void> {
    if (this.closed) return
    const authKeyId = frame.readBigInt64LE(0)
    if (authKeyId === 0n) return this.onPlain(frame)
    const key = this.host.keys.get(authKeyId)
    if (key === undefined) {
      this.host.count('unknown_key')
      this.write(this.encoder.encode(encodeTransportError(-404)))
      return
    }
    await this.onEncrypted(key, frame)
  }

  private async onPlain(frame: Buffer): Promise<void> {
    const length = frame.readInt32LE(16)
    const request = new BinaryReader(frame.subarray(20, 20 + length)).tgReadObject()
    const { reply } = await this.handshake.handle(request)
    this.write(this.encoder.encode(encodePlainMessage(this.msgIds.next(true), reply.getBytes())))
  }

  private async onEncrypted(key: AuthKeyRecord, frame: Buffer): Promise<void> {
    const msgKey = frame.subarray(8, 24)
    const { key: aesKey, iv } = await messageKeys(key.key, msgKey, true)
    const plain = igeDecrypt(aesKey, iv, frame.subarray(24))
    if (!messageKey(key.key, plain, true).equals(msgKey)) throw new Error('msg_key mismatch')

    const salt = plain.readBigInt64LE(0)
    const sessionId = plain.readBigInt64LE(8)
    const msgId = plain.readBigInt64LE(16)
    const seqNo = plain.readInt32LE(24)
    const length = plain.readInt32LE(28)
    const body = plain.subarray(32, 32 + length)
    this.key = key
    this.sessionId = sessionId

    const badMsg = this.checkMsgId(msgId)
    if (badMsg !== undefined) {
      this.host.count('bad_msg_notification')
      this.enqueue({
        body: new Api.BadMsgNotification({ badMsgId: long(msgId), badMsgSeqno: seqNo, errorCode: badMsg }).getBytes(),
        contentRelated: false,
        response: true,
      })
      return
    }
    if (!key.sessions.has(sessionId)) {
      key.sessions.add(sessionId)
      this.host.count('new_session_created')
      this.enqueue({
        body: new Api.NewSessionCreated({
          firstMsgId: long(msgId),
          uniqueId: long(randomBytes(8).readBigInt64LE(0)),
          serverSalt: long(key.salt),
        }).getBytes(),
        contentRelated: true,
        response: false,
      })
    }
    if (salt !== key.salt) {
      this.host.count('bad_server_salt')
      this.enqueue({
        body: new Api.BadServerSalt({
          badMsgId: long(msgId),
          badMsgSeqno: seqNo,
          errorCode: 48,
          newServerSalt: long(key.salt),
        }).getBytes(),
        contentRelated: false,
        response: true,
      })
      return
    }
    const acks: bigint[] = []
    await this.onMessage(key, msgId, seqNo, await new BinaryReader(body).tgReadObject(), acks)
    if (acks.length > 0) {
      this.enqueue({ body: new Api.MsgsAck({ msgIds: acks.map(long) }).getBytes(), contentRelated: false, response: false })
    }
  }

  private checkMsgId(msgId: bigint): number | undefined {
    if (msgId % 4n !== 0n) return 18
    const seconds = msgId >> 32n
    const now = BigInt(Math.floor(Date.now() / 1000))
    if (seconds < now - MSG_ID_PAST_SECONDS) return 16
    if (seconds > now + MSG_ID_FUTURE_SECONDS) return 17
    return undefined
  }

  private async onMessage(key: AuthKeyRecord, msgId: bigint, seqNo: number, object: unknown, acks: bigint[]): Promise<void> {
    if (object instanceof MessageContainer) {
      this.host.count('container_in')
      // GramJS's typings declare these fields private; they are the container's plain payload.
      const messages = (object as unknown as { messages: Array<{ msgId: Long; seqNo: number; obj: unknown }> }).messages
      for (const message of messages) {
        await this.onMessage(key, BigInt(message.msgId.toString()), message.seqNo, await message.obj, acks)
      }
      return
    }
    if (object instanceof GZIPPacked) {
      await this.onMessage(key, msgId, seqNo, await new BinaryReader(object.data).tgReadObject(), acks)
      return
    }
    if (seqNo % 2 === 1) acks.push(msgId)
    if (object instanceof Api.MsgsAck) return
    if (object instanceof Api.Ping || object instanceof Api.PingDelayDisconnect) {
      // A bare pong whose msg_id names the ping: GramJS's _handlePong matches on it.
      this.host.count('pong')
      this.enqueue({ body: new Api.Pong({ msgId: long(msgId), pingId: object.pingId }).getBytes(), contentRelated: false, response: true })
      return
    }
    if (object instanceof Api.DestroySession) {
      const known = key.sessions.delete(BigInt(object.sessionId.toString()))
      const answer = known ? new Api.DestroySessionOk({ sessionId: object.sessionId }) : new Api.DestroySessionNone({ sessionId: object.sessionId })
      this.enqueue({ body: encodeRpcResult(msgId, answer.getBytes()), contentRelated: true, response: true })
      return
    }
    if (object instanceof Api.GetFutureSalts) {
      const now = Math.floor(Date.now() / 1000)
      const salt = new Api.FutureSalt({ validSince: now - 60, validUntil: now + 3600, salt: long(key.salt) })
      const answer = new Api.FutureSalts({ reqMsgId: long(msgId), now, salts: [salt] })
      this.enqueue({ body: encodeRpcResult(msgId, answer.getBytes()), contentRelated: true, response: true })
      return
    }
    if (object instanceof Api.MsgsStateReq) {
      const info = Buffer.alloc(object.msgIds.length, 4)
      const answer = new Api.MsgsStateInfo({ reqMsgId: long(msgId), info: info.toString('latin1') })
      this.enqueue({ body: answer.getBytes(), contentRelated: false, response: true })
      return
    }
    if (typeof object === 'object' && object !== null) void this.runCall(key, msgId, object)
  }

  private async runCall(key: AuthKeyRecord, msgId: bigint, request: object): Promise<void> {
    const answer = await this.host.call(this, key, msgId, request)
    if (answer === 'drop') {
      this.close()
      return
    }
    if (answer.length > GZIP_THRESHOLD) this.host.count('gzip_out')
    this.enqueue({ body: encodeRpcResult(msgId, answer), contentRelated: true, response: true })
  }

  private enqueue(message: Queued): void {
    if (this.closed) return
    this.queue.push(message)
    if (this.flushScheduled) return
    this.flushScheduled = true
    // Everything produced in one turn goes out together, in a container when there is more than one.
    setImmediate(() => {
      this.flushScheduled = false
      const batch = this.queue
      this.queue = []
      this.chain = this.chain.then(() => this.send(batch)).catch((error: unknown) => {
        this.host.warn(`send: ${(error as Error).message}`)
        this.close()
      })
    })
  }

  private nextSeqNo(contentRelated: boolean): number {
    if (!contentRelated) return this.contentSeq * 2
    return this.contentSeq++ * 2 + 1
  }

  private async send(batch: Queued[]): Promise<void> {
    const key = this.key
    const sessionId = this.sessionId
    if (this.closed || key === undefined || sessionId === undefined || batch.length === 0) return
    const messages: OutgoingMessage[] = batch.map((item) => ({
      msgId: this.msgIds.next(item.response),
      seqNo: this.nextSeqNo(item.contentRelated),
      body: item.body,
    }))
    if (messages.length > 1) this.host.count('container_out')
    const outer: OutgoingMessage =
      messages.length === 1 ? messages[0]! : { msgId: this.msgIds.next(false), seqNo: this.nextSeqNo(false), body: encodeContainer(messages) }
    const header = Buffer.concat([i64(key.salt), i64(sessionId), i64(outer.msgId), Buffer.alloc(8)])
    header.writeInt32LE(outer.seqNo, 24)
    header.writeInt32LE(outer.body.length, 28)
    const unpadded = 32 + outer.body.length
    const padding = randomBytes(12 + ((16 - ((unpadded + 12) % 16)) % 16))
    const plain = Buffer.concat([header, outer.body, padding])
    const msgKey = messageKey(key.key, plain, false)
    const { key: aesKey, iv } = await messageKeys(key.key, msgKey, false)
    const packet = Buffer.concat([i64(key.id), msgKey, igeEncrypt(aesKey, iv, plain)])
    if (!this.closed) this.write(this.encoder.encode(packet))
  }
}
