import { describe, expect, it } from 'vitest'
import { Api } from 'telegram'
import { mapUserStatus, sameStatus } from '../../../electron/core/contacts/user-status'

describe('mapUserStatus', () => {
  it('maps every Telegram status to the contract', () => {
    expect(mapUserStatus(new Api.UserStatusOnline({ expires: 1700000300 }))).toEqual({ kind: 'online', expires: 1700000300 })
    expect(mapUserStatus(new Api.UserStatusOffline({ wasOnline: 1690000000 }))).toEqual({ kind: 'offline', wasOnline: 1690000000 })
    expect(mapUserStatus(new Api.UserStatusRecently({}))).toEqual({ kind: 'recently' })
    expect(mapUserStatus(new Api.UserStatusLastWeek({}))).toEqual({ kind: 'lastWeek' })
    expect(mapUserStatus(new Api.UserStatusLastMonth({}))).toEqual({ kind: 'lastMonth' })
  })

  it('treats an empty or missing status as hidden', () => {
    expect(mapUserStatus(new Api.UserStatusEmpty())).toEqual({ kind: 'hidden' })
    expect(mapUserStatus(undefined)).toEqual({ kind: 'hidden' })
  })
})

describe('sameStatus', () => {
  it('compares kind and time', () => {
    expect(sameStatus({ kind: 'online', expires: 1 }, { kind: 'online', expires: 1 })).toBe(true)
    expect(sameStatus({ kind: 'online', expires: 1 }, { kind: 'online', expires: 2 })).toBe(false)
    expect(sameStatus({ kind: 'offline', wasOnline: 5 }, { kind: 'offline', wasOnline: 6 })).toBe(false)
    expect(sameStatus({ kind: 'recently' }, { kind: 'recently' })).toBe(true)
    expect(sameStatus({ kind: 'recently' }, { kind: 'lastWeek' })).toBe(false)
  })
})
