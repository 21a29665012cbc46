import { beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator'
import { useEmulatorCores } from './helpers'

const cores = useEmulatorCores({ seed: 37, users: 120, contacts: 30 }, (emulator) => ({ session: emulator.account.session }))
let emulator: Emulator
beforeAll(() => {
  emulator = cores.emulator
})

const me = () => emulator.world.accountId

describe('request actions', () => {
  it('blocks a requester (gone from the list), and unblock brings them back', async () => {
    const core = await cores.open()
    const people = (await core.call('requests.list')).people
    const target = people[0]!
    await core.call('requests.block', { id: target.id })
    expect(emulator.world.account(me()).blocked.has(Number(target.id))).toBe(true)
    expect((await core.call('requests.list')).people.map((p) => p.id)).not.toContain(target.id)
    await core.call('requests.unblock', { id: target.id })
    expect(emulator.world.account(me()).blocked.has(Number(target.id))).toBe(false)
    expect((await core.call('requests.list')).people.map((p) => p.id)).toContain(target.id)
    expect(emulator.callsOf('contacts.Block')[0]!.params).toMatchObject({ id: { _: 'InputPeerUser', userId: target.id } })
  })

  it('reports spam with messages.reportSpam', async () => {
    const core = await cores.open()
    const target = (await core.call('requests.list')).people[1]!
    await core.call('requests.reportSpam', { id: target.id })
    expect(emulator.world.account(me()).spamReports).toContain(Number(target.id))
  })

  it('dismisses locally, remembered across a restart, without telling Telegram', async () => {
    const first = await cores.open()
    const target = (await first.call('requests.list')).people[2]!
    emulator.clearCalls()
    await first.call('requests.dismiss', { id: target.id })
    expect(emulator.calls.filter((call) => !['updates.GetState', 'users.GetUsers'].includes(call.method))).toEqual([])
    await first.dispose()
    const core = await cores.open({ dataDir: first.dataDir, secrets: first.secrets })
    expect((await core.call('requests.list')).people.map((p) => p.id)).not.toContain(target.id)
  })

  it('keeps someone added without sharing in the list, still waiting for the number', async () => {
    // With "My contacts" adding them would show our number anyway; with "Nobody" only sharing does.
    emulator.world.requireUser(me()).phonePrivacy = 'nobody'
    const core = await cores.open()
    const target = (await core.call('requests.list')).people[3]!
    await core.call('contacts.add', { id: target.id, firstName: target.firstName || 'Friend', lastName: '', phone: '', sharePhone: false })
    expect(emulator.world.isContact(me(), Number(target.id))).toBe(true)
    const after = await core.call('requests.list')
    expect(after.people.map((p) => p.id)).toContain(target.id)
    await core.call('requests.accept', { id: target.id })
    expect((await core.call('requests.list')).people.map((p) => p.id)).not.toContain(target.id)
  })
})
