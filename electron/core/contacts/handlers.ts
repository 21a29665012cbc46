import type { Handlers } from '../router'
import type { ContactsService } from './contacts-service'
import type { PendingDeletes } from './pending-deletes'
import type { RequestsService } from './requests-service'

export type ContactsMethod =
  | 'contacts.list'
  | 'contacts.refresh'
  | 'contacts.open'
  | 'contacts.page'
  | 'contacts.sync'
  | 'contacts.details'
  | 'contacts.searchGlobal'
  | 'contacts.delete'
  | 'contacts.add'
  | 'contacts.addByPhone'
  | 'people.resolve'
  | 'requests.list'
  | 'requests.accept'
  | 'requests.block'
  | 'requests.unblock'
  | 'requests.reportSpam'
  | 'requests.dismiss'
  | 'deletes.pending'
  | 'deletes.undo'
  | 'deletes.hold'

/** The contact list, people, requests and pending-delete methods over their services. */
export function createContactsHandlers(contacts: ContactsService, requests: RequestsService, deletes: PendingDeletes): Pick<Handlers, ContactsMethod> {
  return {
    'contacts.list': () => contacts.list(),
    'contacts.refresh': () => contacts.refreshList(),
    'contacts.open': (input) => contacts.open(input),
    'contacts.page': async (input) => contacts.page(input),
    'contacts.sync': ({ revision }) => contacts.sync(revision),
    'contacts.details': ({ id }) => contacts.details(id),
    'contacts.searchGlobal': async ({ query }) => ({ people: await contacts.searchGlobal(query) }),
    'contacts.delete': async ({ ids, label }) => ({ pending: await deletes.schedule({ kind: 'contacts', ids }, label) }),
    'contacts.add': async (input) => ({ contact: await contacts.add(input) }),
    'contacts.addByPhone': (input) => contacts.addByPhone(input),
    'people.resolve': ({ query }) => contacts.resolve(query),
    'requests.list': async () => ({ people: await requests.list() }),
    'requests.block': async ({ id }) => (await requests.block(id), { ok: true as const }),
    'requests.unblock': async ({ id }) => (await requests.unblock(id), { ok: true as const }),
    'requests.reportSpam': async ({ id }) => (await requests.reportSpam(id), { ok: true as const }),
    'requests.dismiss': async ({ id }) => (await requests.dismiss(id), { ok: true as const }),
    'requests.accept': async ({ id }) => {
      await requests.accept(id)
      return { ok: true as const }
    },
    'deletes.pending': async () => {
      deletes.releaseHolds()
      return { pending: await deletes.list() }
    },
    'deletes.hold': async ({ id, held }) => ({ changed: deletes.hold(id, held) }),
    'deletes.undo': async ({ id }) => ({ undone: await deletes.undo(id) }),
  }
}
