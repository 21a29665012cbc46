/** One contact of a job. Its client_id is its index in the job, unique within the job. */
export interface JobContact {
  readonly clientId: number
  readonly firstName: string
  readonly lastName: string
  /** E.164 with '+'. */
  readonly phone: string
}

/** contacts.importedContacts as the job needs it: plain data, already mapped back by client_id. */
export interface BatchAnswer {
  imported: { clientId: number; userId: string; username: string | null }[]
  popular: { clientId: number; importers: number }[]
  retry: number[]
}

/**
 * Sends one contacts.importContacts request. Throws what GramJS or the telegram layer throws. While Telegram is
 * unreachable it waits for the connection; the signal (pause, cancel, quit) ends that wait with CANCELLED.
 */
export type SendBatch = (contacts: readonly JobContact[], signal: AbortSignal) => Promise<BatchAnswer>

/** A contact of a request that Telegram's contact list shows as taken (see taken-check.ts). */
export interface TakenContact {
  userId: string
  username: string | null
}

/**
 * After a request whose answer was lost (the app stopped, the connection dropped): which of its contacts Telegram
 * has already taken, by client_id, read from the contact list (contacts.getContacts with the hash). Throws like SendBatch.
 */
export type FindTaken = (contacts: readonly JobContact[]) => Promise<Map<number, TakenContact>>

/**
 * The connection to Telegram as the job needs it: while it is down the job neither sends nor checks, it waits
 * (state 'waiting', reason 'offline') and goes on by itself once it is back.
 */
export interface JobConnection {
  /** False during an outage (until the connection is back). */
  online(): boolean
  /** Resolves once there is a connection, or when the signal aborts (pause, cancel, quit); never rejects. */
  whenOnline(signal: AbortSignal): Promise<void>
  /** Called when online() changes; returns the unsubscribe. */
  onChange(listener: () => void): () => void
}

/** Time, injectable so the retry and wait logic can be tested with a fake clock. */
export interface Clock {
  now(): number
  /** Resolves after ms, or early when the signal aborts (never rejects). */
  sleep(ms: number, signal: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve()
      const timer = setTimeout(done, Math.max(0, ms))
      // A waiting job must not keep a CLI process alive; its journal resumes it next time.
      timer.unref()
      function done(): void {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
      signal.addEventListener('abort', done, { once: true })
    }),
}

export interface ImportPolicy {
  /** Contacts per contacts.importContacts request. */
  batchSize: number
  /** Wait before sending a retry_contacts entry again, by how many times Telegram asked (1, 2, ...). */
  retryDelayMs(attempt: number): number
  /** After this many retry answers for one contact it is reported as failed. */
  maxRetries: number
  /** When a whole batch comes back as retry_contacts: Telegram is limiting us; wait this long. */
  allRetryWaitMs: number
  /** Network and server errors: wait before trying the batch again, by consecutive failure count. */
  transientDelayMs(failures: number): number
  /** After this many consecutive transient failures the job stops as failed (resumable). */
  maxTransientFailures: number
  /** At most one import.progress event per this many ms (state changes are sent at once). */
  progressIntervalMs: number
}

/**
 * 500 per request is what the official Android app sends when it uploads a phone book
 * (ContactsController), so it is the batch size Telegram's limits are tuned for; TDLib's all-retry
 * answer means "retry after 3600", which is the long wait.
 */
export const defaultImportPolicy: ImportPolicy = {
  batchSize: 500,
  retryDelayMs: (attempt) => Math.min(30_000 * 2 ** (attempt - 1), 30 * 60_000),
  maxRetries: 8,
  allRetryWaitMs: 3600_000,
  transientDelayMs: (failures) => Math.min(2_000 * 2 ** (failures - 1), 60_000),
  maxTransientFailures: 6,
  progressIntervalMs: 250,
}
