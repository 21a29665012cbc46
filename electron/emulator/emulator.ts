/**
 * The Telegram emulator: a loopback MTProto server with a seeded world behind it.
 * `startEmulator()` is the programmatic API (see test/emulator/README.md). Tests start it through test/emulator (with
 * their committed RSA key); the app's demo loads it as a chunk of its own (electron/core/demo).
 */
import { createServer, type Server, type Socket } from 'node:net'
import { Api } from 'telegram'
import { AuthKey } from 'telegram/crypto/AuthKey.js'
import { MAX_SESSION_PORT, endpointSession, type Endpoint } from '../core/telegram/endpoint.js'
import { AuthKeyStore, type AuthKeyRecord } from './auth-keys.js'
import { ServerConnection, type ConnectionHost, type ProtocolEvent } from './connection.js'
import { generateServerKey, type ServerRsaKey } from './crypto.js'
import { LoginState, registerAuth } from './handlers/auth.js'
import { registerMessages } from './handlers/messages.js'
import { registerContacts } from './handlers/contacts.js'
import { registerFiles, type ExportedAuthorization } from './handlers/files.js'
import { Registry, type HandlerEnv } from './handlers/registry.js'
import { registerSession } from './handlers/session.js'
import { registerTakeout } from './handlers/takeout.js'
import { RpcError, type CallContext } from './rpc.js'
import { Scripts, plainParams, type Behaviour, type CallRecord, type ScriptHandle } from './script.js'
import { apiStatus, apiUser, peerSettingsUpdates } from './views.js'
import { long, toBigint, type TlSerializable } from './wire.js'
import { Random } from './random.js'
import { World, type UserStatus, type WorldOptions } from './world.js'

export interface EmulatorOptions extends Partial<WorldOptions> {
  /** Listen port; default: a free port in 10000–32767 (GramJS sessions cannot hold larger ports). */
  port?: number
  host?: string
  dcId?: number
  /**
   * Run a second DC (this id, on its own port, which help.getConfig names) that stores about a third of the photos:
   * clients fetch those with an authorization exported from the first DC. Off by default.
   */
  secondDcId?: number
  /** Strip leading zero bytes from the auth key as GramJS does (default true; see handshake.ts). */
  gramjsKeyQuirk?: boolean
  /** Bits of the smaller prime in the handshake's pq, 16–31 (default 17, for speed and reliability; see handshake.ts). */
  pqPrimeBits?: number
  /** Login codes expire after this many seconds (default 300). */
  codeTtlSeconds?: number
  /** Called with protocol warnings and handler crashes (default: crashes, which are emulator bugs, go to stderr). */
  onWarning?: (message: string) => void
  /** The server's RSA key (the tests pass their committed one); default: one generated once per process. */
  serverKey?: ServerRsaKey
}

export interface EmulatorAccount {
  id: number
  /** International format with '+'. */
  phone: string
  code: string
  /** The 2FA password, or null when the account has none. */
  password: string | null
  /** A pre-minted StringSession, already signed in: connecting needs no handshake. */
  session: string
}

