import { EXIT, type ExitCode } from './exit-codes'

/** The command was stopped by SIGINT / SIGTERM: not a failure to explain, an exit code to return. */
export class CliInterrupted extends Error {
  constructor(readonly exitCode: ExitCode) {
    super('interrupted')
  }
}

const exitCodeOf = (reason: unknown): ExitCode => (reason === 'SIGTERM' ? EXIT.interruptedByTerm : EXIT.interruptedByInt)

/** `work`, unless the signal aborts first: then CliInterrupted (the command's finally blocks still run). */
export function unlessInterrupted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  if (signal.aborted) return Promise.reject(new CliInterrupted(exitCodeOf(signal.reason)))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CliInterrupted(exitCodeOf(signal.reason)))
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
