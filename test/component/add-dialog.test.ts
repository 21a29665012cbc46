import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import type { PersonDetails } from '@contract'
import AddContactDialog from '../../renderer/src/features/add/AddContactDialog.vue'
import AddByPhoneDialog from '../../renderer/src/features/add/AddByPhoneDialog.vue'
import AddByUsernameDialog from '../../renderer/src/features/add/AddByUsernameDialog.vue'
import { useAddStore } from '../../renderer/src/stores/add'
import { useContactsStore } from '../../renderer/src/stores/contacts'
import { useSessionStore } from '../../renderer/src/stores/session'
import { createFakeApi, mountWith, rpcError, SELF } from './fake-api'

function stranger(needContactsException: boolean): PersonDetails {
  return {
    id: '555',
    firstName: 'Pavel',
    lastName: 'Stranger',
    username: 'pavel',
    phone: null,
    isContact: false,
    mutual: false,
    status: { kind: 'recently' },
    bio: 'Designer <b>not bold</b>',
    commonChatsCount: 2,
    needContactsException,
    shareContact: false,
  }
}

function setup(person: PersonDetails) {
  const fake = createFakeApi({
    'contacts.details': () => person,
    'contacts.add': (input) => ({
      contact: { id: input.id, firstName: input.firstName, lastName: input.lastName, username: person.username, phone: null, mutual: false, status: person.status },
    }),
    'auth.status': () => ({ state: 'signedIn', user: SELF }),
    'app.info': () => ({ name: 'TG Contacts', version: '1', platform: 'linux', shell: 'browser', nativeDialogs: false, demo: false, demoSwitch: false }),
  })
  const wrapper = mountWith(AddContactDialog, fake)
  return { fake, wrapper }
}

async function open(person: PersonDetails) {
  const ctx = setup(person)
  await useSessionStore().start()
  await useAddStore().openFor(person.id)
  await flushPromises()
  return ctx
}

const confirmButton = (wrapper: Awaited<ReturnType<typeof open>>['wrapper']) => wrapper.findAll('button').find((b) => b.text() === 'Add to contacts')!

describe('add dialog', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows the person, prefilled names, and the "Share my phone number" checkbox checked when Telegram needs the exception', async () => {
    const { wrapper, fake } = await open(stranger(true))
    expect(wrapper.text()).toContain('Pavel Stranger')
    expect(wrapper.text()).toContain('@pavel')
    // The bio is untrusted text: shown as text, never as markup.
    expect(wrapper.text()).toContain('Designer <b>not bold</b>')
    expect(wrapper.find('.bio b').exists()).toBe(false)
    const inputs = wrapper.findAll('input.input')
    expect((inputs[0]!.element as HTMLInputElement).value).toBe('Pavel')
    expect((inputs[1]!.element as HTMLInputElement).value).toBe('Stranger')
    const box = wrapper.get('input[type="checkbox"]')
    expect((box.element as HTMLInputElement).checked).toBe(true)
    expect(box.element.closest('label')!.textContent).toContain('Share my phone number')
    expect(wrapper.text()).toContain('Pavel Stranger will see your number, +44 7911 123456')
    expect(confirmButton(wrapper).attributes('type')).toBe('submit')
    expect(confirmButton(wrapper).attributes('form')).toBe(wrapper.get('form').attributes('id'))
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.inputsOf('contacts.add')).toEqual([{ id: '555', firstName: 'Pavel', lastName: 'Stranger', phone: '', sharePhone: true }])
    expect(useContactsStore().get('555')?.name).toBe('Pavel Stranger')
    expect(useAddStore().open).toBe(false)
  })

  it('sends sharePhone false when the box is unchecked', async () => {
    const { wrapper, fake } = await open(stranger(true))
    await wrapper.get('input[type="checkbox"]').setValue(false)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.inputsOf('contacts.add')[0]!.sharePhone).toBe(false)
  })

  it('has no checkbox without need_contacts_exception, and never sends the flag then', async () => {
    const { wrapper, fake } = await open(stranger(false))
    expect(wrapper.find('input[type="checkbox"]').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('Share my phone number')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.inputsOf('contacts.add')[0]!.sharePhone).toBe(false)
  })

  it('requires a first name, shows Telegram errors in the dialog and keeps what was typed', async () => {
    const { wrapper, fake } = await open(stranger(false))
    const [first, last] = wrapper.findAll('input.input')
    await first!.setValue('   ')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.text()).toContain('Enter a first name.')
    expect(fake.inputsOf('contacts.add')).toHaveLength(0)
    fake.handlers['contacts.add'] = () => {
      throw rpcError('CONTACT_NAME_EMPTY')
    }
    await first!.setValue('P')
    await last!.setValue('Typed by me')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('Enter a first name for this contact.')
    expect((last!.element as HTMLInputElement).value).toBe('Typed by me')
    expect(useAddStore().open).toBe(true)
  })

  it("Edit contact changes names only, as Telegram's own edit does: no phone field, the contact's number is sent as it is (issue 11 item 7)", async () => {
    const contact: PersonDetails = { ...stranger(false), id: '556', phone: '+447911123459', isContact: true, mutual: true }
    const { wrapper, fake } = setup(contact)
    await useSessionStore().start()
    await useAddStore().openFor(contact.id, 'rename')
    await flushPromises()
    expect(wrapper.text()).toContain('Edit contact')
    expect(wrapper.find('input[type="tel"]').exists()).toBe(false)
    expect(wrapper.findAll('input.input')).toHaveLength(2)
    // The number is shown, not offered for editing.
    expect(wrapper.text()).toContain('+44 7911 123459')
    await wrapper.findAll('input.input')[1]!.setValue('Renamed')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.inputsOf('contacts.add')).toEqual([{ id: '556', firstName: 'Pavel', lastName: 'Renamed', phone: '+447911123459', sharePhone: false }])
  })

  it('offers Add by phone for a phone number typed into Add contact, and sends nothing (issue 11 item 7)', async () => {
    const fake = createFakeApi({ 'auth.status': () => ({ state: 'signedIn', user: SELF }) })
    const wrapper = mountWith(AddByUsernameDialog, fake)
    await useSessionStore().start()
    await wrapper.get('input[aria-label="Username or link"]').setValue('+44 7911 123457')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.inputsOf('people.resolve')).toHaveLength(0)
    expect(wrapper.get('[role="alert"]').text()).toBe('This looks like a phone number. Add someone by their number with Add by phone.')
    const offer = wrapper.findAll('button').find((b) => b.text() === 'Add by phone')!
    await offer.trigger('click')
    expect(wrapper.emitted('addByPhone')).toEqual([['+44 7911 123457']])
  })

  it('says what a username looks like for text that cannot be one, and sends nothing (issue 11 item 7)', async () => {
    const fake = createFakeApi({})
    const wrapper = mountWith(AddByUsernameDialog, fake)
    await wrapper.get('input[aria-label="Username or link"]').setValue('hello world!')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.inputsOf('people.resolve')).toHaveLength(0)
    expect(wrapper.get('[role="alert"]').text()).toBe('Type a Telegram username (like @name) or a t.me link.')
    expect(wrapper.findAll('button').some((b) => b.text() === 'Add by phone')).toBe(false)
  })

  it('resolves a t.me link and opens the same dialog', async () => {
    const person = stranger(true)
    const fake = createFakeApi({ 'people.resolve': () => person })
    const wrapper = mountWith(AddByUsernameDialog, fake)
    await wrapper.get('input[aria-label="Username or link"]').setValue('https://t.me/pavel')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.inputsOf('people.resolve')).toEqual([{ query: 'https://t.me/pavel' }])
    expect(useAddStore().person?.id).toBe('555')
    expect(useAddStore().open).toBe(true)
    expect(wrapper.emitted('close')).toHaveLength(1)
  })

  it('explains an unknown username in place', async () => {
    const fake = createFakeApi({
      'people.resolve': () => {
        throw rpcError('USERNAME_NOT_OCCUPIED')
      },
    })
    const wrapper = mountWith(AddByUsernameDialog, fake)
    await wrapper.get('input').setValue('@nobody_here')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('No one on Telegram has this username.')
    expect((wrapper.get('input').element as HTMLInputElement).value).toBe('@nobody_here')
  })
})

