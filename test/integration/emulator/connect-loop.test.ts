import { afterAll, beforeAll, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/index.js'
import { emulatorClient } from '../../emulator/client.js'

const CONNECTS = 500

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({ seed: 17, users: 20, contacts: 5 })
})

afterAll(async () => {
  await emu.close()
})

// Every connect runs the full auth-key exchange. A flaky exchange would show up as a failed
// connect or as extra keys: GramJS retries the whole exchange when dh_gen_ok does not verify
// (the 255-byte-key quirk), and the server has made a key by then.
it(`completes ${CONNECTS} fresh connects in a row without a retry`, { timeout: 900_000 }, async () => {
  const failures: string[] = []
  for (let i = 0; i < CONNECTS; i++) {
    const client = emulatorClient(emu.endpoint, '', { connectionRetries: 1 })
    try {
      await client.connect()
      if (!client.connected) failures.push(`#${i}: not connected`)
    } catch (error) {
      failures.push(`#${i}: ${(error as Error).message}`)
    } finally {
      await client.destroy()
    }
  }
  expect(failures).toEqual([])
  expect(emu.stats.handshakes).toBe(CONNECTS)
  expect(emu.callsOf('help.GetConfig')).toHaveLength(CONNECTS)
})
