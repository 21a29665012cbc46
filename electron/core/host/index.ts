/**
 * The core host's entry point (built to out/main/core-host.js): the whole core in a process of its own. Its parent
 * is Electron's main process (a utility process: process.parentPort) or a Node process (child_process.fork:
 * process.send); both speak the protocol of protocol.ts.
 */
import { runHost, type HostPort, type ParentLink } from './host'
import type { FromHost } from './protocol'

/** Electron's ParentPort in a utility process, as far as the host uses it (no 'electron' import in the core). */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown; ports: HostPort[] }) => void): unknown
  postMessage(message: unknown): void
}

function electronLink(parentPort: ElectronParentPort): ParentLink {
  return {
    send: (message: FromHost) => parentPort.postMessage(message),
    onMessage: (listener) => void parentPort.on('message', (event) => listener(event.data, event.ports)),
    // Electron ends a utility process together with its parent.
    onClose: () => undefined,
    exit: (code) => process.exit(code),
  }
}

function nodeLink(): ParentLink {
  let pending = 0
  let exitCode: number | null = null
  const leaveWhenSent = (): void => {
    if (exitCode !== null && pending === 0) process.exit(exitCode)
  }
  return {
    send(message: FromHost) {
      if (!process.connected) return
      pending++
      process.send?.(message, undefined, undefined, () => {
        pending--
        leaveWhenSent()
      })
    },
    onMessage: (listener) => void process.on('message', (message) => listener(message, [])),
    onClose: (listener) => void process.once('disconnect', listener),
    exit(code) {
      exitCode = code
      leaveWhenSent()
    },
  }
}

const parentPort = (process as NodeJS.Process & { parentPort?: ElectronParentPort }).parentPort
if (parentPort) runHost(electronLink(parentPort))
else if (process.send) runHost(nodeLink())
else {
  process.stderr.write('core-host: start me as a child process (child_process.fork or Electron utilityProcess.fork)\n')
  process.exit(2)
}
