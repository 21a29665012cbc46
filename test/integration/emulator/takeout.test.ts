import { beforeAll, describe, expect, it } from 'vitest'
import { Api, type TelegramClient } from 'telegram'
import type { Emulator } from '../../emulator/index.js'
import { rpcError, useEmulator } from './helpers.js'

const fixture = useEmulator({ seed: 9, users: 80, contacts: 20, takeoutDelaySeconds: 7200 })
let emu: Emulator
let c: TelegramClient

const withTakeout = <R>(takeoutId: Api.long | string, query: Api.AnyRequest): Promise<R> =>
  c.invoke(new Api.InvokeWithTakeout({ takeoutId: takeoutId as Api.long, query })) as Promise<R>

beforeAll(async () => {
  emu = fixture.emu
  c = await fixture.client()
})

describe('takeout', () => {
  it('answers TAKEOUT_INIT_DELAY_N (420) while the delay runs', async () => {
    const error = await rpcError(c.invoke(new Api.account.InitTakeoutSession({ contacts: true })))
    expect(error.code).toBe(420)
    const seconds = Number(/^TAKEOUT_INIT_DELAY_(\d+)$/.exec(error.errorMessage)?.[1])
    expect(seconds).toBeGreaterThan(7000)
    expect(seconds).toBeLessThanOrEqual(7200)
  })

  it('refuses contacts.getSaved and finishTakeoutSession outside a takeout (403 TAKEOUT_REQUIRED)', async () => {
    const saved = await rpcError(c.invoke(new Api.contacts.GetSaved()))
    expect([saved.code, saved.errorMessage]).toEqual([403, 'TAKEOUT_REQUIRED'])
    const finish = await rpcError(c.invoke(new Api.account.FinishTakeoutSession({ success: true })))
    expect([finish.code, finish.errorMessage]).toEqual([403, 'TAKEOUT_REQUIRED'])
  })

  it('exports the saved phone book inside a takeout, then finishes it', async () => {
    emu.world.takeoutDelaySeconds = 0
    const takeout = await c.invoke(new Api.account.InitTakeoutSession({ contacts: true }))
    const saved = await withTakeout<Api.SavedPhoneContact[]>(takeout.id, new Api.contacts.GetSaved())
    const world = emu.world.account(emu.account.id).saved
    expect(saved).toHaveLength(world.size)
    expect(new Set(saved.map((entry) => entry.phone))).toEqual(new Set(world.keys()))
    // People who are not on Telegram are there too, with their dates.
    const offTelegram = saved.filter((entry) => emu.world.userByPhone(entry.phone) === undefined)
    expect(offTelegram.length).toBeGreaterThan(0)
    expect(offTelegram.every((entry) => entry.date > 0 && entry.firstName !== '')).toBe(true)
    expect(emu.callsOf('contacts.GetSaved').at(-1)?.chain).toBe('InvokeWithTakeout>contacts.GetSaved')
    expect(emu.callsOf('contacts.GetSaved').at(-1)?.takeoutId).toBe(takeout.id.toString())

    expect(await withTakeout<boolean>(takeout.id, new Api.account.FinishTakeoutSession({ success: true }))).toBe(true)
    const after = await rpcError(withTakeout(takeout.id, new Api.contacts.GetSaved()))
    expect(after.errorMessage).toBe('TAKEOUT_INVALID')
  })

  it('answers TAKEOUT_INVALID for a wrong id, and for an id a newer takeout replaced', async () => {
    const first = await c.invoke(new Api.account.InitTakeoutSession({ contacts: true }))
    expect((await rpcError(withTakeout('12345', new Api.contacts.GetSaved()))).errorMessage).toBe('TAKEOUT_INVALID')
    const second = await c.invoke(new Api.account.InitTakeoutSession({ contacts: true }))
    expect(second.id.toString()).not.toBe(first.id.toString())
    expect((await rpcError(withTakeout(first.id, new Api.contacts.GetSaved()))).errorMessage).toBe('TAKEOUT_INVALID')
    expect(await withTakeout<boolean>(second.id, new Api.account.FinishTakeoutSession({ success: false }))).toBe(true)
  })
})