export interface Emulator {
  /** The account's DC: hand this to the app's connection seam. */
  endpoint: Endpoint
  /** Every DC running, the account's first: `{dcId, port}` (the second one when `secondDcId` is set). */
  readonly dcs: ReadonlyArray<{ dcId: number; port: number }>
  account: EmulatorAccount
  world: World
  /** Every call so far, in arrival order (live array). */
  readonly calls: readonly CallRecord[]
  /** Calls of one method ('contacts.GetContacts' or 'contacts.getContacts'). */
  callsOf(method: string): CallRecord[]
  clearCalls(): void
  /** A StringSession whose auth key the emulator already knows; signed in to `userId` (default the account), or not signed in with null. */
  mintSession(userId?: number | null): Promise<string>
  /** Scripts the next call(s) of a method: fail, delay, drop the connection, or answer something else. */
  script(method: string, behaviour: Behaviour): ScriptHandle
  clearScripts(): void
  /** Sends updates (Updates, or one Update wrapped in updateShort) to every connection signed in to `userId` (default the account). */
  push(update: Api.TypeUpdates | Api.TypeUpdate, userId?: number): void
  /** The user sets a new profile photo (or removes it with null): everyone who has them as a contact gets updateUser. */
  setUserPhoto(userId: number, photo: 'new' | null): void
  /** Changes a user's status and pushes updateUserStatus to everyone who has them as a contact. */
  setUserStatus(userId: number, status: UserStatus): void
  /** Every `intervalMs` one of the account's contacts goes online or offline (with updates); returns stop(). */
  simulateActivity(intervalMs: number): () => void
  /** A world user adds (or removes) the account as a contact elsewhere; the account gets updatePeerSettings. */
  setContactOfAccount(userId: number, added: boolean, options?: { withPhone?: boolean }): void
  /** Makes every login code sent so far expired. */
  expireLoginCodes(): void
  /** Closes every open client connection from the server side (a network drop). */
  dropConnections(): void
  /**
   * The server goes away (a crash, a DC restart): every DC stops listening and every connection is closed, so new ones
   * are refused. The world and the auth keys stay, as on a restarted Telegram DC.
   */
  kill(): Promise<void>
  /** Listens again on the same host and ports after kill(). */
  restart(): Promise<void>
  /**
   * Stops reading and answering, as a process under SIGSTOP would: connections stay open and new ones are accepted
   * (the kernel would queue them), but nothing is read or sent until resume().
   */
  pause(): void
  resume(): void
  /** Counters over every DC: auth-key handshakes, open connections, calls, and protocol events (bad_server_salt, container_out, gzip_out, ...). */
  readonly stats: { handshakes: number; connections: number; calls: number; events: Readonly<Record<ProtocolEvent, number>> }
  close(): Promise<void>
}

const WRAPPERS = new Set([
  'InvokeWithLayer',
  'InitConnection',
  'InvokeWithTakeout',
  'InvokeAfterMsg',
  'InvokeAfterMsgs',
  'InvokeWithoutUpdates',
  'InvokeWithMessagesRange',
  'InvokeWithBusinessConnection',
  'InvokeWithGooglePlayIntegrity',
  'InvokeWithApnsSecret',
])

interface Unwrapped {
  inner: object & { className?: string }
  wrappers: string[]
  layer: number | undefined
  takeoutId: bigint | undefined
}

function unwrap(request: object): Unwrapped {
  const wrappers: string[] = []
  let layer: number | undefined
  let takeoutId: bigint | undefined
  let inner = request as object & { className?: string; query?: unknown }
  while (inner.className !== undefined && WRAPPERS.has(inner.className) && typeof inner.query === 'object' && inner.query !== null) {
    wrappers.push(inner.className)
    if (inner instanceof Api.InvokeWithLayer) layer = inner.layer
    if (inner instanceof Api.InvokeWithTakeout) takeoutId = toBigint(inner.takeoutId)
    inner = inner.query as typeof inner
  }
  return { inner, wrappers, layer, takeoutId }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function listen(server: Server, host: string, port: number | undefined): Promise<number> {
  const tryPort = (candidate: number): Promise<boolean> =>
    new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        server.off('listening', onListening)
        if (error.code === 'EADDRINUSE' && port === undefined) resolve(false)
        else reject(error)
      }
      const onListening = (): void => {
        server.off('error', onError)
        resolve(true)
      }
      server.once('error', onError)
      server.once('listening', onListening)
      server.listen(candidate, host)
    })
  if (port !== undefined) {
    if (port < 1 || port > MAX_SESSION_PORT) {
      throw new Error(`port ${port} is out of range: GramJS StringSession stores the port as a signed 16-bit number (1–${MAX_SESSION_PORT})`)
    }
    await tryPort(port)
    return port
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const candidate = 10_000 + Math.floor(Math.random() * (MAX_SESSION_PORT - 10_000 + 1))
    if (await tryPort(candidate)) return candidate
  }
  throw new Error('no free port in 10000–32767')
}

