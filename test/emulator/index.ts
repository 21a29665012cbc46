/**
 * The Telegram emulator as the tests start it: the server lives in electron/emulator (the app's demo ships it); here
 * it runs with the committed test RSA key, which saves a 2048-bit key generation per test process.
 */
import { readFileSync } from 'node:fs'
import { startEmulator as startServer, type Emulator, type EmulatorOptions } from '../../electron/emulator/index.js'
import { loadServerKey, type ServerRsaKey } from '../../electron/emulator/crypto.js'

export type { Emulator, EmulatorAccount, EmulatorOptions } from '../../electron/emulator/index.js'
export type { ProtocolEvent } from '../../electron/emulator/index.js'
export type { Behaviour, CallOutcome, CallRecord, ScriptHandle } from '../../electron/emulator/index.js'
export type { UserStatus, WorldUser, World, PhonePrivacy } from '../../electron/emulator/index.js'
export { vectorHash } from '../../electron/emulator/index.js'

let testKey: ServerRsaKey | undefined

/** The committed test key (test/fixtures/emulator/rsa-private.pem). */
export function testServerKey(): ServerRsaKey {
  return (testKey ??= loadServerKey(readFileSync(new URL('../fixtures/emulator/rsa-private.pem', import.meta.url), 'utf8')))
}

export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startServer({ serverKey: testServerKey(), ...options })
}
