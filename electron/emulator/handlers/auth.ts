/** Sign-in: auth.sendCode, auth.resendCode, auth.signIn, 2FA with real SRP (account.getPassword, auth.checkPassword), auth.logOut. */
import { randomBytes } from 'node:crypto'
import { Api } from 'telegram'
import { computeDigest } from 'telegram/Password.js'
import { DH_G, DH_PRIME, bigFromBytes, bytesFromBig, modPow, sha256 } from '../crypto.js'
import { RpcError } from '../rpc.js'
import { apiUser } from '../views.js'
import { long, toBigint } from '../wire.js'
import { normalizePhone, type World } from '../world.js'
import type { HandlerEnv, Registry } from './registry.js'

interface SentCode {
  phone: string
  expiresAt: number
  /** Index into DELIVERY: how this code was delivered. */
  delivery: number
}

/**
 * How codes reach the user, in order: sendCode answers the first (in the app, SMS next); each resendCode moves to the
 * next, and when there is none left Telegram answers SEND_CODE_UNAVAILABLE.
 */
const DELIVERY = [
  { sent: (length: number) => new Api.auth.SentCodeTypeApp({ length }), next: () => new Api.auth.CodeTypeSms() },
  { sent: (length: number) => new Api.auth.SentCodeTypeSms({ length }), next: () => new Api.auth.CodeTypeCall() },
  { sent: (length: number) => new Api.auth.SentCodeTypeCall({ length }), next: () => undefined },
] as const

interface Verifier {
  password: string
  salt1: Buffer
  salt2: Buffer
  v: bigint
}

interface SrpSession {
  userId: number
  b: bigint
  B: bigint
}

const pad256 = (value: bigint): Buffer => bytesFromBig(value, 256)
const P_BYTES = pad256(DH_PRIME)

/** Login codes and SRP sessions in flight; one per emulator. */
export class LoginState {
  private readonly codes = new Map<string, SentCode>()
  private readonly verifiers = new Map<number, Verifier>()
  private readonly srp = new Map<bigint, SrpSession>()

  constructor(private readonly world: World) {}

  /** Makes every login code sent so far expired (PHONE_CODE_EXPIRED on signIn). */
  expireCodes(): void {
    for (const code of this.codes.values()) code.expiresAt = 0
  }

  sendCode(phone: string, ttlSeconds: number, delivery = 0): { hash: string; delivery: number } {
    const hash = randomBytes(9).toString('hex')
    this.codes.set(hash, { phone, expiresAt: Date.now() + ttlSeconds * 1000, delivery })
    return { hash, delivery }
  }

  /** The next delivery under a new phone_code_hash; the old hash stops working (PHONE_CODE_EXPIRED). */
  resendCode(hash: string, phone: string, ttlSeconds: number): { hash: string; delivery: number } {
    const sent = this.takeCode(hash, phone)
    if (sent.delivery + 1 >= DELIVERY.length) throw new RpcError('SEND_CODE_UNAVAILABLE')
    this.codes.delete(hash)
    return this.sendCode(phone, ttlSeconds, sent.delivery + 1)
  }

  takeCode(hash: string, phone: string): SentCode {
    const sent = this.codes.get(hash)
    if (sent === undefined || sent.phone !== phone) throw new RpcError('PHONE_CODE_EXPIRED')
    if (sent.expiresAt <= Date.now()) {
      this.codes.delete(hash)
      throw new RpcError('PHONE_CODE_EXPIRED')
    }
    return sent
  }

  consumeCode(hash: string): void {
    this.codes.delete(hash)
  }

