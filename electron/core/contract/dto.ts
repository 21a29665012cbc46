import { z } from 'zod'

/** Telegram ids are 64-bit: they cross the boundary as decimal strings. */
export const idSchema = z.string().regex(/^-?\d{1,20}$/, 'a decimal id')
export const e164Schema = z.string().regex(/^\+[1-9]\d{5,15}$/, 'a phone number in E.164 form')

export const userStatusSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('online'), expires: z.number().int() }),
  z.object({ kind: z.literal('offline'), wasOnline: z.number().int() }),
  z.object({ kind: z.literal('recently') }),
  z.object({ kind: z.literal('lastWeek') }),
  z.object({ kind: z.literal('lastMonth') }),
  z.object({ kind: z.literal('hidden') }),
])
export type UserStatus = z.infer<typeof userStatusSchema>

/** A profile photo's id (userProfilePhoto.photo_id): absent without a photo. A new photo has a new id. */
export const photoIdSchema = z.string().regex(/^-?\d{1,20}$/, 'a decimal photo id')

export const contactSchema = z.object({
  id: idSchema,
  firstName: z.string(),
  lastName: z.string(),
  username: z.string().nullable(),
  /** E.164 with '+', or null when Telegram does not show it. */
  phone: z.string().nullable(),
  mutual: z.boolean(),
  status: userStatusSchema,
  photoId: photoIdSchema.optional(),
})
export type Contact = z.infer<typeof contactSchema>

export const personSchema = z.object({
  id: idSchema,
  firstName: z.string(),
  lastName: z.string(),
  username: z.string().nullable(),
  phone: z.string().nullable(),
  isContact: z.boolean(),
  mutual: z.boolean(),
  status: userStatusSchema,
  photoId: photoIdSchema.optional(),
})
export type Person = z.infer<typeof personSchema>

/** userFull.birthday: day and month, the year only when the person shares it. */
export const birthdaySchema = z.object({
  day: z.number().int().min(1).max(31),
  month: z.number().int().min(1).max(12),
  year: z.number().int().min(1900).max(2100).nullable(),
})
export type Birthday = z.infer<typeof birthdaySchema>

export const personDetailsSchema = personSchema.extend({
  bio: z.string().nullable(),
  commonChatsCount: z.number().int().nonnegative(),
  /** peerSettings.need_contacts_exception: adding them should share our phone. */
  needContactsException: z.boolean(),
  /** peerSettings.share_contact: they added us without our phone and we may share it. */
  shareContact: z.boolean(),
  /** Absent when they share none (or their privacy hides it from us). */
  birthday: birthdaySchema.nullable().optional(),
})
export type PersonDetails = z.infer<typeof personDetailsSchema>

export const selfSchema = z.object({
  id: idSchema,
  firstName: z.string(),
  lastName: z.string(),
  username: z.string().nullable(),
  phone: z.string().nullable(),
  photoId: photoIdSchema.optional(),
})
export type Self = z.infer<typeof selfSchema>

export const codeTypeSchema = z.enum(['app', 'sms', 'call', 'flashCall', 'missedCall', 'email', 'fragment', 'other'])
export type CodeType = z.infer<typeof codeTypeSchema>

export const authStatusSchema = z.discriminatedUnion('state', [
  /** No api_id / api_hash yet. */
  z.object({ state: z.literal('needCredentials') }),
  z.object({ state: z.literal('signedOut') }),
  z.object({
    state: z.literal('awaitingCode'),
    phone: z.string(),
    codeType: codeTypeSchema,
    nextType: codeTypeSchema.nullable(),
    /** Seconds before a resend is allowed, or null when unknown. */
    resendAfter: z.number().int().nullable(),
  }),
  z.object({ state: z.literal('awaitingPassword'), hint: z.string().nullable() }),
  z.object({ state: z.literal('signedIn'), user: selfSchema }),
])
export type AuthStatus = z.infer<typeof authStatusSchema>

/** The connection to Telegram as the core sees it (connection.changed, connection.status). */
export const connectionStatusSchema = z.object({
  state: z.enum(['connected', 'connecting', 'offline']),
  /** While offline: when the core tries again by itself (epoch ms). */
  retryAt: z.number().int().nullable(),
})
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>

export const contactListSchema = z.object({
  contacts: z.array(contactSchema),
  /** contacts.contacts saved_count: saved phone contacts (also those not on Telegram). */
  savedCount: z.number().int().nonnegative(),
  source: z.enum(['cache', 'telegram']),
  /** Epoch ms of the last successful refresh from Telegram, or null. */
  updatedAt: z.number().int().nullable(),
})
export type ContactList = z.infer<typeof contactListSchema>

