/**
 * The real core (the core host: GramJS, services, router) in a child process of the bench, as the app runs it in a
 * process of its own, pointed at the emulator through the env seams, with a typed `call` that throws on an error
 * envelope. It runs the built host (out/main/core-host.js, rebuilt by ensureBuilt when older than its sources).
 */

import { mkdtemp } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBrowserPlatform } from '../../electron/core/bridge'
import type { MethodInput, MethodName, MethodOutput } from '../../electron/core/contract'
import { forkCore, type CoreProcess } from '../../electron/core/host/fork-core'
import type { HostConfig } from '../../electron/core/host/protocol'

/** The emulator accepts any api_id / api_hash. */
const API_CREDENTIALS = { TG_API_ID: '12345', TG_API_HASH: '0123456789abcdef0123456789abcdef' }

export const ROOT = join(import.meta.dirname, '../..')
export const CORE_HOST = join(ROOT, 'out/main/core-host.js')
export const STALL_PROBE = join(ROOT, 'bench/lib/stall-probe.ts')

export interface EmulatorAddress {
  endpoint: object
  session: string
}

export interface BenchCore {
  core: CoreProcess
  dataDir: string
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>
  /** The core process's resident memory now and its peak (VmRSS / VmHWM, Linux), MB. */
  memoryMB(): { rss: number; peak: number }
  dispose(): Promise<void>
}

export interface OpenCoreOptions {
  dataDir?: string
  importPolicy?: HostConfig['importPolicy']
  /** Serve the built renderer through the core's browser bridge. */
  rendererDir?: string
  /** Load the stall probe into the core process (bench/lib/stall-probe.ts). */
  stallProbe?: boolean
  /** Core events to this process (default true); the app's main process gets none (each window has its own port). */
  forwardEvents?: boolean
}

function procStatusMB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`))
    return line ? Math.round(Number(line.replace(/\D/g, '')) / 1024) : Number.NaN
  } catch {
    return Number.NaN
  }
}

/** A signed-in core (auth.status restores the session, as the renderer's first call does). */
export async function openCore(address: EmulatorAddress, options: OpenCoreOptions = {}): Promise<BenchCore> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tgc-bench-')))
  const core = await forkCore({
    hostFile: CORE_HOST,
    // The probe is TypeScript: tsx's loader first (the built host itself needs none).
    ...(options.stallProbe ? { execArgv: ['--import', 'tsx', '--import', STALL_PROBE] } : {}),
    config: {
      dataDir,
      shell: 'browser',
      secrets: { kind: 'memory' },
      allowEnvSeams: true,
      demo: false,
      checkOutputs: false,
      env: { ...API_CREDENTIALS, TG_CONTACTS_ENDPOINT: JSON.stringify(address.endpoint), TG_CONTACTS_SESSION: address.session },
      forwardEvents: options.forwardEvents ?? true,
      ...(options.importPolicy ? { importPolicy: options.importPolicy } : {}),
      // The list's emulator builds a 100,000-contact answer for tens of seconds on the thread that would answer the
      // connection watch's ping; with the default 10 s of allowed silence the core gave up on it as a dead connection.
      connectionTiming: { probeTimeoutMs: 180_000 },
      ...(options.rendererDir ? { bridge: { rendererDir: options.rendererDir } } : {}),
    },
    platform: createBrowserPlatform(),
  })
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const result = await core.router.dispatch(method, input)
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`)
    return result.value as MethodOutput<M>
  }
  const status = await call('auth.status', {} as MethodInput<'auth.status'>)
  if (status.state !== 'signedIn') throw new Error(`the core is not signed in to the emulator (${status.state})`)
  const pid = (): number => core.process?.pid ?? 0
  return {
    core,
    dataDir,
    call,
    memoryMB: () => ({ rss: procStatusMB(pid(), 'VmRSS'), peak: procStatusMB(pid(), 'VmHWM') }),
    dispose: () => core.dispose(),
  }
}

/**
 * A previous run of the app: a core loads the list from Telegram, which writes its cache in `dataDir`, and closes.
 * Returns how long that first load took; throws unless it listed `expected` contacts.
 */
export async function writeListCache(address: EmulatorAddress, dataDir: string, expected: number): Promise<{ loadMs: number }> {
  const previous = await openCore(address, { dataDir })
  try {
    const t = performance.now()
    const list = await previous.call('contacts.list', {})
    const loadMs = performance.now() - t
    if (list.contacts.length !== expected) throw new Error(`the core listed ${list.contacts.length} contacts, expected ${expected}`)
    return { loadMs }
  } finally {
    await previous.dispose()
  }
}

/** Polls until `cond` holds; jobs here wait on real I/O and real (scaled-down) flood waits. */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (await cond()) return
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`${what} did not happen within ${Math.round(timeoutMs / 1000)} s`)
}

/** p-th percentile (0–100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number
}

export const round = (n: number | null | undefined, digits = 1): number | null =>
  n === null || n === undefined || Number.isNaN(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits
