import { beforeAll, describe, expect, it } from 'vitest'
import { Api, type TelegramClient } from 'telegram'
import { FloodWaitError, RPCError } from 'telegram/errors/index.js'
import { Raw } from 'telegram/events/index.js'
import { connectedClient } from '../../emulator/client.js'
import type { Emulator } from '../../emulator/index.js'
import { useEmulator } from './helpers.js'

const fixture = useEmulator({ seed: 13, users: 80, contacts: 25, importLimits: { perCall: 3, perWindow: 5, windowSeconds: 600 } })
let emu: Emulator
let c: TelegramClient

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  )
}

const getContacts = (): Promise<Api.contacts.TypeContacts> => c.invoke(new Api.contacts.GetContacts({ hash: 0 as never }))

/** Resolves with the first update of the given class the client receives. */
function nextUpdate<T>(client: TelegramClient, type: new (...args: never[]) => T): Promise<T> {
  return new Promise((resolve) => {
    const handler = (update: unknown): void => {
      if (update instanceof type) {
        client.removeEventHandler(handler, new Raw({}))
        resolve(update)
      }
    }
    client.addEventHandler(handler, new Raw({}))
  })
}

beforeAll(async () => {
  emu = fixture.emu
  c = await fixture.client()
})

describe('scripted faults', () => {
  it('fails a method once with any RPC error, then answers normally', async () => {
    emu.script('contacts.getContacts', { error: 'SOMETHING_ODD' })
    const error = await rejection(getContacts())
    expect(error).toBeInstanceOf(RPCError)
    expect([(error as RPCError).code, (error as RPCError).errorMessage]).toEqual([400, 'SOMETHING_ODD'])
    expect(await getContacts()).toBeInstanceOf(Api.contacts.Contacts)
  })

  it('fails N times, and the handle counts down', async () => {
    const handle = emu.script('contacts.GetStatuses', { error: 'USER_PRIVACY_RESTRICTED', times: 2 })
    expect(handle.remaining).toBe(2)
    const first = (await rejection(c.invoke(new Api.contacts.GetStatuses()))) as RPCError
    expect([first.code, first.errorMessage]).toEqual([403, 'USER_PRIVACY_RESTRICTED'])
    await rejection(c.invoke(new Api.contacts.GetStatuses()))
    expect(handle.remaining).toBe(0)
    expect(await c.invoke(new Api.contacts.GetStatuses())).toHaveLength(25)
  })

  it('answers FLOOD_WAIT_N as a FloodWaitError with the seconds', async () => {
    emu.script('contacts.GetContacts', { error: 'FLOOD_WAIT_42' })
    const error = await rejection(getContacts())
    expect(error).toBeInstanceOf(FloodWaitError)
    expect((error as FloodWaitError).seconds).toBe(42)
  })

  it('lets GramJS sleep through a short FLOOD_WAIT and retry by itself', async () => {
    const patient = await connectedClient(emu.endpoint, emu.account.session, { floodSleepThreshold: 60 })
    try {
      emu.clearCalls()
      emu.script('contacts.GetContacts', { error: 'FLOOD_WAIT_1' })
      const result = await patient.invoke(new Api.contacts.GetContacts({ hash: 0 as never }))
      expect(result).toBeInstanceOf(Api.contacts.Contacts)
      expect(emu.callsOf('contacts.GetContacts').map((call) => call.outcome.kind)).toEqual(['error', 'result'])
    } finally {
      await patient.destroy()
    }
  })

  it('answers INTERNAL as a 500, which GramJS 2.26 surfaces instead of retrying', async () => {
    emu.script('contacts.GetContacts', { error: 'INTERNAL' })
    const error = (await rejection(getContacts())) as RPCError
    expect([error.code, error.errorMessage]).toEqual([500, 'INTERNAL'])
  })

  it('answers RPC_CALL_FAIL, which GramJS retries by itself after 2 s', async () => {
    emu.clearCalls()
    emu.script('contacts.GetContacts', { error: 'RPC_CALL_FAIL' })
    expect(await getContacts()).toBeInstanceOf(Api.contacts.Contacts)
    expect(emu.callsOf('contacts.GetContacts').map((call) => call.outcome)).toEqual([
      { kind: 'error', code: 500, message: 'RPC_CALL_FAIL' },
      { kind: 'result', className: 'contacts.Contacts' },
    ])
  })

  it('delays an answer without holding up later calls', async () => {
    emu.script('contacts.GetStatuses', { delayMs: 400 })
    const order: string[] = []
    const slow = c.invoke(new Api.contacts.GetStatuses()).then(() => order.push('statuses'))
    const fast = getContacts().then(() => order.push('contacts'))
    await Promise.all([slow, fast])
    expect(order).toEqual(['contacts', 'statuses'])
  })

  it('answers a scripted result instead of the method', async () => {
    emu.script('contacts.Search', {
      result: (request) => {
        expect(request).toBeInstanceOf(Api.contacts.Search)
        return new Api.contacts.Found({ myResults: [], results: [], chats: [], users: [] })
      },
    })
    const found = await c.invoke(new Api.contacts.Search({ q: 'anything', limit: 5 }))
    expect(found.users).toEqual([])
  })

  it('cancels a script before it is used', async () => {
    const handle = emu.script('contacts.GetContacts', { error: 'NEVER_SEEN', times: Infinity })
    handle.cancel()
    expect(await getContacts()).toBeInstanceOf(Api.contacts.Contacts)
  })
})

describe('import rate limits', () => {
  const row = (clientId: number, phone: string): Api.InputPhoneContact =>
    new Api.InputPhoneContact({ clientId: clientId as never, phone, firstName: `Row ${clientId}`, lastName: '' })

  it('returns rows beyond the per-call and per-window limits in retry_contacts, then trips FLOOD_WAIT', async () => {
    const phones = emu.world.unregisteredPhones
    const first = await c.invoke(new Api.contacts.ImportContacts({ contacts: [1, 2, 3, 4].map((i) => row(i, phones[i]!)) }))
    expect(first.retryContacts.map(String)).toEqual(['4'])
    const second = await c.invoke(new Api.contacts.ImportContacts({ contacts: [4, 5, 6].map((i) => row(i, phones[i]!)) }))
    // 3 of the window's 5 are used: 2 more go through.
    expect(second.retryContacts.map(String)).toEqual(['6'])
    const saved = emu.world.account(emu.account.id).saved
    expect([1, 2, 3, 4, 5, 6].map((i) => saved.has(phones[i]!))).toEqual([true, true, true, true, true, false])
    const error = await rejection(c.invoke(new Api.contacts.ImportContacts({ contacts: [row(6, phones[6]!)] })))
    expect(error).toBeInstanceOf(FloodWaitError)
    expect((error as FloodWaitError).seconds).toBeGreaterThan(500)
    expect((error as FloodWaitError).seconds).toBeLessThanOrEqual(600)
  })
})

describe('pushed updates', () => {
  it("pushes updateUserStatus when a contact's status changes", async () => {
    const contactId = [...emu.world.contactsOf(emu.account.id).keys()][0]!
    const received = nextUpdate(c, Api.UpdateUserStatus)
    emu.setUserStatus(contactId, { kind: 'online', expires: 2_000_000_000 })
    const update = await received
    expect(update.userId.toString()).toBe(String(contactId))
    expect(update.status).toBeInstanceOf(Api.UserStatusOnline)
  })

  it('pushes updatePeerSettings with share_contact when someone adds the account without its phone', async () => {
    const stranger = emu.world.strangers(200).find((s) => !s.addedUs && s.needContactsException)!.user
    const received = nextUpdate(c, Api.UpdatePeerSettings)
    emu.setContactOfAccount(stranger.id, true)
    const update = await received
    expect((update.peer as Api.PeerUser).userId.toString()).toBe(String(stranger.id))
    expect(update.settings.shareContact).toBe(true)
  })

  it('tells the other side when the account adds them', async () => {
    const other = emu.world.strangers(200).find((s) => s.needContactsException && !s.addedUs)!.user
    const theirs = await connectedClient(emu.endpoint, await emu.mintSession(other.id))
    try {
      const received = nextUpdate(theirs, Api.UpdatePeerSettings)
      await c.invoke(
        new Api.contacts.AddContact({
          id: new Api.InputUser({ userId: other.id as never, accessHash: other.accessHash.toString() as never }),
          firstName: 'Other',
          lastName: '',
          phone: '',
        }),
      )
      const update = await received
      expect((update.peer as Api.PeerUser).userId.toString()).toBe(String(emu.account.id))
      expect(update.settings.shareContact).toBe(true)
    } finally {
      await theirs.destroy()
    }
  })

  it('simulates contacts coming online and going offline', async () => {
    const seen: Api.UpdateUserStatus[] = []
    const handler = (update: unknown): void => {
      if (update instanceof Api.UpdateUserStatus) seen.push(update)
    }
    c.addEventHandler(handler, new Raw({}))
    const stop = emu.simulateActivity(50)
    try {
      await expect.poll(() => seen.length, { timeout: 5000 }).toBeGreaterThanOrEqual(3)
    } finally {
      stop()
      c.removeEventHandler(handler, new Raw({}))
    }
    const contacts = emu.world.contactsOf(emu.account.id)
    expect(seen.every((update) => contacts.has(Number(update.userId.toString())))).toBe(true)
    expect(seen.every((update) => ['UserStatusOnline', 'UserStatusOffline'].includes(update.status.className))).toBe(true)
  })

  it('delivers any pushed update', async () => {
    const received = nextUpdate(c, Api.UpdateUserName)
    emu.push(new Api.UpdateUserName({ userId: 1 as never, firstName: 'Pushed', lastName: '', usernames: [] }))
    expect((await received).firstName).toBe('Pushed')
  })
})
