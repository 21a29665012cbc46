import { z } from 'zod'

/** Every failure that crosses the IPC boundary is one of these codes, never a stack trace. */
export const errorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'NOT_AUTHORIZED',
  'NEED_CREDENTIALS',
  'KEYCHAIN_UNAVAILABLE',
  'FLOOD_WAIT',
  'TAKEOUT_DELAY',
  'TAKEOUT_INVALID',
  'NETWORK',
  'NOT_FOUND',
  'TELEGRAM',
  'BUSY',
  'CANCELLED',
  'FILE',
  'EXISTS',
  'INTERNAL',
] as const

/**
 * The router's message for a payload its schema refused. Such an envelope's issues name fields, not sentences: the
 * renderer says it in a person's words (lib/errors.ts); any other INVALID_INPUT message is the core's own sentence.
 */
export const INVALID_REQUEST_MESSAGE = 'The request was not valid.'

export const errorCodeSchema = z.enum(errorCodes)
export type ErrorCode = z.infer<typeof errorCodeSchema>

export const errorEnvelopeSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** FLOOD_WAIT: seconds to wait. */
  seconds: z.number().int().nonnegative().optional(),
  /** TAKEOUT_DELAY: epoch ms from which the export can run. */
  availableAt: z.number().int().optional(),
  /** TELEGRAM: the raw RPC error name, e.g. PHONE_CODE_INVALID. */
  rpcError: z.string().optional(),
  /** EXISTS: the files already there (names), which the request would have replaced. */
  files: z.array(z.string()).optional(),
  /** INVALID_INPUT: where the payload was wrong. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>

/** Thrown by core code; the router turns it into an ErrorEnvelope as is. */
export class AppError extends Error {
  readonly envelope: ErrorEnvelope
  constructor(envelope: ErrorEnvelope) {
    super(envelope.message)
    this.name = 'AppError'
    this.envelope = envelope
  }
  get code(): ErrorCode {
    return this.envelope.code
  }
}

export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: errorEnvelopeSchema }),
  ])

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorEnvelope }
