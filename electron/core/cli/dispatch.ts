import type { CliCommand, CliIo, CommandEntry } from './command'
import { UsageError } from './command'
import { EXIT } from './exit-codes'
import type { ExitCode } from './exit-codes'

async function usage(entries: readonly CommandEntry[]): Promise<string> {
  const commands: CliCommand[] = await Promise.all(entries.map((e) => e.load()))
  const lines = commands.map((c) => `  tg-contacts ${c.name} ${c.usage}`)
  return `usage:\n${lines.join('\n')}\n`
}

/** Runs `argv` (without node and script) against the registered commands; returns the exit code. */
export async function dispatch(argv: string[], entries: readonly CommandEntry[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === 'help') {
    io[name === undefined ? 'err' : 'out'](await usage(entries))
    return name === undefined ? EXIT.badArguments : EXIT.ok
  }
  const entry = entries.find((c) => c.name === name)
  if (entry === undefined) {
    io.err(`tg-contacts: unknown command '${name}'\n${await usage(entries)}`)
    return EXIT.badArguments
  }
  const command = await entry.load()
  try {
    return await command.run(rest, io)
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`tg-contacts ${command.name}: ${err.message}\nusage: tg-contacts ${command.name} ${command.usage}\n`)
      return EXIT.badArguments
    }
    io.err(`tg-contacts ${command.name}: ${err instanceof Error ? err.message : String(err)}\n`)
    return EXIT.failure
  }
}
