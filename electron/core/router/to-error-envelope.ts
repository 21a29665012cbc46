import { AppError, type ErrorEnvelope } from '../contract'

/**
 * Maps any thrown value to an envelope the renderer may see. Only AppError carries its own message;
 * anything else becomes INTERNAL with a generic text, so no stack, path or secret leaks out.
 */
export function toErrorEnvelope(error: unknown): ErrorEnvelope {
  if (error instanceof AppError) return error.envelope
  return { code: 'INTERNAL', message: 'Something went wrong inside the app. Please try again.' }
}
