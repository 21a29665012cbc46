import { rm } from 'node:fs/promises'
import { Api, type TelegramClient } from 'telegram'
import { computeCheck } from 'telegram/Password.js'
import { Raw } from 'telegram/events/Raw.js'
import { UpdateConnectionState } from 'telegram/network/index.js'
import type { StringSession } from 'telegram/sessions/StringSession.js'
import { AppError, type AuthStatus, type Self } from '../contract'
import type { EventBus } from '../router'
import { secretAccounts, type SecretStore } from '../secrets/secret-store'
import type { TelegramAccess } from '../app/context'
import { userToSelf } from '../contacts/user-dto'
import { accountDataDir, readAccountFile, removeAccountFile, writeAccountFile } from './account-file'
import { buildTelegramClient } from './client-factory'
import { nextCodeType, sentCodeType } from './code-type'
import { ConnectionSupervisor, type ConnectionStatus, type ConnectionTiming } from './connection/supervisor'
import { ConnectionWatch } from './connection/watch'
import { parseEndpoint, type Endpoint } from './endpoint'
import { readEnvCredentials, type Credentials } from './env-credentials'
import { mapTelegramError, networkError, rpcErrorName } from './errors'
import { invoke } from './invoke'
import { normalisePhone } from './phone'

export interface TelegramServiceOptions {
  secrets: SecretStore
  dataDir: string
  events: EventBus
  env: Readonly<Record<string, string | undefined>>
  /** Honour TG_CONTACTS_ENDPOINT and TG_CONTACTS_SESSION. */
  allowEnvSeams: boolean
  /** A server named by the shell itself (the demo's emulator): used whatever allowEnvSeams says. */
  endpoint?: Endpoint
  /** The api_id / api_hash this build ships with: used when the user stored none and the environment names none. */
  builtinCredentials?: Credentials | null
  /** The reconnect schedule and probes (connection/supervisor.ts); tests shorten them. */
  connectionTiming?: Partial<ConnectionTiming>
}

interface PendingLogin {
  phone: string
  phoneCodeHash: string
}

/** Called for every update Telegram pushes (GramJS Raw events), connection-state changes excluded. */
export type UpdateListener = (update: Api.TypeUpdate) => void

export interface AccountListener {
  /** Before the account's data folder is deleted: stop writing to it. */
  signedOut(self: Self): Promise<void> | void
}

/** Called when the connection is back after an outage (work that failed meanwhile may run again). */
export type ReconnectListener = () => void

const notAuthorized = (): AppError => new AppError({ code: 'NOT_AUTHORIZED', message: 'Sign in to Telegram first.' })

function credentialsFromEnv(env: Readonly<Record<string, string | undefined>>): Credentials | null {
  const read = readEnvCredentials(env)
  return read.kind === 'ok' ? read.credentials : null
}

/**
 * The Telegram account as the app holds it: credentials, the session (SecretStore only), the sign-in state machine
 * over raw auth.* invokes (not client.start(), which loops on callbacks), and, once signed in, one connected GramJS
 * client kept connected by a ConnectionSupervisor.
 */
export class TelegramService implements TelegramAccess {
  private credentials: Credentials | null = null
  private session: string | null = null
  private status_: AuthStatus = { state: 'needCredentials' }
  private pending: PendingLogin | null = null
  /** The sign-in's client (before sign-in); the supervisor owns the signed-in one. */
  private clientInstance: TelegramClient | null = null
  private clientWatch: ConnectionWatch | null = null
  private stringSession: StringSession | null = null
  private connecting: Promise<TelegramClient> | null = null
  private keychainError: AppError | null = null
  private readonly endpoint: Endpoint | null
  private readonly supervisor: ConnectionSupervisor
  private readonly updateListeners = new Set<UpdateListener>()
  private readonly accountListeners = new Set<AccountListener>()
  private readonly reconnectListeners = new Set<ReconnectListener>()
  private queue: Promise<unknown> = Promise.resolve()
  private disposed = false

  private constructor(private readonly options: TelegramServiceOptions) {
    const raw = options.allowEnvSeams ? options.env.TG_CONTACTS_ENDPOINT : undefined
    this.endpoint = options.endpoint ?? (raw ? parseEndpoint(raw) : null)
    this.supervisor = new ConnectionSupervisor({
      open: (watch, signal) => this.openSignedIn(watch, signal),
      close: ({ client }) => void client.destroy().catch(() => undefined),
      onStatus: (status) => options.events.emit('connection.changed', status),
      onRecovered: () => {
        for (const listener of this.reconnectListeners) listener()
      },
      ...(options.connectionTiming ? { timing: options.connectionTiming } : {}),
    })
  }

