import { randomBytes } from 'node:crypto'
import { AppError, type Contact } from '../contract'

/** Windows open a list a few times at most at once (a reload, a refresh that changed it). */
const MAX_SNAPSHOTS = 4
/** A snapshot nobody asked for a page of in this long is dropped. */
const IDLE_MS = 120_000

interface Snapshot {
  contacts: readonly Contact[]
  usedAt: number
}

/**
 * The whole list as it was when a window opened it, handed out in chunks (contacts.page) so that no message carries
 * 100,000 contacts and the window folds them in as they come. The contacts are the live objects: a status that
 * changed since is sent as it is now (its statuses.changed event says the same).
 */
export class ListSnapshots {
  private readonly snapshots = new Map<string, Snapshot>()

  constructor(private readonly now: () => number) {}

  open(contacts: readonly Contact[]): string {
    this.expire()
    while (this.snapshots.size >= MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value as string)
    const id = randomBytes(9).toString('base64url')
    this.snapshots.set(id, { contacts, usedAt: this.now() })
    return id
  }

  page(id: string, offset: number, limit: number): { contacts: Contact[]; done: boolean } {
    this.expire()
    const snapshot = this.snapshots.get(id)
    if (!snapshot) throw new AppError({ code: 'NOT_FOUND', message: 'That list is no longer open; it is loaded again.' })
    snapshot.usedAt = this.now()
    const contacts = snapshot.contacts.slice(offset, offset + limit)
    const done = offset + limit >= snapshot.contacts.length
    if (done) this.snapshots.delete(id)
    return { contacts, done }
  }

  clear(): void {
    this.snapshots.clear()
  }

  private expire(): void {
    const now = this.now()
    for (const [id, snapshot] of this.snapshots) if (now - snapshot.usedAt > IDLE_MS) this.snapshots.delete(id)
  }
}
