/** The one JSON line `{endpoint, account, world}` that `npm run emulator` prints and `npm run demo -- --json` embeds. */
import type { Emulator } from './emulator.js'
import type { World } from './world.js'

export interface Announcement {
  endpoint: Emulator['endpoint']
  account: { phone: string; code: string; password: string | null; session: string }
  world: {
    contacts: number
    strangers: Array<{
      id: number
      phone: string
      username: string | null
      firstName: string
      lastName: string
      needContactsException: boolean
      addedUs: boolean
    }>
    unregisteredPhones: string[]
  }
}

/** Strangers covering both flags (need_contacts_exception, added us), then others up to 12. */
function pickStrangers(world: World): ReturnType<World['strangers']> {
  const pool = world.strangers(400)
  const picked = new Set<(typeof pool)[number]>()
  for (const need of [true, false]) {
    for (const added of [true, false]) {
      const match = pool.find((s) => s.needContactsException === need && s.addedUs === added && !picked.has(s))
      if (match !== undefined) picked.add(match)
    }
  }
  for (const stranger of pool) {
    if (picked.size >= 12) break
    picked.add(stranger)
  }
  return [...picked]
}

/** Endpoint, account (with its pre-minted session) and a few strangers to try adding. */
export function announcement(emulator: Emulator): Announcement {
  const { world, account } = emulator
  return {
    endpoint: emulator.endpoint,
    account: { phone: account.phone, code: account.code, password: account.password, session: account.session },
    world: {
      contacts: world.contactsOf(world.accountId).size,
      strangers: pickStrangers(world).map(({ user, needContactsException, addedUs }) => ({
        id: user.id,
        phone: `+${user.phone}`,
        username: user.username ?? null,
        firstName: user.firstName,
        lastName: user.lastName,
        needContactsException,
        addedUs,
      })),
      unregisteredPhones: world.unregisteredPhones.map((phone) => `+${phone}`),
    },
  }
}