  /** Reads credentials and the session (keychain); does not touch the network. */
  static async open(options: TelegramServiceOptions): Promise<TelegramService> {
    const service = new TelegramService(options)
    await service.load()
    return service
  }

  private async load(): Promise<void> {
    const { secrets, env, dataDir } = this.options
    const file = await readAccountFile(dataDir)
    let storedHash: string | null = null
    let storedSession: string | null = null
    try {
      storedHash = await secrets.get(secretAccounts.apiHash)
      storedSession = await secrets.get(secretAccounts.session)
    } catch (error) {
      this.keychainError = error instanceof AppError ? error : new AppError({ code: 'KEYCHAIN_UNAVAILABLE', message: 'The system keychain is not available.' })
    }
    this.credentials = file.apiId !== null && storedHash ? { apiId: file.apiId, apiHash: storedHash } : this.defaultCredentials()
    const envSession = this.options.allowEnvSeams ? env.TG_CONTACTS_SESSION : undefined
    this.session = envSession || storedSession
    if (!this.credentials) this.status_ = { state: 'needCredentials' }
    else if (!this.session) this.status_ = { state: 'signedOut' }
    else if (file.self && !envSession) this.status_ = { state: 'signedIn', user: file.self }
    else this.status_ = { state: 'signedOut' }
  }

  /** Credentials that need no input: the environment's (development, CLI), else the build's own. */
  private defaultCredentials(): Credentials | null {
    return credentialsFromEnv(this.options.env) ?? this.options.builtinCredentials ?? null
  }

