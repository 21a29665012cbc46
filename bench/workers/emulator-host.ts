/**
 * The emulator in a process of its own, so its TL encoding of 100,000 users never counts against the event loop
 * being measured: `emulator-host.ts OPTIONS_JSON`, forked with an IPC channel. Sends one message
 * `{endpoint, session, importable}` when it listens, and serves until the channel closes.
 *
 * OPTIONS_JSON: `{seed, users, contacts, saved?, importable?}`: `saved` adds saved phone contacts of people not on
 * Telegram (an export's "not on Telegram" part); `importable` lists that many registered users' numbers who are
 * not contacts yet (an import of people on Telegram).
 */

import { startEmulator } from '../../test/emulator/index'

interface HostOptions {
  seed: number
  users: number
  contacts: number
  saved?: number
  importable?: number
}

const options = JSON.parse(process.argv[2] ?? '{}') as HostOptions
const emulator = await startEmulator({ seed: options.seed, users: options.users, contacts: options.contacts, savedUnregistered: 3 })
const { world } = emulator
const saved = world.account(world.accountId).saved
for (let i = 0; saved.size < (options.saved ?? 0); i++) {
  const phone = `4479${String(i).padStart(8, '0')}`
  saved.set(phone, { phone, firstName: `Person ${i}`, lastName: i % 3 ? 'Müller' : '', date: 1_600_000_000 + i })
}
const contacts = world.contactsOf(world.accountId)
const importable: string[] = []
for (const user of world.users) {
  if (importable.length >= (options.importable ?? 0)) break
  if (user.id !== world.accountId && !contacts.has(user.id) && user.findableByPhone) importable.push(`+${user.phone}`)
}
process.send?.({ endpoint: emulator.endpoint, session: emulator.account.session, importable })
process.on('disconnect', () => void emulator.close().finally(() => process.exit(0)))
