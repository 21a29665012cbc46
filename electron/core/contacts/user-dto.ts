import { Api } from 'telegram'
import type { Contact, Person, Self } from '../contract'
import { phoneFromTelegram } from '../telegram/phone'
import { mapUserStatus } from './user-status'

/** The first active username: User.username, else the first active entry of User.usernames (collectible names). */
export function primaryUsername(user: Api.User): string | null {
  if (user.username) return user.username
  return user.usernames?.find((entry) => entry.active)?.username ?? null
}

export function userToContact(user: Api.User): Contact {
  return { ...userToSelf(user), mutual: user.mutualContact === true, status: mapUserStatus(user.status) }
}

export function userToPerson(user: Api.User): Person {
  return { ...userToContact(user), isContact: user.contact === true }
}

export function userToSelf(user: Api.User): Self {
  const self: Self = {
    id: user.id.toString(),
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
    username: primaryUsername(user),
    phone: phoneFromTelegram(user.phone),
  }
  if (user.photo instanceof Api.UserProfilePhoto) self.photoId = user.photo.photoId.toString()
  return self
}

/** Users (not UserEmpty) from a vector of TypeUser. */
export function fullUsers(users: readonly Api.TypeUser[]): Api.User[] {
  return users.filter((user): user is Api.User => user instanceof Api.User)
}