  /** Runs auth steps one at a time: a double click must not send two codes. */
  private serial<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step)
    this.queue = run.catch(() => undefined)
    return run
  }

  onUpdate(listener: UpdateListener): () => void {
    this.updateListeners.add(listener)
    return () => this.updateListeners.delete(listener)
  }

  onAccount(listener: AccountListener): () => void {
    this.accountListeners.add(listener)
    return () => this.accountListeners.delete(listener)
  }

  onReconnect(listener: ReconnectListener): () => void {
    this.reconnectListeners.add(listener)
    return () => this.reconnectListeners.delete(listener)
  }

  connectionStatus(): ConnectionStatus {
    return this.supervisor.status()
  }

  /** The OS says the network is back (resume from sleep, online again), or the person pressed "Try now". */
  retryConnection(): void {
    this.supervisor.retryNow()
  }

  self(): Self | null {
    return this.status_.state === 'signedIn' ? this.status_.user : null
  }

  /** Connects a session whose user is not known yet (one from the environment) to learn who it belongs to. */
  private async resume(): Promise<void> {
    if (!this.session || !this.credentials || this.status_.state !== 'signedOut' || this.pending) return
    try {
      await this.serial(async () => {
        if (this.status_.state === 'signedOut' && this.session && !this.pending) await this.supervisor.client()
      })
    } catch (error) {
      // A session bound to no account just means "signed out"; other failures (network) are the caller's to show.
      if (!(error instanceof AppError && error.code === 'NOT_AUTHORIZED')) throw error
    }
  }

  async status(): Promise<AuthStatus> {
    if (this.keychainError && this.status_.state !== 'signedIn') throw this.keychainError
    await this.resume()
    return this.status_
  }

  /** The signed-in user, resuming the session first if needed; null when signed out. */
  async currentSelf(): Promise<Self | null> {
    await this.resume()
    return this.self()
  }

  /** The connected client; while the connection is down, NETWORK at once (after the first attempt at start-up). */
  async client(): Promise<TelegramClient> {
    await this.resume()
    if (this.status_.state !== 'signedIn' || !this.session) throw notAuthorized()
    return this.supervisor.client()
  }

  /** For jobs: the connected client as soon as there is a connection (or the signal aborts, CANCELLED). */
  async whenOnline(signal?: AbortSignal): Promise<TelegramClient> {
    await this.resume()
    if (this.status_.state !== 'signedIn' || !this.session) throw notAuthorized()
    return this.supervisor.whenOnline(signal)
  }

  private setStatus(status: AuthStatus): AuthStatus {
    this.status_ = status
    this.options.events.emit('auth.changed', status)
    return status
  }

  private requireCredentials(): Credentials {
    if (this.keychainError) throw this.keychainError
    if (!this.credentials) throw new AppError({ code: 'NEED_CREDENTIALS', message: 'Enter your api_id and api_hash from my.telegram.org first.' })
    return this.credentials
  }

  /** A connected client over the current session (or a fresh one for a login). */
  private async connectedClient(): Promise<TelegramClient> {
    if (this.clientInstance?.connected) return this.clientInstance
    if (!this.connecting) {
      this.connecting = this.connect().finally(() => {
        this.connecting = null
      })
    }
    return this.connecting
  }

  private async connect(): Promise<TelegramClient> {
    const { apiId, apiHash } = this.requireCredentials()
    if (!this.clientInstance) {
      const watch = new ConnectionWatch()
      const client = buildTelegramClient({ apiId, apiHash, session: this.session ?? '', endpoint: this.endpoint, watch })
      this.stringSession = client.session as StringSession
      this.clientInstance = client
      this.clientWatch = watch
    }
    const client = this.clientInstance
    let connected: boolean
    try {
      connected = await client.connect()
    } catch (error) {
      await this.dropClient()
      throw mapTelegramError(error) ?? error
    }
    if (!connected && !client.connected) {
      await this.dropClient()
      throw new AppError({ code: 'NETWORK', message: 'Cannot reach Telegram. Check your internet connection and try again.' })
    }
    return client
  }

  /**
   * Updates are listened to only while signed in: for each update GramJS first calls getMe when it does not know the
   * user yet, which before sign-in only earns a 401 per update (and, before container-fix.ts, lost the answer to
   * auth.sendCode that came in the same container).
   */
  private listen(client: TelegramClient): void {
    if (this.listening === client) return
    this.listening = client
    client.addEventHandler(this.onRawUpdate, this.rawUpdates)
  }

  private unlisten(): void {
    this.listening?.removeEventHandler(this.onRawUpdate, this.rawUpdates)
    this.listening = null
  }

  private readonly rawUpdates = new Raw({})
  private readonly onRawUpdate = (update: Api.TypeUpdate | UpdateConnectionState): void => this.dispatch(update)
  private listening: TelegramClient | null = null

  /**
   * Updates carried by a method's result (addContact, acceptContact, deleteContacts) reach the same listeners as pushed
   * ones: GramJS hands them only to the caller.
   */
  applyResultUpdates(result: Api.TypeUpdates): void {
    if (!(result instanceof Api.Updates || result instanceof Api.UpdatesCombined)) return
    const entities = new Map(result.users.map((user) => [user.id.toString(), user]))
    for (const update of result.updates) {
      Object.assign(update, { _entities: entities })
      this.dispatch(update)
    }
  }

  private dispatch(update: Api.TypeUpdate | UpdateConnectionState): void {
    // GramJS's own view of the connection; the supervisor's is the one the app reports.
    if (update instanceof UpdateConnectionState) return
    for (const listener of this.updateListeners) listener(update)
  }

  /**
   * One connection attempt of the supervisor: a fresh client over the stored session, connected and proven with
   * getMe; a revoked session signs the account out locally. The client is destroyed when the attempt fails or is
   * abandoned.
   */
  private async openSignedIn(watch: ConnectionWatch, signal: AbortSignal): Promise<TelegramClient> {
    const session = this.session
    if (!session) throw notAuthorized()
    const { apiId, apiHash } = this.requireCredentials()
    let client: TelegramClient
    try {
      client = buildTelegramClient({ apiId, apiHash, session, endpoint: this.endpoint, watch })
    } catch (error) {
      // A session string GramJS cannot read is no session.
      if (error instanceof AppError && error.code === 'NOT_AUTHORIZED') await this.forget({ revoked: true, reason: error })
      throw error
    }
    try {
      if (!(await untilAborted(client.connect(), signal))) throw networkError()
      const [me] = await untilAborted(invoke(client, new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })), signal)
      if (!(me instanceof Api.User)) throw notAuthorized()
      this.listen(client)
      const self = userToSelf(me)
      const previous = this.self()
      if (!previous || JSON.stringify(previous) !== JSON.stringify(self)) {
        await writeAccountFile(this.options.dataDir, { apiId: this.credentials?.apiId ?? null, self })
        this.setStatus({ state: 'signedIn', user: self })
      }
      return client
    } catch (error) {
      const mapped = mapTelegramError(error) ?? networkError()
      if (mapped.code === 'NOT_AUTHORIZED' && !signal.aborted) {
        // Revoked or never signed in: the account is gone locally, but the credentials stay, and so does this
        // connection with its auth key (unbound now) for the next sign-in, which saves a key exchange.
        await this.dropClient()
        this.clientInstance = client
        this.clientWatch = watch
        this.stringSession = client.session as StringSession
        await this.forget({ revoked: true, reason: mapped })
      } else {
        watch.retire()
        void client.destroy().catch(() => undefined)
      }
      throw mapped
    }
  }

  async setCredentials(apiId: number, apiHash: string): Promise<AuthStatus> {
    return this.serial(async () => {
      if (this.status_.state === 'signedIn') {
        throw new AppError({ code: 'BUSY', message: 'Sign out before changing the API credentials.' })
      }
      await this.options.secrets.set(secretAccounts.apiHash, apiHash)
      await writeAccountFile(this.options.dataDir, { apiId, self: null })
      this.keychainError = null
      this.credentials = { apiId, apiHash }
      this.pending = null
      await this.dropClient()
      return this.setStatus({ state: 'signedOut' })
    })
  }

  async sendCode(phoneInput: string): Promise<AuthStatus> {
    const phone = normalisePhone(phoneInput)
    return this.serial(async () => {
      const { apiId, apiHash } = this.requireCredentials()
      if (this.status_.state === 'signedIn') return this.status_
      const client = await this.connectedClient()
      const sent = await invoke(
        client,
        new Api.auth.SendCode({ phoneNumber: phone, apiId, apiHash, settings: new Api.CodeSettings({}) }),
      )
      return this.codeSent(phone, sent)
    })
  }

  private async codeSent(phone: string, sent: Api.auth.TypeSentCode): Promise<AuthStatus> {
    if (sent instanceof Api.auth.SentCodeSuccess) return this.finishSignIn(sent.authorization)
    this.pending = { phone, phoneCodeHash: sent.phoneCodeHash }
    return this.setStatus(this.codeStatus(phone, sent))
  }

  private codeStatus(phone: string, sent: Api.auth.SentCode): AuthStatus {
    return {
      state: 'awaitingCode',
      phone,
      codeType: sentCodeType(sent.type),
      nextType: nextCodeType(sent.nextType),
      resendAfter: sent.timeout ?? null,
    }
  }

  private requirePending(): PendingLogin {
    if (!this.pending) throw new AppError({ code: 'INVALID_INPUT', message: 'Enter your phone number first.' })
    return this.pending
  }

  async resendCode(): Promise<AuthStatus> {
    return this.serial(async () => {
      const pending = this.requirePending()
      const { apiId, apiHash } = this.requireCredentials()
      const client = await this.connectedClient()
      let sent: Api.auth.TypeSentCode
      try {
        sent = await invoke(client, new Api.auth.ResendCode({ phoneNumber: pending.phone, phoneCodeHash: pending.phoneCodeHash }))
      } catch (error) {
        // Telegram refuses to resend a code that has expired: the way on is a fresh code, as if sent anew.
        if (rpcErrorName(error) !== 'PHONE_CODE_EXPIRED') throw error
        sent = await invoke(
          client,
          new Api.auth.SendCode({ phoneNumber: pending.phone, apiId, apiHash, settings: new Api.CodeSettings({}) }),
        )
      }
      return this.codeSent(pending.phone, sent)
    })
  }

  async signIn(code: string): Promise<AuthStatus> {
    return this.serial(async () => {
      const pending = this.requirePending()
      if (this.status_.state !== 'awaitingCode') throw new AppError({ code: 'INVALID_INPUT', message: 'No login code is expected now.' })
      const client = await this.connectedClient()
      let result: Api.auth.TypeAuthorization
      try {
        result = await invoke(client, new Api.auth.SignIn({ phoneNumber: pending.phone, phoneCodeHash: pending.phoneCodeHash, phoneCode: code }))
      } catch (error) {
        if (rpcErrorName(error) !== 'SESSION_PASSWORD_NEEDED') throw error
        const password = await invoke(client, new Api.account.GetPassword())
        return this.setStatus({ state: 'awaitingPassword', hint: password.hint ?? null })
      }
      if (result instanceof Api.auth.AuthorizationSignUpRequired) {
        this.pending = null
        this.setStatus({ state: 'signedOut' })
        throw new AppError({
          code: 'TELEGRAM',
          rpcError: 'PHONE_NUMBER_UNOCCUPIED',
          message: 'There is no Telegram account with this number. Create one in a Telegram mobile app first.',
        })
      }
      return this.finishSignIn(result)
    })
  }

  async checkPassword(password: string): Promise<AuthStatus> {
    return this.serial(async () => {
      if (this.status_.state !== 'awaitingPassword') throw new AppError({ code: 'INVALID_INPUT', message: 'No password is expected now.' })
      const client = await this.connectedClient()
      const params = await invoke(client, new Api.account.GetPassword())
      let check: Api.InputCheckPasswordSRP
      try {
        check = await computeCheck(params, password)
      } catch {
        throw new AppError({ code: 'TELEGRAM', message: 'Telegram sent password parameters the app cannot check. Try again later.' })
      }
      const result = await invoke(client, new Api.auth.CheckPassword({ password: check }))
      if (!(result instanceof Api.auth.Authorization)) throw new AppError({ code: 'TELEGRAM', message: 'Telegram did not finish the sign-in.' })
      return this.finishSignIn(result)
    })
  }

  async cancel(): Promise<AuthStatus> {
    return this.serial(async () => {
      if (this.status_.state === 'signedIn') return this.status_
      const pending = this.pending
      this.pending = null
      if (pending && this.clientInstance?.connected) {
        await invoke(this.clientInstance, new Api.auth.CancelCode({ phoneNumber: pending.phone, phoneCodeHash: pending.phoneCodeHash })).catch(
          () => undefined,
        )
      }
      return this.setStatus(this.credentials ? { state: 'signedOut' } : { state: 'needCredentials' })
    })
  }

  private async finishSignIn(authorization: Api.auth.TypeAuthorization): Promise<AuthStatus> {
    if (!(authorization instanceof Api.auth.Authorization) || !(authorization.user instanceof Api.User)) {
      throw new AppError({ code: 'TELEGRAM', message: 'Telegram did not finish the sign-in.' })
    }
    const session = this.stringSession?.save()
    if (!session) throw new Error('the client has no session to save')
    await this.options.secrets.set(secretAccounts.session, session)
    this.session = session
    this.pending = null
    const client = this.clientInstance
    const watch = this.clientWatch
    if (client && watch) {
      // The sign-in's client is connected and proven: it becomes the supervised one.
      this.clientInstance = null
      this.clientWatch = null
      this.stringSession = null
      this.listen(client)
      this.supervisor.adopt({ client, watch })
    }
    const self = userToSelf(authorization.user)
    await writeAccountFile(this.options.dataDir, { apiId: this.credentials?.apiId ?? null, self })
    return this.setStatus({ state: 'signedIn', user: self })
  }

  /** auth.logOut (best effort: signing out must work offline too), then the keychain entries and local caches go. */
  async signOut(): Promise<AuthStatus> {
    return this.serial(async () => {
      if (this.session && this.credentials) {
        try {
          const client = this.status_.state === 'signedIn' ? await this.supervisor.client() : await this.connectedClient()
          await invoke(client, new Api.auth.LogOut(), 10_000)
        } catch {
          // Offline or already revoked: the local sign-out below still happens.
        }
      }
      await this.forget({ revoked: false })
      return this.status_
    })
  }

  /**
   * Drops the account locally: session, account file and the account's data folder; on a sign-out also the client
   * and the api credentials (every keychain entry).
   */
  private async forget({ revoked, reason = notAuthorized() }: { revoked: boolean; reason?: AppError }): Promise<void> {
    const self = this.self()
    this.unlisten()
    if (!revoked) await this.dropClient()
    this.session = null
    this.pending = null
    const { secrets, dataDir } = this.options
    await secrets.delete(secretAccounts.session)
    if (!revoked) {
      await secrets.delete(secretAccounts.apiHash)
      await removeAccountFile(dataDir)
      this.credentials = this.defaultCredentials()
    } else {
      await writeAccountFile(dataDir, { apiId: this.credentials?.apiId ?? null, self: null })
    }
    if (self) {
      for (const listener of this.accountListeners) await listener.signedOut(self)
      await rm(accountDataDir(dataDir, self), { recursive: true, force: true })
    }
    // Only now: whoever waited on the connection sees the account signed out when told.
    this.supervisor.stop(reason)
    this.setStatus(this.credentials ? { state: 'signedOut' } : { state: 'needCredentials' })
  }

  /** Drops the sign-in's client (the supervisor's goes with supervisor.stop). */
  private async dropClient(): Promise<void> {
    const client = this.clientInstance
    this.clientWatch?.retire()
    this.clientInstance = null
    this.clientWatch = null
    this.stringSession = null
    if (client) await client.destroy().catch(() => undefined)
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    await this.queue
    this.unlisten()
    this.supervisor.dispose()
    await this.dropClient()
  }
}

/** The promise, or NETWORK as soon as the signal aborts (an abandoned connection attempt). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(networkError())
  return new Promise((resolve, reject) => {
    const abort = (): void => reject(networkError())
    signal.addEventListener('abort', abort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}
