import type { CoreContext } from '../app/context'
import type { Handlers } from '../router'
import type { PendingDeletes } from './pending-deletes'

export type SavedMethod = 'saved.list' | 'saved.delete'

const digitsOf = (phone: string): string => phone.replace(/\D/g, '')

/** The saved.* handlers: the saved phone contacts the app knows of, for the "Not on Telegram" view, and deleting them (with undo). */
export function createSavedHandlers(ctx: CoreContext, deletes: PendingDeletes): Pick<Handlers, SavedMethod> {
  return {
    'saved.list': async () => {
      const [{ numbers, completeAt }, contacts] = await Promise.all([ctx.savedNumbers.list(), ctx.contacts.current()])
      // A number of someone in the list is that contact (on Telegram): the view shows the others.
      const inList = new Set(contacts.flatMap((c) => (c.phone ? [digitsOf(c.phone)] : [])))
      return { numbers: numbers.filter((n) => !inList.has(digitsOf(n.phone))), completeAt }
    },
    'saved.delete': async ({ phones, label }) => ({ pending: await deletes.schedule({ kind: 'phones', phones }, label) }),
  }
}
