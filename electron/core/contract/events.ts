import { z } from 'zod'
import {
  authStatusSchema,
  connectionStatusSchema,
  contactSchema,
  exportResultSchema,
  idSchema,
  importJobSchema,
  pendingDeleteSchema,
  photoIdSchema,
  photoSizeSchema,
  userStatusSchema,
} from './dto'
import { errorEnvelopeSchema } from './errors'

/** Every event main pushes to the renderer: name -> payload schema. */
export const events = {
  'auth.changed': authStatusSchema,
  /** Contacts added or changed (addContact, import, updates). */
  'contacts.upserted': z.object({ contacts: z.array(contactSchema) }),
  'contacts.removed': z.object({ ids: z.array(idSchema) }),
  /** The whole list changed (refresh, reset): the renderer opens it again (contacts.open) unless it has that revision. */
  'contacts.reloaded': z.object({ count: z.number().int().nonnegative(), revision: z.number().int().nonnegative() }),
  'statuses.changed': z.object({ statuses: z.array(z.object({ id: idSchema, status: userStatusSchema })) }),
  'requests.changed': z.object({ count: z.number().int().nonnegative() }),
  /** The deletes waiting for Undo changed (scheduled, undone, sent): the page hides exactly these. */
  'deletes.changed': z.object({ pending: z.array(pendingDeleteSchema) }),
  /** A delete could not be sent (or not all of it): the page shows the rows again and says why. */
  'deletes.failed': z.object({ id: z.string(), kind: z.enum(['contacts', 'phones']), count: z.number().int().nonnegative(), error: errorEnvelopeSchema }),
  /** The known saved phone numbers changed (learned, forgotten, a takeout): the renderer asks saved.list again. */
  'saved.changed': z.object({ count: z.number().int().nonnegative() }),
  /**
   * Photo files now cached (url), or found changed while fetching: photoId is the person's current photo (null: they
   * removed it), which the page shows instead of the one it asked for.
   */
  /** More contacts' birthdays are known (or one changed): the renderer asks birthdays.list again. */
  'birthdays.changed': z.object({ count: z.number().int().nonnegative() }),
  'photos.ready': z.object({
    photos: z.array(z.object({ id: idSchema, photoId: photoIdSchema.nullable(), size: photoSizeSchema, url: z.string().nullable() })),
  }),
  'import.progress': importJobSchema,
  'export.progress': z.object({
    phase: z.enum(['takeout', 'saved', 'contacts', 'writing', 'done']),
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
  'export.available': z.object({ availableAt: z.number().int() }),
  'export.finished': exportResultSchema,
  'connection.changed': connectionStatusSchema,
  /**
   * The core's own process, as the shell around it sees it (the preload and the bridge shim send this): restarting
   * after it stopped unexpectedly (calls in flight failed), running again (reload what is shown), or stopped for good.
   * 'switching' comes from the core itself, before it makes way for another (demo.start / demo.stop): the page's
   * connection then closes on purpose, and 'running' follows once the other core serves. 'unreachable' comes from the
   * bridge shim only: the page has had no answer from the process behind it for a while (browser mode: npm run demo
   * stopped); it keeps trying, and 'running' follows if that process serves again.
   */
  'core.state': z.object({ state: z.enum(['restarting', 'switching', 'running', 'stopped', 'unreachable']) }),
} as const satisfies Record<string, z.ZodType>

export type Events = typeof events
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.output<Events[E]>
export const eventNames = Object.keys(events) as EventName[]

/** What crosses the wire for an event. */
export type EventEnvelope = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName]
