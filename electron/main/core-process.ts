import { utilityProcess, type MessagePortMain, type UtilityProcess } from 'electron'
import type { Platform } from '../core/app/platform'
import type { HostConfig, UnexpectedError } from '../core/host/protocol'
import { CORE_V8_OPTIONS } from '../core/host/core-v8-options'
import { CoreSupervisor, type ChildHandle, type CoreState } from '../core/host/supervisor'

export interface CoreProcessOptions {
  /** out/main/core-host.js */
  entry: string
  config: HostConfig
  platform: Platform
  onState(state: CoreState): void
  onUnexpected(error: UnexpectedError): void
}

/** A utility process as the supervisor drives it. */
function childHandle(child: UtilityProcess): ChildHandle {
  return {
    send: (message, transfer) => child.postMessage(message, (transfer ?? []) as MessagePortMain[]),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.once('exit', (code) => listener(code)),
    kill: () => void child.kill(),
  }
}

/**
 * V8 options reach a utility process only as --js-flags: Electron puts execArgv on the child's command line, where
 * its JavascriptEnvironment hands the --js-flags value to V8 before the isolate exists; other V8 options in execArgv
 * are dropped (node_bindings.cc keeps only a short list of Node options).
 */
const execArgv = [`--js-flags=${CORE_V8_OPTIONS.join(' ')}`]

/**
 * The core (GramJS, importer, exporter, caches, the keychain) in an Electron utility process, as VS Code runs its
 * shared process: main keeps the window and answers the core's platform requests; a crashed core is restarted.
 * The utility process inherits main's environment (the env seams are honoured only unpackaged, by the core itself).
 */
export function startCoreProcess(options: CoreProcessOptions): CoreSupervisor {
  const supervisor = new CoreSupervisor({
    spawn: () => childHandle(utilityProcess.fork(options.entry, [], { serviceName: 'TG Contacts core', stdio: 'inherit', execArgv })),
    config: options.config,
    platform: options.platform,
    onState: options.onState,
    onUnexpected: options.onUnexpected,
  })
  return supervisor
}
