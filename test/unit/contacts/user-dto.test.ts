import { describe, expect, it } from 'vitest'
import { Api } from 'telegram'
import { returnBigInt } from 'telegram/Helpers.js'
import { contactSchema, personSchema } from '../../../electron/core/contract'
import { userToContact, userToPerson, userToSelf } from '../../../electron/core/contacts/user-dto'

const user = (extra: Partial<ConstructorParameters<typeof Api.User>[0]> = {}): Api.User =>
  new Api.User({
    id: returnBigInt('9007199254740993'),
    accessHash: returnBigInt('-123456789'),
    firstName: 'Zoë',
    lastName: 'Ångström',
    username: 'zoe',
    phone: '447700900123',
    contact: true,
    mutualContact: true,
    status: new Api.UserStatusRecently({}),
    ...extra,
  })

describe('user DTOs', () => {
  it('maps a contact to the contract shape without access hashes', () => {
    const contact = userToContact(user())
    expect(contactSchema.parse(contact)).toEqual(contact)
    expect(contact).toEqual({
      id: '9007199254740993',
      firstName: 'Zoë',
      lastName: 'Ångström',
      username: 'zoe',
      phone: '+447700900123',
      mutual: true,
      status: { kind: 'recently' },
    })
    expect(JSON.stringify(contact)).not.toContain('123456789')
  })

  it('uses the first active collectible username when there is no plain one', () => {
    const collectible = user({
      username: undefined,
      usernames: [new Api.Username({ username: 'old', active: false }), new Api.Username({ username: 'shiny', active: true })],
    })
    expect(userToContact(collectible).username).toBe('shiny')
  })

  it('fills blanks for hidden fields', () => {
    const hidden = userToPerson(user({ firstName: undefined, lastName: undefined, username: undefined, phone: undefined, contact: false, mutualContact: false, status: undefined }))
    expect(personSchema.parse(hidden)).toEqual(hidden)
    expect(hidden).toMatchObject({ firstName: '', lastName: '', username: null, phone: null, isContact: false, mutual: false, status: { kind: 'hidden' } })
  })

  it('describes the signed-in user', () => {
    expect(userToSelf(user())).toEqual({ id: '9007199254740993', firstName: 'Zoë', lastName: 'Ångström', username: 'zoe', phone: '+447700900123' })
  })
})