export const phoneEntrySchema = z.object({
  /** The number as written in the file, after unfolding and decoding. */
  value: z.string(),
  e164: z.string().nullable(),
  types: z.array(z.string()),
  label: z.string().nullable(),
})
export type PhoneEntry = z.infer<typeof phoneEntrySchema>

/**
 * 'saved': Telegram already keeps the number as a saved phone contact (the app saw it: add by phone, an import, a
 * takeout); 'own': the account's own number, never imported.
 */
export const previewStateSchema = z.enum(['new', 'contact', 'saved', 'own', 'duplicate', 'invalid', 'noNumber'])
export type PreviewState = z.infer<typeof previewStateSchema>

export const previewRowSchema = z.object({
  /** Stable within one preview: file index, card index, phone index. */
  key: z.string(),
  file: z.string(),
  name: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
  e164: z.string().nullable(),
  label: z.string().nullable(),
  state: previewStateSchema,
  /** For 'contact': the existing contact's display name; for 'saved': the name the number is saved under. */
  contactName: z.string().nullable(),
  /** The name still looks like text decoded in the wrong charset (mojibake). */
  garbled: z.boolean(),
})
export type PreviewRow = z.infer<typeof previewRowSchema>

export const problemSchema = z.object({ line: z.number().int().nonnegative(), message: z.string() })
export type Problem = z.infer<typeof problemSchema>

/** A two-letter region ('DE') for national numbers (no country code). */
export const regionSchema = z.string().regex(/^[A-Z]{2}$/)

/** Legacy 8-bit charsets a contact file may be written in without saying so (importer/charset.ts). */
export const legacyCharsetSchema = z.enum(['windows-1252', 'windows-1253', 'windows-1251', 'koi8-r', 'shift_jis', 'gb18030', 'big5', 'euc-kr'])
export type LegacyCharsetName = z.infer<typeof legacyCharsetSchema>

export const previewFileSchema = z.object({
  /** The file's bytes' digest: the same bytes dropped twice are one file. Empty for a file the window refused itself. */
  id: z.string(),
  name: z.string(),
  /** Other names the same bytes were dropped under (read once). */
  sameAs: z.array(z.string()),
  /** The region national numbers were read in (chosen, else the account's), or null when none applies. */
  region: regionSchema.nullable(),
  /** The legacy charset undeclared 8-bit text was read in, or null when the file has none. */
  charset: legacyCharsetSchema.nullable(),
  /** Whether `charset` is the detector's guess (else the person's choice). */
  charsetGuessed: z.boolean(),
  /** How many people's names still look garbled. */
  garbled: z.number().int().nonnegative(),
  kind: z.enum(['vcard', 'csv']).nullable(),
  /** Why the whole file was refused (binary, empty, too large), or null. */
  error: z.string().nullable(),
  contactCount: z.number().int().nonnegative(),
  problems: z.array(problemSchema),
})
export type PreviewFile = z.infer<typeof previewFileSchema>

export const importContactSchema = z.object({
  firstName: z.string().min(1).max(64),
  lastName: z.string().max(64),
  phone: e164Schema,
})
export type ImportContact = z.infer<typeof importContactSchema>

export const importReportSchema = z.object({
  onTelegram: z.array(z.object({ name: z.string(), phone: z.string(), userId: idSchema, username: z.string().nullable() })),
  notOnTelegram: z.array(z.object({ name: z.string(), phone: z.string(), popularInvites: z.number().int().nonnegative() })),
  failed: z.array(z.object({ name: z.string(), phone: z.string(), reason: z.string() })),
  /** Not sent: the import was cancelled before Telegram took them. */
  cancelled: z.array(z.object({ name: z.string(), phone: z.string() })),
  /** A stopped import's contacts still to send, or sent with the answer lost (checked first): a resume goes on with them. */
  notDone: z.array(z.object({ name: z.string(), phone: z.string() })),
})
export type ImportReport = z.infer<typeof importReportSchema>

