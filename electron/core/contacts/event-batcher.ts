import type { Contact, UserStatus } from '../contract'
import type { EventBus } from '../router'

/** Enough to keep IPC messages small at 100,000 contacts; one status is ~60 bytes of JSON. */
const MAX_PER_EVENT = 2000

/**
 * Collects list changes and sends them as few events: a burst of 10,000 status updates becomes a handful of
 * statuses.changed messages, with only the latest status per user, instead of 10,000 IPC messages.
 */
export class ContactEventBatcher {
  private statuses = new Map<string, UserStatus>()
  private upserts = new Map<string, Contact>()
  private removals = new Set<string>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly events: EventBus,
    private readonly delayMs = 250,
  ) {}

  status(id: string, status: UserStatus): void {
    const upsert = this.upserts.get(id)
    if (upsert) upsert.status = status
    else this.statuses.set(id, status)
    this.schedule()
  }

  upsert(contact: Contact): void {
    this.removals.delete(contact.id)
    this.statuses.delete(contact.id)
    this.upserts.set(contact.id, contact)
    this.schedule()
  }

  remove(id: string): void {
    this.upserts.delete(id)
    this.statuses.delete(id)
    this.removals.add(id)
    this.schedule()
  }

  private schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => this.flush(), this.delayMs)
    this.timer.unref()
  }

  /** Sends everything pending now (also used before answering a call whose result the renderer will merge). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const removals = [...this.removals]
    const upserts = [...this.upserts.values()]
    const statuses = [...this.statuses].map(([id, status]) => ({ id, status }))
    this.removals.clear()
    this.upserts.clear()
    this.statuses.clear()
    for (let i = 0; i < removals.length; i += MAX_PER_EVENT) {
      this.events.emit('contacts.removed', { ids: removals.slice(i, i + MAX_PER_EVENT) })
    }
    for (let i = 0; i < upserts.length; i += MAX_PER_EVENT) {
      this.events.emit('contacts.upserted', { contacts: upserts.slice(i, i + MAX_PER_EVENT) })
    }
    for (let i = 0; i < statuses.length; i += MAX_PER_EVENT) {
      this.events.emit('statuses.changed', { statuses: statuses.slice(i, i + MAX_PER_EVENT) })
    }
  }

  /** Drops pending changes (sign-out). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.statuses.clear()
    this.upserts.clear()
    this.removals.clear()
  }
}
