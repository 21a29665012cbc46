import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ErrorEnvelope, EventEnvelope, EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../../electron/core/contract'
import { createCore, type Core, type CoreOptions } from '../../../electron/core/app/create-core'
import { createBrowserPlatform } from '../../../electron/core/bridge'
import { createMemoryStore } from '../../../electron/core/secrets/memory-store'
import type { SecretStore } from '../../../electron/core/secrets/secret-store'
import { afterEach } from 'vitest'
import type { Emulator, EmulatorOptions } from '../../emulator'
import { useEmulator } from '../emulator/helpers'

export const API_ID = '424242'
export const API_HASH = '0123456789abcdef0123456789abcdef'

/** A failed call, carrying the envelope the router returned. */
export class CallError extends Error {
  constructor(readonly envelope: ErrorEnvelope) {
    super(`${envelope.code}: ${envelope.message}`)
  }
}

export interface TestCore {
  core: Core
  secrets: SecretStore
  dataDir: string
  events: EventEnvelope[]
  call<M extends MethodName>(method: M, ...input: MethodInput<M> extends Record<string, never> ? [] : [MethodInput<M>]): Promise<MethodOutput<M>>
  fail<M extends MethodName>(method: M, ...input: MethodInput<M> extends Record<string, never> ? [] : [MethodInput<M>]): Promise<ErrorEnvelope>
  /** Payloads of one event seen so far. */
  seen<E extends EventName>(event: E): EventPayload<E>[]
  /** Resolves when an event matching the predicate has arrived (or already had). */
  waitFor<E extends EventName>(event: E, predicate?: (payload: EventPayload<E>) => boolean, timeoutMs?: number): Promise<EventPayload<E>>
  dispose(): Promise<void>
}

export interface OpenCoreOptions {
  secrets?: SecretStore
  dataDir?: string
  /** A session to hand over through TG_CONTACTS_SESSION; omit to use the keychain only. */
  session?: string
  /** Give api_id/api_hash through the environment (default true). */
  envCredentials?: boolean
  /** Override the endpoint (e.g. a closed port for "network down"). */
  endpoint?: object
  /** API credentials as an installed build ships them. */
  builtinCredentials?: { apiId: number; apiHash: string }
  /** More createCore options (scaled-down waits). */
  coreOptions?: Partial<CoreOptions>
}

export async function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'tgc-core-'))
}

/**
 * A core wired to the emulator (in this process or a child: only its endpoint is used) as dev, demo and tests run it:
 * env seams on, outputs checked against the contract.
 */
export async function openCore(emulator: Pick<Emulator, 'endpoint'>, options: OpenCoreOptions = {}): Promise<TestCore> {
  const secrets = options.secrets ?? createMemoryStore()
  const dataDir = options.dataDir ?? (await tempDataDir())
  const env: Record<string, string> = { TG_CONTACTS_ENDPOINT: JSON.stringify(options.endpoint ?? emulator.endpoint) }
  if (options.envCredentials !== false) Object.assign(env, { TG_API_ID: API_ID, TG_API_HASH: API_HASH })
  if (options.session) env.TG_CONTACTS_SESSION = options.session
  const unexpected: unknown[] = []
  const core = await createCore({
    secrets,
    platform: createBrowserPlatform(),
    dataDir,
    allowEnvSeams: true,
    checkOutputs: true,
    env,
    ...(options.builtinCredentials ? { builtinCredentials: options.builtinCredentials } : {}),
    onUnexpectedError: (_method, error) => unexpected.push(error),
    ...options.coreOptions,
  })
  const events: EventEnvelope[] = []
  const waiters = new Set<() => void>()
  core.events.subscribe((envelope) => {
    events.push(envelope)
    for (const wake of waiters) wake()
  })
  const dispatch = async (method: MethodName, input: unknown) => {
    const result = await core.router.dispatch(method, input ?? {})
    if (unexpected.length > 0) throw unexpected[0]
    return result
  }
  const seen = <E extends EventName>(event: E): EventPayload<E>[] =>
    events.filter((envelope) => envelope.event === event).map((envelope) => envelope.payload as EventPayload<E>)
  return {
    core,
    secrets,
    dataDir,
    events,
    async call(method, ...input) {
      const result = await dispatch(method, input[0])
      if (!result.ok) throw new CallError(result.error)
      return result.value as never
    },
    async fail(method, ...input) {
      const result = await dispatch(method, input[0])
      if (result.ok) throw new Error(`${method} succeeded but was expected to fail`)
      return result.error
    },
    seen,
    waitFor(event, predicate = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const hit = seen(event).find(predicate)
          if (hit === undefined) return false
          waiters.delete(wake)
          clearTimeout(timer)
          resolve(hit)
          return true
        }
        const wake = (): void => void check()
        const timer = setTimeout(() => {
          waiters.delete(wake)
          reject(new Error(`no ${event} event within ${timeoutMs} ms`))
        }, timeoutMs)
        waiters.add(wake)
        check()
      })
    },
    dispose: () => core.dispose(),
  }
}

/** Every file under a folder, with its text (to prove no secret was written). */
export async function filesUnder(dir: string): Promise<Array<{ path: string; text: string }>> {
  const out: Array<{ path: string; text: string }> = []
  let entries: string[]
  try {
    entries = await readdir(dir, { recursive: true })
  } catch {
    return out
  }
  for (const entry of entries) {
    const path = join(dir, entry)
    try {
      out.push({ path, text: await readFile(path, 'utf8') })
    } catch {
      // A folder.
    }
  }
  return out
}

export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true })

export interface EmulatorCores {
  /** The file's emulator, started in beforeAll. */
  readonly emulator: Emulator
  /** A core on the file's emulator with the file's default options under `options`. */
  open(options?: OpenCoreOptions): Promise<TestCore>
  /** A core with exactly these options (on another emulator if given). */
  openExact(options: OpenCoreOptions, emulator?: Emulator): Promise<TestCore>
}

/**
 * One emulator for the test file (useEmulator), and every core a test opens disposed (with its data folder) after that test, the
 * emulator's scripts cleared. Registers the vitest hooks, so call it at the top of a file.
 */
export function useEmulatorCores(
  options: EmulatorOptions,
  defaults: (emulator: Emulator) => OpenCoreOptions | Promise<OpenCoreOptions> = () => ({}),
): EmulatorCores {
  const fixture = useEmulator(options)
  let opened: TestCore[] = []
  const openExact = async (coreOptions: OpenCoreOptions, on: Emulator = fixture.emu): Promise<TestCore> => {
    const core = await openCore(on, coreOptions)
    opened.push(core)
    return core
  }
  afterEach(async () => {
    for (const core of opened) {
      await core.dispose()
      await removeDir(core.dataDir)
    }
    opened = []
    fixture.emu.clearScripts()
  })
  return {
    get emulator() {
      return fixture.emu
    },
    open: async (coreOptions = {}) => openExact({ ...(await defaults(fixture.emu)), ...coreOptions }),
    openExact,
  }
}