export const importJobSchema = z.object({
  id: z.string(),
  state: z.enum(['running', 'waiting', 'paused', 'done', 'cancelled', 'failed']),
  total: z.number().int().nonnegative(),
  /** Contacts Telegram has answered for (imported or known not to be on Telegram). */
  done: z.number().int().nonnegative(),
  onTelegram: z.number().int().nonnegative(),
  notOnTelegram: z.number().int().nonnegative(),
  /** Contacts Telegram asked us to send again later (retry_contacts), still pending. */
  retrying: z.number().int().nonnegative(),
  /** Telegram refused them, or kept asking to send them later. Cancelled contacts are not failed. */
  failed: z.number().int().nonnegative(),
  /** Not sent: still to send when the job was cancelled. */
  cancelled: z.number().int().nonnegative(),
  /** contacts.importContacts requests sent, repeats included. */
  requests: z.number().int().nonnegative(),
  /** Epoch ms until which the job waits, with why; null when not waiting or waiting for the connection. */
  waitUntil: z.number().int().nullable(),
  /** offline: the connection to Telegram is down; the job goes on by itself once it is back (waitUntil is null). */
  waitReason: z.enum(['floodWait', 'retryBackoff', 'offline']).nullable(),
  /**
   * Numbers per minute over the time spent sending and waiting, smoothed over the last answers; null before
   * two answers, while waiting (the countdown says more) and while paused.
   */
  ratePerMinute: z.number().nonnegative().nullable(),
  /** Epoch ms by which the job should be done, known waits included; null when it cannot be told. */
  estimatedEndAt: z.number().int().nullable(),
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  error: z.string().nullable(),
})
export type ImportJob = z.infer<typeof importJobSchema>

export const exportFormatSchema = z.enum(['json', 'csv', 'vcf'])
export type ExportFormat = z.infer<typeof exportFormatSchema>

export const exportResultSchema = z.object({
  count: z.number().int().nonnegative(),
  /** url: for an export made for download (browser mode), where the page's own origin serves the file. */
  files: z.array(z.object({ format: exportFormatSchema, path: z.string(), url: z.string().optional() })),
  finishedAt: z.number().int(),
})
export type ExportResult = z.infer<typeof exportResultSchema>

/** What the person chose on the export screen last time (remembered per account, offered again). */
export const exportOptionsSchema = z.object({
  formats: z.array(exportFormatSchema).min(1).max(3),
  includeNotOnTelegram: z.boolean(),
  directory: z.string().max(4096),
  /** Browser mode: the files were offered as downloads rather than written to directory. */
  download: z.boolean().default(false),
})
export type ExportOptions = z.infer<typeof exportOptionsSchema>

export const deleteByPhonesRowSchema = z.object({
  input: z.string(),
  e164: z.string().nullable(),
  /** 'own': the account's own number, never deleted. */
  match: z.enum(['contact', 'saved', 'own', 'none', 'invalid', 'duplicate']),
  name: z.string().nullable(),
})
export type DeleteByPhonesRow = z.infer<typeof deleteByPhonesRowSchema>

export const savedNumberSourceSchema = z.enum(['addByPhone', 'import', 'takeout'])
export type SavedNumberSource = z.infer<typeof savedNumberSourceSchema>

/** A saved phone contact the app knows of (Telegram lists them all only inside a takeout). */
export const savedNumberSchema = z.object({
  /** '+' and the digits Telegram keeps (a phone book may have uploaded numbers no country assigns). */
  phone: z.string().regex(/^\+\d{1,20}$/),
  firstName: z.string(),
  lastName: z.string(),
  /** Epoch ms when the app first learned the number. */
  learnedAt: z.number().int(),
  source: savedNumberSourceSchema,
})
export type SavedNumber = z.infer<typeof savedNumberSchema>

export const photoSizeSchema = z.enum(['small', 'big'])
export type PhotoSize = z.infer<typeof photoSizeSchema>

/** A photo the page can show: `url` on the app's own origin once the file is cached, else a stripped `preview`. */
export const photoStateSchema = z.object({
  id: idSchema,
  photoId: photoIdSchema,
  url: z.string().nullable(),
  /** data:image/jpeg of the stripped thumbnail, blurred by the page until the file arrives. */
  preview: z.string().nullable(),
})
export type PhotoState = z.infer<typeof photoStateSchema>

const pendingDeleteBase = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  /** What the page showed when it was deleted ("Deleted Alice Krüger"), shown again after a reload. */
  label: z.string().max(200),
  /** Epoch ms when it is sent unless undone. */
  expiresAt: z.number().int(),
  /** Time left for Undo when this was sent. */
  remainingMs: z.number().int().nonnegative(),
})

/** A delete waiting in the core for Undo (the page may reload meanwhile; only deletes.undo cancels it). */
export const pendingDeleteSchema = z.discriminatedUnion('kind', [
  pendingDeleteBase.extend({ kind: z.literal('contacts'), ids: z.array(idSchema) }),
  pendingDeleteBase.extend({ kind: z.literal('phones'), phones: z.array(z.string().regex(/^\+\d{1,20}$/)) }),
])
export type PendingDelete = z.infer<typeof pendingDeleteSchema>
