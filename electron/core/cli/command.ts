import type { ExitCode } from './exit-codes'

/** Where a command writes; tests pass buffers, the entry passes the process streams. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
  cwd: string
  env: Readonly<Record<string, string | undefined>>
  /** Aborted on SIGINT / SIGTERM (reason: the signal's name): commands stop and clean up, then exit 128+n. */
  signal?: AbortSignal
}

export interface CliCommand {
  name: string
  /** One line for the usage text: arguments, then what it does. */
  usage: string
  /** More lines for `tg-contacts NAME --help`: options, one per line. */
  details?: string
  run(args: string[], io: CliIo): Promise<ExitCode>
}

/** A command as the dispatcher lists it: its name, and its module loaded on demand. */
export interface CommandEntry {
  name: string
  load(): Promise<CliCommand>
}

/** Thrown by a command for wrong arguments: the dispatcher prints it with the usage and exits 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  flags: Map<string, string | true>
  positional: string[]
}

/**
 * `--name value`, `--name=value` and bare `--flag`. `valued` lists the options that take a value;
 * any other `--option` must be in `booleans`, else it is a usage error.
 */
export function parseArgs(args: string[], valued: readonly string[], booleans: readonly string[]): ParsedArgs {
  const flags = new Map<string, string | true>()
  const positional: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--') {
      positional.push(...args.slice(i + 1))
      break
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq)
    if (valued.includes(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1)
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`)
      flags.set(name, value)
    } else if (booleans.includes(name) && eq === -1) flags.set(name, true)
    else throw new UsageError(`unknown option --${name}`)
  }
  return { flags, positional }
}
