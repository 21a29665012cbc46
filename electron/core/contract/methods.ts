import { z } from 'zod'
import {
  authStatusSchema,
  connectionStatusSchema,
  contactListSchema,
  contactSchema,
  deleteByPhonesRowSchema,
  e164Schema,
  exportFormatSchema,
  exportOptionsSchema,
  exportResultSchema,
  idSchema,
  importContactSchema,
  importJobSchema,
  importReportSchema,
  personDetailsSchema,
  personSchema,
  birthdaySchema,
  photoIdSchema,
  photoSizeSchema,
  photoStateSchema,
  legacyCharsetSchema,
  previewFileSchema,
  pendingDeleteSchema,
  previewRowSchema,
  regionSchema,
  savedNumberSchema,
} from './dto'

const empty = z.object({}).strict()
/** What the list's header shows, and where the list stands. */
const listMetaSchema = contactListSchema.omit({ contacts: true }).extend({ revision: z.number().int().nonnegative() })
const ok = z.object({ ok: z.literal(true) })
const nameField = (min: number) => z.string().trim().min(min).max(64)

/** Largest file the importer accepts, and the base64 text that carries it over IPC. */
export const MAX_IMPORT_FILE_BYTES = 64 * 1024 * 1024
/**
 * Bytes of a file per import.upload piece, and as base64 (1 MB): reading the message and decoding and hashing the
 * piece take the core ~5-10 ms (3 MB pieces took 20-35 ms in one step).
 */
export const UPLOAD_PIECE_BYTES = 768 * 1024
export const UPLOAD_PIECE_BASE64 = (UPLOAD_PIECE_BYTES / 3) * 4

/** Most text delete by phone numbers takes at once (characters, as the schema counts them). */
export const MAX_PHONES_TEXT = 4 * 1024 * 1024
/** The most rows of a list (contacts.page) or a delete-by-phones preview (cleanup.previewPage) one answer carries. */
export const LIST_PAGE_ROWS_MAX = 20_000
export const DELETE_PREVIEW_PAGE_ROWS = 10_000

/** How long a delete waits in the core for Undo (contacts.delete, saved.delete). */
export const UNDO_MS = 5000

/**
 * Every method the renderer may call: name -> input and output schema.
 * Main, preload, the browser bridge and the renderer client are all derived from this object.
 */
