import { utilityProcess, type MessagePortMain, type UtilityProcess } from 'electron'
import type { Platform } from '../core/app/platform'
import type { HostConfig, UnexpectedError } from '../core/host/protocol'
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
 * The core (GramJS, importer, exporter, caches, the keychain) in an Electron utility process, as VS Code runs its
 * shared process: main keeps the window and answers the core's platform requests; a crashed core is restarted.
 * The utility process inherits main's environment (the env seams are honoured only unpackaged, by the core itself).
 */
export function startCoreProcess(options: CoreProcessOptions): CoreSupervisor {
  const supervisor = new CoreSupervisor({
    spawn: () => childHandle(utilityProcess.fork(options.entry, [], { serviceName: 'TG Contacts core', stdio: 'inherit' })),
    config: options.config,
    platform: options.platform,
    onState: options.onState,
    onUnexpected: options.onUnexpected,
  })
  return supervisor
}
