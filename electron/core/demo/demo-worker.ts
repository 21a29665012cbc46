/**
 * Worker thread entry (out/main/demo-worker.js): the demo's emulator, inside the core's process but off its event
 * loop, so encoding photos or answering a handshake never holds up the core serving the page. The emulator itself is
 * a chunk of its own, loaded here by a dynamic import: nothing of it is read before a demo starts.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { DemoWorldOptions } from './options'
import type { FromDemoWorker, ToDemoWorker } from './demo-connection'

async function run(port: NonNullable<typeof parentPort>): Promise<void> {
  const send = (message: FromDemoWorker): void => port.postMessage(message)
  let close: (() => Promise<void>) | null = null
  port.on('message', (message: ToDemoWorker) => {
    if (message.type !== 'close') return
    void (close?.() ?? Promise.resolve()).finally(() => {
      send({ type: 'closed' })
      port.close()
    })
  })
  try {
    const { startDemoWorld } = await import('../../emulator/demo-world')
    const world = await startDemoWorld(workerData as DemoWorldOptions)
    close = () => world.close()
    send({ type: 'ready', endpoint: world.emulator.endpoint, session: world.emulator.account.session, announcement: world.announcement() })
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
  }
}

if (parentPort) void run(parentPort)