describe('add by phone', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  async function mountPhone(result: 'added' | 'notOnTelegram') {
    const fake = createFakeApi({
      'auth.status': () => ({ state: 'signedIn', user: SELF }),
      'app.info': () => ({ name: 'TG Contacts', version: '1', platform: 'linux', shell: 'browser', nativeDialogs: false, demo: false, demoSwitch: false }),
      'contacts.addByPhone': (input) =>
        result === 'added'
          ? { result, contact: { id: '77', firstName: input.firstName, lastName: input.lastName, username: null, phone: input.phone, mutual: false, status: { kind: 'recently' } } }
          : { result, phone: input.phone },
    })
    const wrapper = mountWith(AddByPhoneDialog, fake)
    await useSessionStore().start()
    return { fake, wrapper }
  }

  it('validates the number against the account country and sends E.164', async () => {
    const { fake, wrapper } = await mountPhone('added')
    const inputs = wrapper.findAll('input')
    await inputs[0]!.setValue('Maria')
    await inputs[2]!.setValue('12')
    await wrapper.get('form').trigger('submit')
    // The account's +44 7911 number is from Guernsey by the full metadata.
    expect(wrapper.text()).toContain('This is too short for a number from Guernsey.')
    expect(fake.inputsOf('contacts.addByPhone')).toHaveLength(0)
    // A national number, read in the account's region.
    await inputs[2]!.setValue('07911 123457')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.inputsOf('contacts.addByPhone')).toEqual([{ firstName: 'Maria', lastName: '', phone: '+447911123457', renameExisting: false }])
    expect(useContactsStore().get('77')?.name).toBe('Maria')
    expect(wrapper.emitted('close')).toHaveLength(1)
  })

  it('says so when the person is not on Telegram', async () => {
    const { wrapper } = await mountPhone('notOnTelegram')
    const inputs = wrapper.findAll('input')
    await inputs[0]!.setValue('Grandma')
    await inputs[1]!.setValue('Jones')
    await inputs[2]!.setValue('+44 7911 123458')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('Grandma Jones has not joined Telegram yet; kept as a saved phone contact')
    expect(wrapper.emitted('close')).toBeUndefined()
  })
})
