import type { EventEnvelope, Result, WireRequest, WireResponse } from '../contract'
import type { Platform } from '../app/platform'
import type { CoreMode, DemoWorldOptions } from '../demo/options'
import type { ConnectionTiming } from '../telegram/connection/supervisor'
import type { Announcement } from '../../emulator/announce'

/**
 * The control channel between the core host (the process running the core) and its parent: Electron's main process
 * over the utility process's parentPort, or a Node parent (tests, demo, bench) over child_process IPC. The same
 * messages either way. Windows do not use it: each gets its own connection (a MessagePort from main, or the
 * browser bridge), speaking the wire messages of contract/wire.ts.
 */

/** How the parent wants the core built. Plain data: it crosses a process boundary. */
export interface HostConfig {
  /** The app's data folder (caches, journals); never secrets. */
  dataDir: string
  /** What the parent's platform is: Electron (native dialogs) or a browser shell. */
  shell: Platform['shell']
  /** The OS keychain (the app), or memory (tests, demo) with these entries at start. */
  secrets: { kind: 'keychain' } | { kind: 'memory'; entries?: Record<string, string> }
  /** Honour TG_CONTACTS_ENDPOINT / TG_CONTACTS_SESSION (see CoreOptions.allowEnvSeams). */
  allowEnvSeams: boolean
  /** A demo (app.info says so): the world below, or the emulator `npm run demo` points the env seams at in Electron. */
  demo: boolean
  /**
   * Run the demo: the emulator's seeded world in the core's own process, signed in to it, with nothing read from the
   * environment. Only with memory secrets; the host refuses it with the keychain.
   */
  demoWorld?: DemoWorldOptions
  /** The parent switches this core to the demo and back when asked (Try the demo / Back to sign-in). */
  demoSwitch?: boolean
  /** Validate handler outputs against the contract (tests, development). */
  checkOutputs: boolean
  identity?: { name: string; version: string }
  /** The environment the core reads (api credentials, seams); absent: the host process's own. */
  env?: Record<string, string>
  /** Serve the built renderer and a WebSocket connection per browser page (browser mode, e2e tests). */
  bridge?: { rendererDir: string; port?: number; token?: string }
  /** Forward every core event to the parent as well (tests watch them; the app's main process needs none). */
  forwardEvents?: boolean
  /** The import job's scalable waits (benchmarks shrink them). */
  importPolicy?: { retryDelayMsPerAttempt?: number }
  /**
   * The connection watch's timings (benchmarks stretch the silence it allows: their emulator answers pings on the thread
   * that spends tens of seconds building a 100,000-contact answer, which Telegram never does).
   */
  connectionTiming?: Partial<ConnectionTiming>
}

export type { CoreMode }

/** What the demo's emulator announces (npm run demo -- --json prints it). */
export type DemoAnnouncement = Announcement

/** One Platform method call the core asks the parent to make. */
export type PlatformOp = { [K in keyof Platform]: Platform[K] extends (...args: never[]) => unknown ? K : never }[keyof Platform]
export type PlatformRequest = { [K in PlatformOp]: { op: K; args: Parameters<Platform[K]> } }[PlatformOp]

/** Where the bridge listens, when the host serves one. */
export interface BridgeAddress {
  url: string
  port: number
  token: string
}

/** An unexpected (non-AppError) failure inside the core, as far as it can cross a process boundary. */
export interface UnexpectedError {
  method: string
  name: string
  message: string
  stack: string | null
}

export type ToHost =
  | { type: 'init'; config: HostConfig }
  /** A call over the control channel (Node parents: tests, bench). */
  | { type: 'call'; request: WireRequest }
  /** A window's connection: the MessagePort travels with this message (Electron). */
  | { type: 'connect' }
  | { type: 'platform.result'; id: number; result: Result<unknown> }
  /** Finish what is pending (journals, pending deletes, caches), close Telegram, then answer 'disposed'. */
  | { type: 'dispose' }

export type FromHost =
  | { type: 'ready'; bridge: BridgeAddress | null; demo?: DemoAnnouncement | null }
  | { type: 'failed'; message: string }
  | { type: 'result'; response: WireResponse }
  | { type: 'event'; envelope: EventEnvelope }
  | { type: 'platform'; id: number; request: PlatformRequest }
  | { type: 'unexpected'; error: UnexpectedError }
  /** The page asked for the demo (or to leave it): the parent replaces this core with the other one. */
  | { type: 'switch'; to: CoreMode }
  | { type: 'disposed' }

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

/** The message types each side accepts; anything else on the channel (a bench probe, a stray send) is ignored. */
const TO_HOST = new Set<string>(['init', 'call', 'connect', 'platform.result', 'dispose'])
const FROM_HOST = new Set<string>(['ready', 'failed', 'result', 'event', 'platform', 'unexpected', 'switch', 'disposed'])

export const isToHost = (value: unknown): value is ToHost => isRecord(value) && typeof value.type === 'string' && TO_HOST.has(value.type)
export const isFromHost = (value: unknown): value is FromHost => isRecord(value) && typeof value.type === 'string' && FROM_HOST.has(value.type)
