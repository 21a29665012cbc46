/**
 * Emulator figures for the bench and the issue report (not a test: timings never gate tests).
 *   npx tsx test/emulator/measure.ts [--connects N]
 * Prints one JSON object: fresh and pre-minted connect times, the 500-connect loop, and
 * contacts.getContacts at 10,000 and 100,000 contacts, split into server time and end to end.
 */
import { parseArgs } from 'node:util'
import { Api } from 'telegram'
import { emulatorClient } from './client.js'
import { startEmulator } from './index.js'
import { encodeContacts } from '../../electron/emulator/fast-tl.js'
import { userView } from '../../electron/emulator/views.js'

const { values } = parseArgs({ options: { connects: { type: 'string', default: '500' } } })
const connects = Number(values.connects)

const percentile = (samples: number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b)
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1))
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}

async function connectFigures(): Promise<Record<string, number>> {
  const emu = await startEmulator({ seed: 1, users: 50, contacts: 10 })
  const fresh: number[] = []
  const loopStart = performance.now()
  for (let i = 0; i < connects; i++) {
    const client = emulatorClient(emu.endpoint, '', { connectionRetries: 1 })
    fresh.push(await timeIt(() => client.connect()))
    await client.destroy()
  }
  const loopSeconds = (performance.now() - loopStart) / 1000
  const minted: number[] = []
  for (let i = 0; i < 50; i++) {
    const client = emulatorClient(emu.endpoint, await emu.mintSession())
    minted.push(await timeIt(() => client.connect()))
    await client.destroy()
  }
  const handshakes = emu.stats.handshakes
  await emu.close()
  return {
    freshConnectP50Ms: percentile(fresh, 50),
    freshConnectP95Ms: percentile(fresh, 95),
    loopConnects: connects,
    loopSeconds: Number(loopSeconds.toFixed(1)),
    loopHandshakes: handshakes,
    mintedConnectP50Ms: percentile(minted, 50),
  }
}

async function contactsFigures(users: number, contacts: number): Promise<Record<string, number>> {
  const started = performance.now()
  const emu = await startEmulator({ seed: 3, users, contacts })
  const worldMs = performance.now() - started
  const { world } = emu
  const server: number[] = []
  for (let i = 0; i < 5; i++) {
    server.push(
      await timeIt(async () => {
        const ids = [...world.contactsOf(world.accountId).keys()].sort((a, b) => a - b)
        encodeContacts(
          ids.map((id) => ({ user: userView(world, world.accountId, world.requireUser(id)), mutual: world.isContact(id, world.accountId) })),
          world.account(world.accountId).saved.size,
        )
      }),
    )
  }
  const client = emulatorClient(emu.endpoint, emu.account.session)
  await client.connect()
  const endToEnd: number[] = []
  for (let i = 0; i < 3; i++) endToEnd.push(await timeIt(() => client.invoke(new Api.contacts.GetContacts({ hash: 0 as never }))))
  await client.destroy()
  await emu.close()
  return {
    users,
    contacts,
    startEmulatorMs: Number(worldMs.toFixed(0)),
    serverEncodeP50Ms: percentile(server, 50),
    endToEndP50Ms: percentile(endToEnd, 50),
  }
}

const result = {
  connects: await connectFigures(),
  getContacts10k: await contactsFigures(100_000, 10_000),
  getContacts100k: await contactsFigures(110_000, 100_000),
}
process.stdout.write(`${JSON.stringify(result)}\n`)
