import type { z } from 'zod'
import {
  AppError,
  methods,
  INVALID_REQUEST_MESSAGE,
  type ErrorEnvelope,
  type MethodName,
  type MethodOutput,
  type MethodParsedInput,
  type Result,
} from '../contract'
import { toErrorEnvelope } from './to-error-envelope'

export type Handlers = { [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>> }

export interface Router {
  /** Validates the input, runs the handler, and always resolves: failures come back as data. */
  dispatch(method: string, input: unknown): Promise<Result<unknown>>
}

export interface RouterOptions {
  /** Also validate outputs (tests and development): a handler that breaks the contract is a bug. */
  checkOutputs?: boolean
  /** Where unexpected failures are reported (never to the renderer). */
  onUnexpectedError?: (method: string, error: unknown) => void
}

const isMethodName = (name: string): name is MethodName => Object.hasOwn(methods, name)

function invalidInput(error: z.ZodError): ErrorEnvelope {
  return {
    code: 'INVALID_INPUT',
    message: INVALID_REQUEST_MESSAGE,
    issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  }
}

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  return {
    async dispatch(method, input) {
      if (typeof method !== 'string' || !isMethodName(method)) {
        return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no method "${String(method).slice(0, 64)}".` } }
      }
      const spec = methods[method]
      const parsed = spec.input.safeParse(input ?? {})
      if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) }
      try {
        const handler = handlers[method] as (input: unknown) => Promise<unknown>
        const value = await handler(parsed.data)
        if (options.checkOutputs) {
          const checked = spec.output.safeParse(value)
          if (!checked.success) {
            throw new Error(`${method} returned a value outside the contract: ${checked.error.message}`)
          }
        }
        return { ok: true, value }
      } catch (error) {
        if (!(error instanceof AppError)) options.onUnexpectedError?.(method, error)
        return { ok: false, error: toErrorEnvelope(error) }
      }
    },
  }
}
