/**
 * The real core (createCore: GramJS, services, router) pointed at the emulator through the env seams,
 * as dev, demo and the e2e harness run it, with a typed `call` that throws on an error envelope.
 */

import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core, type CoreOptions } from '../../electron/core/app/create-core'
import { createBrowserPlatform } from '../../electron/core/bridge'
import type { MethodInput, MethodName, MethodOutput } from '../../electron/core/contract'
import { createMemoryStore } from '../../electron/core/secrets/memory-store'

/** The emulator accepts any api_id / api_hash. */
const API_CREDENTIALS = { TG_API_ID: '12345', TG_API_HASH: '0123456789abcdef0123456789abcdef' }

export interface EmulatorAddress {
  endpoint: object
  session: string
}

export interface BenchCore {
  core: Core
  dataDir: string
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>
  dispose(): Promise<void>
}

/** A signed-in core (auth.status restores the session, as the renderer's first call does). */
export async function openCore(address: EmulatorAddress, options: { dataDir?: string; importOptions?: CoreOptions['importOptions'] } = {}): Promise<BenchCore> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'tgc-bench-')))
  const core = await createCore({
    secrets: createMemoryStore(),
    platform: createBrowserPlatform(),
    dataDir,
    allowEnvSeams: true,
    env: { ...API_CREDENTIALS, TG_CONTACTS_ENDPOINT: JSON.stringify(address.endpoint), TG_CONTACTS_SESSION: address.session },
    ...(options.importOptions ? { importOptions: options.importOptions } : {}),
  })
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const result = await core.router.dispatch(method, input)
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`)
    return result.value as MethodOutput<M>
  }
  const status = await call('auth.status', {} as MethodInput<'auth.status'>)
  if (status.state !== 'signedIn') throw new Error(`the core is not signed in to the emulator (${status.state})`)
  return { core, dataDir, call, dispose: () => core.dispose() }
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