  algo(verifier: Pick<Verifier, 'salt1' | 'salt2'>): Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow {
    return new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
      salt1: verifier.salt1,
      salt2: verifier.salt2,
      g: DH_G,
      p: P_BYTES,
    })
  }

  /** v = g^x, computed once per password with GramJS's own digest (PBKDF2, 100k rounds). */
  async verifier(userId: number, password: string): Promise<Verifier> {
    const cached = this.verifiers.get(userId)
    if (cached !== undefined && cached.password === password) return cached
    const salts = { salt1: randomBytes(40), salt2: randomBytes(16) }
    const v = bigFromBytes(await computeDigest(this.algo(salts), password))
    const verifier = { password, ...salts, v }
    this.verifiers.set(userId, verifier)
    return verifier
  }

  async passwordInfo(userId: number): Promise<Api.account.Password> {
    const account = this.world.account(userId)
    const common = {
      newAlgo: this.algo({ salt1: randomBytes(8), salt2: randomBytes(16) }),
      newSecureAlgo: new Api.SecurePasswordKdfAlgoSHA512({ salt: randomBytes(8) }),
      secureRandom: randomBytes(32),
    }
    if (account.password === undefined) return new Api.account.Password(common)
    const verifier = await this.verifier(userId, account.password)
    const k = bigFromBytes(sha256(Buffer.concat([P_BYTES, pad256(BigInt(DH_G))])))
    const b = bigFromBytes(randomBytes(256)) % DH_PRIME
    const B = (k * verifier.v + modPow(BigInt(DH_G), b, DH_PRIME)) % DH_PRIME
    const srpId = randomBytes(8).readBigInt64LE(0)
    this.srp.set(srpId, { userId, b, B })
    return new Api.account.Password({
      ...common,
      hasPassword: true,
      currentAlgo: this.algo(verifier),
      srp_B: pad256(B),
      srpId: long(srpId),
      hint: account.passwordHint || undefined,
    })
  }

  /** Checks the client's SRP proof M1; the srp_id is single-use. */
  checkPassword(check: Api.TypeInputCheckPasswordSRP): number {
    if (!(check instanceof Api.InputCheckPasswordSRP)) throw new RpcError('PASSWORD_HASH_INVALID')
    const srpId = toBigint(check.srpId)
    const session = this.srp.get(srpId)
    if (session === undefined) throw new RpcError('SRP_ID_INVALID')
    this.srp.delete(srpId)
    const verifier = this.verifiers.get(session.userId)
    if (verifier === undefined) throw new RpcError('SRP_ID_INVALID')
    const A = bigFromBytes(check.A)
    if (A <= 1n || A >= DH_PRIME - 1n) throw new RpcError('SRP_PASSWORD_CHANGED')
    const u = bigFromBytes(sha256(Buffer.concat([pad256(A), pad256(session.B)])))
    const S = modPow((A * modPow(verifier.v, u, DH_PRIME)) % DH_PRIME, session.b, DH_PRIME)
    const K = sha256(pad256(S))
    const hp = sha256(P_BYTES)
    const hg = sha256(pad256(BigInt(DH_G)))
    for (let i = 0; i < hp.length; i++) hp[i] = hp[i]! ^ hg[i]!
    const expected = sha256(
      Buffer.concat([hp, sha256(verifier.salt1), sha256(verifier.salt2), pad256(A), pad256(session.B), K]),
    )
    if (!expected.equals(check.M1)) throw new RpcError('PASSWORD_HASH_INVALID')
    return session.userId
  }
}

/** E.164 allows at most 15 digits; Telegram rejects anything that is not a plausible number. */
function validPhone(raw: string): string {
  const phone = normalizePhone(raw)
  if (phone.length < 7 || phone.length > 15 || /[^\d\s()+-]/.test(raw)) throw new RpcError('PHONE_NUMBER_INVALID')
  return phone
}

/** The code itself stays `world.loginCode` whatever the delivery, so tests can always sign in with `account.code`. */
function sentCode(env: HandlerEnv, { hash, delivery }: { hash: string; delivery: number }): Api.auth.SentCode {
  const step = DELIVERY[delivery]!
  const nextType = step.next()
  return new Api.auth.SentCode({
    type: step.sent(env.world.loginCode.length),
    phoneCodeHash: hash,
    nextType,
    // Seconds before the client may ask for the next delivery; Telegram sends none when there is no next one.
    timeout: nextType === undefined ? undefined : env.codeTtlSeconds,
  })
}

export function registerAuth(registry: Registry, login: LoginState): void {
  registry
    .on(Api.auth.SendCode, 'none', (request, _ctx, env) => sentCode(env, login.sendCode(validPhone(request.phoneNumber), env.codeTtlSeconds)))
    .on(Api.auth.ResendCode, 'none', (request, _ctx, env) => {
      const phone = validPhone(request.phoneNumber)
      if (request.phoneCodeHash === '') throw new RpcError('PHONE_CODE_HASH_EMPTY')
      return sentCode(env, login.resendCode(request.phoneCodeHash, phone, env.codeTtlSeconds))
    })
    .on(Api.auth.SignIn, 'none', (request, ctx, env) => {
      const phone = validPhone(request.phoneNumber)
      if (request.phoneCode === undefined || request.phoneCode === '') throw new RpcError('PHONE_CODE_EMPTY')
      const sent = login.takeCode(request.phoneCodeHash, phone)
      if (request.phoneCode !== env.world.loginCode) throw new RpcError('PHONE_CODE_INVALID')
      login.consumeCode(request.phoneCodeHash)
      const user = env.world.userByPhone(sent.phone)
      if (user === undefined) throw new RpcError('PHONE_NUMBER_UNOCCUPIED')
      if (env.world.account(user.id).password !== undefined) {
        ctx.key.pendingPasswordUserId = user.id
        throw new RpcError('SESSION_PASSWORD_NEEDED')
      }
      ctx.key.userId = user.id
      return new Api.auth.Authorization({ user: apiUser(env.world, user.id, user) })
    })
    .on(Api.account.GetPassword, 'key', (_request, ctx) => login.passwordInfo(ctx.userId))
    .on(Api.auth.CheckPassword, 'key', (request, ctx, env) => {
      const userId = login.checkPassword(request.password)
      ctx.key.userId = userId
      ctx.key.pendingPasswordUserId = undefined
      return new Api.auth.Authorization({ user: apiUser(env.world, userId, env.world.requireUser(userId)) })
    })
    .on(Api.auth.LogOut, 'user', (_request, ctx) => {
      ctx.key.userId = undefined
      ctx.key.pendingPasswordUserId = undefined
      return new Api.auth.LoggedOut({})
    })
}