export const methods = {
  'app.info': {
    input: empty,
    output: z.object({
      name: z.string(),
      version: z.string(),
      platform: z.string(),
      shell: z.enum(['electron', 'browser']),
      /** Whether dialog.* opens native dialogs (Electron) or returns null (browser bridge). */
      nativeDialogs: z.boolean(),
      demo: z.boolean(),
      /** "Try the demo" and "Back to sign-in" can switch this core (demo.start / demo.stop). */
      demoSwitch: z.boolean(),
    }),
  },
  /**
   * "Try the demo": this core makes way for the demo's (the emulator's seeded world, everything in memory). When
   * `switching`, core.state says 'switching' now and 'running' once the demo serves: reload app.info and auth.status.
   */
  'demo.start': { input: empty, output: z.object({ switching: z.boolean() }) },
  /** "Back to sign-in": the demo makes way for the app's own core (the same flow as demo.start). */
  'demo.stop': { input: empty, output: z.object({ switching: z.boolean() }) },

  'auth.status': { input: empty, output: authStatusSchema },
  'auth.setCredentials': {
    input: z.object({ apiId: z.number().int().positive().max(2 ** 31 - 1), apiHash: z.string().regex(/^[0-9a-f]{32}$/i, '32 hex characters') }).strict(),
    output: authStatusSchema,
  },
  'auth.sendCode': { input: z.object({ phone: z.string().min(4).max(32) }).strict(), output: authStatusSchema },
  'auth.resendCode': { input: empty, output: authStatusSchema },
  'auth.signIn': { input: z.object({ code: z.string().regex(/^\d{3,8}$/, 'the digits of the code') }).strict(), output: authStatusSchema },
  'auth.checkPassword': { input: z.object({ password: z.string().min(1).max(256) }).strict(), output: authStatusSchema },
  /** Back to the phone step (wrong number). */
  'auth.cancel': { input: empty, output: authStatusSchema },
  'auth.signOut': { input: empty, output: authStatusSchema },

  'connection.status': { input: empty, output: connectionStatusSchema },
  /** Reconnect now: the person pressed "Try now", or the OS says the network is back (online, resume from sleep). */
  'connection.retry': { input: empty, output: ok },

  /** Cached list when there is one (instant), else from Telegram. */
  'contacts.list': { input: empty, output: contactListSchema },
  /** contacts.getContacts with the hash, then contacts.getStatuses. */
  'contacts.refresh': { input: empty, output: contactListSchema },
  /**
   * The window's way to the list, first screen first: `first` holds the first `firstRows` contacts in list order,
   * `snapshot` names the whole list as it was now, and contacts.page hands out the rest of it in chunks.
   * `revision` changes whenever who is in the list or their names or numbers change (not statuses).
   */
  'contacts.open': {
    input: z.object({ sort: z.enum(['lastSeen', 'name']), firstRows: z.number().int().min(1).max(1000) }).strict(),
    output: listMetaSchema.extend({
      first: z.array(contactSchema),
      total: z.number().int().nonnegative(),
      snapshot: z.string().max(64),
    }),
  },
  /** The next chunk of an opened list (any order); NOT_FOUND once the snapshot is gone (open the list again). */
  'contacts.page': {
    input: z.object({ snapshot: z.string().max(64), offset: z.number().int().nonnegative(), limit: z.number().int().min(1).max(LIST_PAGE_ROWS_MAX) }).strict(),
    output: z.object({ contacts: z.array(contactSchema), done: z.boolean() }),
  },
  /**
   * Refresh from Telegram (getContacts with the hash, getStatuses) without sending the list: statuses arrive as
   * statuses.changed events; `changed` says the list moved on from `revision` (then open it again).
   */
  'contacts.sync': {
    input: z.object({ revision: z.number().int().nonnegative() }).strict(),
    output: listMetaSchema.extend({ changed: z.boolean() }),
  },
  'contacts.details': { input: z.object({ id: idSchema }).strict(), output: personDetailsSchema },
  'contacts.searchGlobal': {
    input: z.object({ query: z.string().trim().min(1).max(64) }).strict(),
    output: z.object({ people: z.array(personSchema) }),
  },
  /** Deletes after the undo window (5 s), in the core: a reload or a closed window does not stop it; deletes.undo does. */
  'contacts.delete': {
    input: z.object({ ids: z.array(idSchema).min(1).max(100_000), label: z.string().max(200) }).strict(),
    output: z.object({ pending: pendingDeleteSchema }),
  },
  /** A @username, a bare username or a t.me link -> the person (contacts.resolveUsername + users.getFullUser). */
  'people.resolve': { input: z.object({ query: z.string().trim().min(1).max(256) }).strict(), output: personDetailsSchema },
  'contacts.add': {
    input: z
      .object({
        id: idSchema,
        firstName: nameField(1),
        lastName: nameField(0),
        phone: z.string().max(32),
        sharePhone: z.boolean(),
      })
      .strict(),
    output: z.object({ contact: contactSchema }),
  },
  /**
   * contacts.importContacts with one number. A number that is a contact's or a known saved one already is answered
   * with 'existing' (nothing sent): Telegram would rename that entry; send again with renameExisting to do so.
   */
  'contacts.addByPhone': {
    input: z
      .object({ firstName: nameField(1), lastName: nameField(0), phone: z.string().min(1).max(64), renameExisting: z.boolean().optional() })
      .strict(),
    output: z.discriminatedUnion('result', [
      z.object({ result: z.literal('added'), contact: contactSchema }),
      z.object({ result: z.literal('notOnTelegram'), phone: z.string() }),
      z.object({
        result: z.literal('existing'),
        phone: z.string(),
        existing: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('contact'), id: idSchema, name: z.string() }),
          z.object({ kind: z.literal('saved'), name: z.string() }),
        ]),
      }),
    ]),
  },

  /**
   * The photos the page shows now (the rows on screen, the details pane): cached ones come back with their URL, the
   * rest with their preview while they download, a few at a time; photos.ready says when each is there. Each call
   * replaces the wanted set of its size, so rows scrolled past are not fetched.
   */
  'photos.want': {
    input: z.object({ size: photoSizeSchema, people: z.array(z.object({ id: idSchema, photoId: photoIdSchema }).strict()).max(500) }).strict(),
    output: z.object({ photos: z.array(photoStateSchema) }),
  },

  /**
   * Contacts' birthdays known so far (contacts.getBirthdays and each profile's birthday, read slowly in the background;
   * birthdays.changed as more are learnt). `checked` of `total` contacts have been looked at.
   */
  'birthdays.list': {
    input: empty,
    output: z.object({
      birthdays: z.array(z.object({ id: idSchema, birthday: birthdaySchema })),
      checked: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
    }),
  },

  'requests.list': { input: empty, output: z.object({ people: z.array(personSchema) }) },
  'requests.accept': { input: z.object({ id: idSchema }).strict(), output: ok },
  /** contacts.block: they can no longer write or call; undone with requests.unblock. */
  'requests.block': { input: z.object({ id: idSchema }).strict(), output: ok },
  'requests.unblock': { input: z.object({ id: idSchema }).strict(), output: ok },
  /** messages.reportSpam on their chat (the UI confirms first). */
  'requests.reportSpam': { input: z.object({ id: idSchema }).strict(), output: ok },
  /** Hides the request here (remembered per account); Telegram is not told. */
  'requests.dismiss': { input: z.object({ id: idSchema }).strict(), output: ok },

  /**
   * Reads dropped files into a preview. A file comes as its bytes (base64) the first time; after that by the `id`
   * the answer gave it (the core keeps the bytes of the open preview), so a changed region or charset re-reads it
   * without sending it again. An `id` the core no longer holds answers NOT_FOUND: send the bytes again. The answer
   * holds the first rows; import.previewRows pages the rest.
   */
  'import.preview': {
    input: z
      .object({
        files: z
          .array(
            z
              .object({
                name: z.string().max(1024),
                base64: z.string().max(Math.ceil(MAX_IMPORT_FILE_BYTES / 3) * 4 + 4).optional(),
                id: z.string().max(128).optional(),
                /** Region for national numbers in this file; absent or null: the account's. */
                region: regionSchema.nullable().optional(),
                /** Charset of undeclared 8-bit text; absent or null: detected. */
                charset: legacyCharsetSchema.nullable().optional(),
              })
              .strict()
              .refine((f) => (f.base64 === undefined) !== (f.id === undefined), { message: 'give the bytes (base64) or an id, not both' }),
          )
          .min(1)
          .max(50),
      })
      .strict(),
    output: z.object({
      /** Names this preview for import.previewRows. */
      preview: z.string(),
      files: z.array(previewFileSchema),
      /** Rows in the whole preview; `rows` holds the first of them. */
      total: z.number().int().nonnegative(),
      rows: z.array(previewRowSchema),
    }),
  },
  /**
   * A dropped file's bytes a piece at a time, so that no single message carries a 64 MB file (one 43 MB message held
   * the core for ~200 ms). The first piece has `upload` null and says the file's `size`; the answer names the upload
   * for the next pieces, and the answer to the last piece gives the file's `id`, which import.preview takes instead of
   * its bytes. Pieces come in order (`offset` counts bytes); one out of order ends the upload as not intact.
   */
  'import.upload': {
    input: z
      .object({
        upload: z.string().max(64).nullable(),
        size: z.number().int().min(1).max(MAX_IMPORT_FILE_BYTES),
        offset: z.number().int().nonnegative(),
        base64: z.string().min(1).max(UPLOAD_PIECE_BASE64),
      })
      .strict(),
    output: z.object({ upload: z.string(), id: z.string().nullable() }),
  },
  /** The preview's rows from `from` on, a page at a time; NOT_FOUND once a newer preview replaced it. */
  'import.previewRows': {
    input: z.object({ preview: z.string().max(128), from: z.number().int().nonnegative() }).strict(),
    output: z.object({ rows: z.array(previewRowSchema) }),
  },
  'import.start': {
    input: z.object({ contacts: z.array(importContactSchema).min(1).max(200_000) }).strict(),
    output: importJobSchema,
  },
  'import.status': { input: empty, output: z.object({ job: importJobSchema.nullable() }) },
  'import.pause': { input: empty, output: z.object({ job: importJobSchema.nullable() }) },
  'import.resume': { input: empty, output: z.object({ job: importJobSchema.nullable() }) },
  'import.cancel': { input: empty, output: z.object({ job: importJobSchema.nullable() }) },
  'import.report': { input: empty, output: z.object({ report: importReportSchema.nullable(), csv: z.string().nullable() }) },

  'export.status': {
    input: empty,
    output: z.object({
      /** Epoch ms from which a delayed takeout may run, or null. */
      availableAt: z.number().int().nullable(),
      running: z.boolean(),
      lastResult: exportResultSchema.nullable(),
      /** The options of the last export started (formats, include, folder), or null before the first. */
      options: exportOptionsSchema.nullable(),
    }),
  },
  'export.run': {
    input: z
      .object({
        formats: z.array(exportFormatSchema).min(1).max(3),
        /** Include saved phone contacts that are not on Telegram. */
        includeNotOnTelegram: z.boolean(),
        /** Folder the files are written to (result.json, contacts.csv, contacts.vcf). */
        directory: z.string().min(1).max(4096).optional(),
        /**
         * Instead of a folder (browser mode, where the page cannot pick one): the files are written where the page's
         * own origin serves them, and the result's files carry their url.
         */
        download: z.literal(true).optional(),
        /** Replace files of those names already in the folder; without it such files fail the export with EXISTS. */
        overwrite: z.boolean().optional(),
      })
      .strict()
      .refine((input) => (input.directory === undefined) !== (input.download === undefined), { message: 'a folder or download, not both' }),
    output: exportResultSchema,
  },
  'export.cancel': { input: empty, output: ok },

  /** The saved phone contacts the app knows of that are not in the contact list, and when a takeout last listed all. */
  'saved.list': {
    input: empty,
    output: z.object({ numbers: z.array(savedNumberSchema), completeAt: z.number().int().nullable() }),
  },
  /** contacts.deleteByPhones after the undo window, like contacts.delete. */
  'saved.delete': {
    input: z.object({ phones: z.array(e164Schema).min(1).max(100_000), label: z.string().max(200) }).strict(),
    output: z.object({ pending: pendingDeleteSchema }),
  },

  /** The deletes waiting for Undo (a page calls it when it starts: its toasts show again; an old page's holds end). */
  'deletes.pending': { input: empty, output: z.object({ pending: z.array(pendingDeleteSchema) }) },
  /** The page's undo toast is held (pointer or focus on it) or let go: the core's wait stops and goes on with it. */
  'deletes.hold': { input: z.object({ id: z.string().max(64), held: z.boolean() }).strict(), output: z.object({ changed: z.boolean() }) },
  /** Undo: false when the delete was already sent. */
  'deletes.undo': { input: z.object({ id: z.string().max(64) }).strict(), output: z.object({ undone: z.boolean() }) },

  'cleanup.savedCount': { input: empty, output: z.object({ savedCount: z.number().int().nonnegative() }) },
  'cleanup.resetSaved': { input: empty, output: z.object({ removed: z.number().int().nonnegative() }) },
  /**
   * One row per number in the pasted text, in order. The answer holds the first rows of `total`; when more remain,
   * cleanup.previewPage pages the rest of `preview` (no single message carries a pasted list of 250,000 numbers).
   */
  'cleanup.previewDeleteByPhones': {
    input: z.object({ text: z.string().max(MAX_PHONES_TEXT) }).strict(),
    output: z.object({ rows: z.array(deleteByPhonesRowSchema), total: z.number().int().nonnegative(), preview: z.string().max(64).nullable() }),
  },
  /** The rows of a preview from `offset`; NOT_FOUND once it is gone (after its last page, or two minutes unused). */
  'cleanup.previewPage': {
    input: z.object({ preview: z.string().max(64), offset: z.number().int().nonnegative(), limit: z.number().int().min(1).max(DELETE_PREVIEW_PAGE_ROWS) }).strict(),
    output: z.object({ rows: z.array(deleteByPhonesRowSchema), done: z.boolean() }),
  },
  'cleanup.deleteByPhones': {
    input: z.object({ phones: z.array(e164Schema).min(1).max(100_000) }).strict(),
    output: z.object({ sent: z.number().int().nonnegative(), requests: z.number().int().nonnegative() }),
  },

  /** Native folder picker in Electron; null in the browser bridge (the UI shows a path field). */
  'dialog.chooseDirectory': { input: z.object({ title: z.string().max(200) }).strict(), output: z.object({ path: z.string().nullable() }) },
  'shell.showInFolder': { input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: ok },
  /** Only https://t.me, https://telegram.org (and subdomains) and tg: links open. */
  'shell.openExternal': { input: z.object({ url: z.string().url().max(2048) }).strict(), output: ok },
  /**
   * "Message": the person's chat in the Telegram app (tg://resolve by username, else by phone), or t.me in the browser
   * when no app takes tg: links. Says which opened.
   */
  'shell.openChat': {
    input: z
      .object({ username: z.string().min(1).max(64).nullable(), phone: e164Schema.nullable() })
      .strict()
      .refine((target) => target.username !== null || target.phone !== null, { message: 'a username or a phone number' }),
    output: z.object({ opened: z.enum(['app', 'web']) }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>

export type Methods = typeof methods
export type MethodName = keyof Methods
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>
export const methodNames = Object.keys(methods) as MethodName[]
