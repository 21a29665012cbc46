/** World data as TL objects, seen from one account (names, phone and contact flags depend on who looks). */
import { Api } from 'telegram'
import type { UserView } from './fast-tl.js'
import { strippedThumbFor } from './photos/avatars.js'
import { long } from './wire.js'
import type { UserStatus, World, WorldBirthday, WorldPhoto, WorldUser } from './world.js'

export function apiStatus(status: UserStatus): Api.TypeUserStatus {
  switch (status.kind) {
    case 'online':
      return new Api.UserStatusOnline({ expires: status.expires })
    case 'offline':
      return new Api.UserStatusOffline({ wasOnline: status.wasOnline })
    case 'recently':
      return new Api.UserStatusRecently({})
    case 'lastWeek':
      return new Api.UserStatusLastWeek({})
    case 'lastMonth':
      return new Api.UserStatusLastMonth({})
    case 'empty':
      return new Api.UserStatusEmpty()
  }
}

/** What `viewerId` sees of `user`: their contact names, the phone privacy allows, contact flags. */
export function userView(world: World, viewerId: number, user: WorldUser): UserView {
  const entry = world.contactsOf(viewerId).get(user.id)
  const contact = entry !== undefined
  return {
    id: user.id,
    self: user.id === viewerId,
    contact,
    mutualContact: contact && world.isContact(user.id, viewerId),
    bot: user.bot,
    deleted: user.deleted,
    accessHash: user.accessHash,
    firstName: entry?.firstName ?? user.firstName,
    lastName: (entry?.lastName ?? user.lastName) || undefined,
    username: user.username,
    phone: world.phoneSeenBy(user, viewerId),
    status: user.status,
    photo: user.photo,
  }
}

/** userProfilePhoto with the stripped preview clients show until the photo file arrives. */
export function apiProfilePhoto(photo: WorldPhoto): Api.UserProfilePhoto {
  return new Api.UserProfilePhoto({ photoId: long(photo.id), dcId: photo.dcId, strippedThumb: strippedThumbFor(photo.id) })
}

export function apiUserFromView(view: UserView): Api.User {
  return new Api.User({
    id: long(view.id),
    self: view.self || undefined,
    contact: view.contact || undefined,
    mutualContact: view.mutualContact || undefined,
    bot: view.bot || undefined,
    deleted: view.deleted || undefined,
    accessHash: long(view.accessHash),
    firstName: view.firstName,
    lastName: view.lastName,
    username: view.username,
    phone: view.phone,
    photo: view.photo === undefined ? undefined : apiProfilePhoto(view.photo),
    status: apiStatus(view.status),
  })
}

export function apiUser(world: World, viewerId: number, user: WorldUser): Api.User {
  return apiUserFromView(userView(world, viewerId, user))
}

export function apiPeerSettings(world: World, viewerId: number, userId: number): Api.PeerSettings {
  const settings = world.peerSettings(viewerId, userId)
  return new Api.PeerSettings({
    addContact: settings.addContact || undefined,
    blockContact: settings.blockContact || undefined,
    needContactsException: settings.needContactsException || undefined,
    shareContact: settings.shareContact || undefined,
  })
}

export const peerUser = (userId: number): Api.PeerUser => new Api.PeerUser({ userId: long(userId) })

export function updatesOf(updates: Api.TypeUpdate[], users: Api.TypeUser[]): Api.Updates {
  return new Api.Updates({ updates, users, chats: [], date: Math.floor(Date.now() / 1000), seq: 0 })
}

/** What `viewerId`'s chat bar with `userId` shows now (add contact, share my phone ...). */
export const updatePeerSettings = (world: World, viewerId: number, userId: number): Api.UpdatePeerSettings =>
  new Api.UpdatePeerSettings({ peer: peerUser(userId), settings: apiPeerSettings(world, viewerId, userId) })

/** updatePeerSettings for one user, with that user as `viewerId` sees them. */
export const peerSettingsUpdates = (world: World, viewerId: number, user: WorldUser): Api.Updates =>
  updatesOf([updatePeerSettings(world, viewerId, user.id)], [apiUser(world, viewerId, user)])

export function apiBirthday(birthday: WorldBirthday | undefined): Api.Birthday | undefined {
  return birthday === undefined ? undefined : new Api.Birthday({ day: birthday.day, month: birthday.month, year: birthday.year })
}