let generatedKey: Promise<ServerRsaKey> | undefined

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const pqPrimeBits = options.pqPrimeBits ?? 17
  if (!Number.isInteger(pqPrimeBits) || pqPrimeBits < 16 || pqPrimeBits > 31) throw new Error('pqPrimeBits must be 16–31')
  const rsa = options.serverKey ?? (await (generatedKey ??= generateServerKey()))
  const host = options.host ?? '127.0.0.1'
  const dcId = options.dcId ?? 2
  const world = new World({
    seed: options.seed ?? 1,
    users: options.users ?? 200,
    contacts: options.contacts ?? 50,
    savedUnregistered: options.savedUnregistered,
    now: options.now,
    loginCode: options.loginCode,
    password: options.password,
    importLimits: options.importLimits,
    takeoutDelaySeconds: options.takeoutDelaySeconds,
    searchMinLength: options.searchMinLength,
    photoShare: options.photoShare,
    photoDcIds: options.photoDcIds ?? (options.secondDcId === undefined ? [dcId] : [dcId, options.secondDcId]),
  })
  const registry = new Registry()
  const login = new LoginState(world)
  registerSession(registry)
  registerAuth(registry, login)
  registerContacts(registry)
  registerTakeout(registry)
  registerMessages(registry)
  registerFiles(registry)

  const scripts = new Scripts()
  const calls: CallRecord[] = []
  const warn =
    options.onWarning ??
    ((message: string) => {
      if (message.startsWith('handler ')) process.stderr.write(`emulator: ${message}\n`)
    })
  const events: Record<ProtocolEvent, number> = {
    bad_server_salt: 0,
    new_session_created: 0,
    bad_msg_notification: 0,
    container_in: 0,
    container_out: 0,
    gzip_out: 0,
    pong: 0,
    unknown_key: 0,
  }
  const authorizationExports = new Map<bigint, ExportedAuthorization>()
  const handshakeOptions = { gramjsKeyQuirk: options.gramjsKeyQuirk ?? true, pqPrimeBits }

  /** One DC: its own port, auth keys and connections; the world, scripts and call log are the emulator's. */
  interface Dc {
    readonly dcId: number
    readonly port: number
    /** Null while killed. */
    server: Server | null
    readonly onSocket: (socket: Socket) => void
    readonly keys: AuthKeyStore
    readonly connections: Set<ServerConnection>
  }
  const dcList: Dc[] = []
  const dcs: Array<{ dcId: number; port: number }> = []
  let paused = false

  const main = await startDc(dcId, options.port)
  if (options.secondDcId !== undefined) {
    if (options.secondDcId === dcId) throw new Error('secondDcId must differ from dcId')
    await startDc(options.secondDcId, undefined)
  }
  const endpoint: Endpoint = { host, port: main.port, dcId, rsaPublicKey: rsa.publicPem }

  /** Updates go to the connections on the account's own DC, as Telegram sends them on the main session only. */
  function pushToUser(userId: number, updates: TlSerializable, exceptConnectionId?: number): void {
    for (const connection of main.connections) {
      if (connection.id !== exceptConnectionId && connection.isOpen && connection.key?.userId === userId) connection.push(updates)
    }
  }

  async function startDc(id: number, port: number | undefined): Promise<Dc> {
    const server = createServer()
    const onSocket = (socket: Socket): void => {
      const connection = new ServerConnection(socket, connectionHost)
      dc.connections.add(connection)
      if (paused) connection.pause()
    }
    const dc: Dc = { dcId: id, port: await listen(server, host, port), server, onSocket, keys: new AuthKeyStore(), connections: new Set() }
    dcList.push(dc)
    dcs.push({ dcId: id, port: dc.port })
    const env: HandlerEnv = {
      world,
      keys: dc.keys,
      endpoint: { host, port: dc.port, dcId: id },
      dcs,
      authorizationExports,
      codeTtlSeconds: options.codeTtlSeconds ?? 300,
      pushToUser,
    }

    const runCall = async (connection: ServerConnection, key: AuthKeyRecord, record: CallRecord, unwrapped: Unwrapped): Promise<Buffer | 'drop'> => {
      const behaviour = scripts.take(record.method, id)
      if (behaviour?.delayMs !== undefined) await sleep(behaviour.delayMs)
      if (behaviour?.drop === true) return 'drop'
      if (behaviour?.error !== undefined) throw new RpcError(behaviour.error, behaviour.code)
      const spec = registry.get(record.method)
      if (spec === undefined && behaviour?.result === undefined) throw new RpcError('INPUT_METHOD_INVALID')
      const userId = key.userId ?? (spec?.auth === 'key' ? key.pendingPasswordUserId : undefined)
      if (userId === undefined && spec?.auth !== 'none') throw new RpcError('AUTH_KEY_UNREGISTERED', 401)
      if (unwrapped.takeoutId !== undefined) {
        if (userId === undefined || world.account(userId).takeout.id !== unwrapped.takeoutId) throw new RpcError('TAKEOUT_INVALID')
      }
      const ctx: CallContext = {
        key,
        userId: userId ?? 0,
        takeoutId: unwrapped.takeoutId,
        wrappers: unwrapped.wrappers,
        connectionId: connection.id,
      }
      const answer = behaviour?.result !== undefined ? await behaviour.result(unwrapped.inner, ctx) : await spec!.run(unwrapped.inner, ctx, env)
      record.outcome = { kind: 'result', className: (answer as { className?: string }).className ?? 'raw' }
      return answer.getBytes()
    }

    const connectionHost: ConnectionHost = {
      rsa,
      keys: dc.keys,
      handshakeOptions,
      warn,
      count: (event) => {
        events[event] += 1
      },
      closed: (connection) => dc.connections.delete(connection),
      call: async (connection, key, _msgId, request) => {
        const unwrapped = unwrap(request)
        const method = unwrapped.inner.className ?? 'unknown'
        const record: CallRecord = {
          seq: calls.length + 1,
          at: Date.now(),
          method,
          chain: [...unwrapped.wrappers, method].join('>'),
          wrappers: unwrapped.wrappers,
          params: plainParams(unwrapped.inner) as Record<string, unknown>,
          userId: key.userId,
          connectionId: connection.id,
          dcId: id,
          layer: unwrapped.layer,
          takeoutId: unwrapped.takeoutId?.toString(),
          outcome: { kind: 'pending' },
        }
        calls.push(record)
        try {
          const answer = await runCall(connection, key, record, unwrapped)
          if (answer === 'drop') record.outcome = { kind: 'dropped' }
          return answer
        } catch (error) {
          const rpc = error instanceof RpcError ? error : new RpcError('INTERNAL', 500)
          if (!(error instanceof RpcError)) warn(`handler ${method} failed: ${(error as Error).stack ?? String(error)}`)
          record.outcome = { kind: 'error', code: rpc.code, message: rpc.errorMessage }
          return new Api.RpcError({ errorCode: rpc.code, errorMessage: rpc.errorMessage }).getBytes()
        }
      },
    }

    server.on('connection', onSocket)
    return dc
  }

  const closeServers = async (): Promise<void> => {
    for (const dc of dcList) {
      const server = dc.server
      dc.server = null
      for (const connection of [...dc.connections]) connection.drop()
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }

  const setUserStatus = (userId: number, status: UserStatus): void => {
    const user = world.setStatus(userId, status)
    const update = new Api.UpdateShort({
      update: new Api.UpdateUserStatus({ userId: apiUser(world, userId, user).id, status: apiStatus(status) }),
      date: Math.floor(Date.now() / 1000),
    })
    for (const ownerId of world.ownersOf(userId)) pushToUser(ownerId, update)
  }

  const mintSession = async (userId: number | null = world.accountId): Promise<string> => {
    if (userId !== null) world.requireUser(userId)
    const record = main.keys.mint(userId ?? undefined)
    const authKey = new AuthKey()
    await authKey.setKey(record.key)
    const session = endpointSession(endpoint)
    session.setAuthKey(authKey)
    return session.save()
  }

  const accountUser = world.requireUser(world.accountId)
  const accountState = world.account(world.accountId)
  const account: EmulatorAccount = {
    id: accountUser.id,
    phone: `+${accountUser.phone}`,
    code: world.loginCode,
    password: accountState.password ?? null,
    session: await mintSession(),
  }

  return {
    endpoint,
    dcs,
    account,
    world,
    calls,
    callsOf: (method) => calls.filter((call) => call.method.toLowerCase() === method.toLowerCase()),
    clearCalls: () => {
      calls.length = 0
    },
    mintSession,
    script: (method, behaviour) => scripts.add(method, behaviour),
    clearScripts: () => scripts.clear(),
    push: (update, userId = world.accountId) => {
      const updates =
        update instanceof Api.Updates ||
        update instanceof Api.UpdatesCombined ||
        update instanceof Api.UpdateShort ||
        update instanceof Api.UpdatesTooLong ||
        update instanceof Api.UpdateShortMessage ||
        update instanceof Api.UpdateShortChatMessage ||
        update instanceof Api.UpdateShortSentMessage
          ? update
          : new Api.UpdateShort({ update: update as Api.TypeUpdate, date: Math.floor(Date.now() / 1000) })
      pushToUser(userId, updates)
    },
    setUserPhoto: (userId, photo) => {
      world.setPhoto(userId, photo === null ? null : world.newPhoto())
      // Layer 198 has no updateUserPhoto: updateUser tells clients to fetch the user again.
      const update = new Api.UpdateShort({ update: new Api.UpdateUser({ userId: long(userId) }), date: Math.floor(Date.now() / 1000) })
      for (const ownerId of world.ownersOf(userId)) pushToUser(ownerId, update)
    },
    setUserStatus,
    simulateActivity: (intervalMs) => {
      // Contacts come online and go offline, as in a live list; seeded, so a demo replays alike.
      const random = new Random((options.seed ?? 1) + 1)
      const timer = setInterval(() => {
        const ids = [...world.contactsOf(world.accountId).keys()]
        if (ids.length === 0) return
        const id = random.pick(ids)
        const now = Math.floor(Date.now() / 1000)
        const user = world.requireUser(id)
        setUserStatus(id, user.status.kind === 'online' ? { kind: 'offline', wasOnline: now } : { kind: 'online', expires: now + 300 })
      }, intervalMs)
      timer.unref()
      return () => clearInterval(timer)
    },
    setContactOfAccount: (userId, added, contactOptions = {}) => {
      const me = world.accountId
      const user = world.requireUser(userId)
      if (added) {
        world.addContact(userId, me, {
          firstName: accountUser.firstName,
          lastName: accountUser.lastName,
          phone: contactOptions.withPhone === true ? accountUser.phone : undefined,
          date: Math.floor(Date.now() / 1000),
        })
      } else {
        world.deleteContact(userId, me)
      }
      pushToUser(me, peerSettingsUpdates(world, me, user))
    },
    expireLoginCodes: () => login.expireCodes(),
    dropConnections: () => {
      for (const dc of dcList) for (const connection of [...dc.connections]) connection.drop()
    },
    get stats() {
      const sum = (of: (dc: Dc) => number): number => dcList.reduce((total, dc) => total + of(dc), 0)
      return { handshakes: sum((dc) => dc.keys.handshakes), connections: sum((dc) => dc.connections.size), calls: calls.length, events: { ...events } }
    },
    kill: closeServers,
    restart: async () => {
      for (const dc of dcList) {
        if (dc.server) continue
        const server = createServer(dc.onSocket)
        await listen(server, host, dc.port)
        dc.server = server
      }
    },
    pause: () => {
      paused = true
      for (const dc of dcList) for (const connection of dc.connections) connection.pause()
    },
    resume: () => {
      paused = false
      for (const dc of dcList) for (const connection of dc.connections) connection.resume()
    },
    close: closeServers,
  }
}
