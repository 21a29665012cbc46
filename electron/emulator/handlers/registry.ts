/** How handlers register: by the GramJS request class they serve. */
import type { AuthKeyStore } from '../auth-keys.js'
import type { ExportedAuthorization } from './files.js'
import type { Answer, CallContext } from '../rpc.js'
import type { TlSerializable } from '../wire.js'
import type { World } from '../world.js'

/** What handlers may use besides the world. */
export interface HandlerEnv {
  readonly world: World
  readonly keys: AuthKeyStore
  /** The DC this call arrived on. */
  readonly endpoint: { host: string; port: number; dcId: number }
  /** Every DC the emulator runs (the account's first), for help.getConfig and DC checks. */
  readonly dcs: ReadonlyArray<{ dcId: number; port: number }>
  /** Authorizations exported for another DC and not imported yet, by id (shared by every DC). */
  readonly authorizationExports: Map<bigint, ExportedAuthorization>
  /** Login codes expire after this many seconds (PHONE_CODE_EXPIRED). */
  readonly codeTtlSeconds: number
  /** Sends updates to every signed-in connection of the account. */
  pushToUser(userId: number, updates: TlSerializable, exceptConnectionId?: number): void
}

/**
 * `auth`: 'none' runs before sign-in (auth.*, help.*), 'user' requires a signed-in key
 * (401 AUTH_KEY_UNREGISTERED otherwise), 'key' needs a key in the middle of a 2FA sign-in.
 */
export type AuthLevel = 'none' | 'key' | 'user'

/** GramJS request classes carry their TL name as a static `className` at run time (untyped). */
type RequestClass<R> = new (...args: never[]) => R

function staticClassName(requestClass: object): string {
  const name: unknown = Reflect.get(requestClass, 'className')
  if (typeof name !== 'string') throw new Error('not a GramJS request class')
  return name
}

export interface MethodSpec {
  auth: AuthLevel
  run(request: object, ctx: CallContext, env: HandlerEnv): Answer | Promise<Answer>
}

export class Registry {
  private readonly specs = new Map<string, MethodSpec>()

  on<R extends object>(
    requestClass: RequestClass<R>,
    auth: AuthLevel,
    run: (request: R, ctx: CallContext, env: HandlerEnv) => Answer | Promise<Answer>,
  ): this {
    this.specs.set(staticClassName(requestClass), { auth, run: run as MethodSpec['run'] })
    return this
  }

  /** By TL class name, e.g. `contacts.GetContacts`. */
  get(className: string): MethodSpec | undefined {
    return this.specs.get(className)
  }
}
