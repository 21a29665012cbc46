import { afterAll, beforeAll, expect } from 'vitest'
import type { TelegramClient } from 'telegram'
import { RPCError } from 'telegram/errors/index.js'
import { connectedClient } from '../../emulator/client.js'
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index.js'

/** The RPCError a call rejects with; fails the test when it resolves or rejects with anything else. */
export async function rpcError(promise: Promise<unknown>): Promise<RPCError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(RPCError)
  return error as RPCError
}

export interface EmulatorFixture {
  /** The file's emulator, started in beforeAll. */
  readonly emu: Emulator
  /** A connected GramJS client (the account's pre-minted session by default), destroyed in afterAll. */
  client(session?: string): Promise<TelegramClient>
}

/**
 * One emulator for the test file and the clients its tests connect; afterAll destroys the clients (not disconnect():
 * GramJS's ping timer would keep Node alive) and closes the emulator. Registers the vitest hooks: call it at the top.
 */
export function useEmulator(options: EmulatorOptions): EmulatorFixture {
  let emu: Emulator | undefined
  const clients: TelegramClient[] = []
  const started = (): Emulator => {
    if (emu === undefined) throw new Error('the emulator starts in beforeAll')
    return emu
  }
  beforeAll(async () => {
    emu = await startEmulator(options)
  })
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.destroy()))
    await emu?.close()
  })
  return {
    get emu() {
      return started()
    },
    async client(session = started().account.session) {
      const c = await connectedClient(started().endpoint, session)
      clients.push(c)
      return c
    },
  }
}
