import { Api } from 'telegram'
import type { UserStatus } from '../contract'

/** Api.UserStatus -> the contract's status. An absent or empty status means the user hides it. */
export function mapUserStatus(status: Api.TypeUserStatus | undefined): UserStatus {
  if (status instanceof Api.UserStatusOnline) return { kind: 'online', expires: status.expires }
  if (status instanceof Api.UserStatusOffline) return { kind: 'offline', wasOnline: status.wasOnline }
  if (status instanceof Api.UserStatusRecently) return { kind: 'recently' }
  if (status instanceof Api.UserStatusLastWeek) return { kind: 'lastWeek' }
  if (status instanceof Api.UserStatusLastMonth) return { kind: 'lastMonth' }
  return { kind: 'hidden' }
}

export function sameStatus(a: UserStatus, b: UserStatus): boolean {
  if (a.kind !== b.kind) return false
  if (a.kind === 'online' && b.kind === 'online') return a.expires === b.expires
  if (a.kind === 'offline' && b.kind === 'offline') return a.wasOnline === b.wasOnline
  return true
}
