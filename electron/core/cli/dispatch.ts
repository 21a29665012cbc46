import type { CliCommand, CliIo, CommandEntry } from './command'
import { UsageError } from './command'
import { EXIT, EXIT_MEANINGS } from './exit-codes'
import type { ExitCode } from './exit-codes'
import { CliInterrupted } from './interrupt'

/** Read by `list` and `export` (parse needs none of them). */
const ENVIRONMENT: readonly [string, string][] = [
  ['TG_API_ID, TG_API_HASH', 'API credentials from my.telegram.org (else the ones the app stored)'],
  ['TG_CONTACTS_SESSION', 'a Telegram session string to use instead of the app keychain\'s (then a throwaway data folder)'],
  ['TG_CONTACTS_DATA_DIR', 'the data folder to use (default: the app\'s)'],
  ['TG_CONTACTS_ENDPOINT', 'JSON {host, port, dcId, rsaPublicKey}: a Telegram server other than Telegram\'s (the emulator, test DCs)'],
]

const table = (rows: readonly (readonly [string | number, string])[]): string => {
  const width = Math.max(...rows.map(([key]) => String(key).length))
  return rows.map(([key, text]) => `  ${String(key).padEnd(width)}  ${text}`).join('\n')
}

async function usage(entries: readonly CommandEntry[]): Promise<string> {
  const commands: CliCommand[] = await Promise.all(entries.map((e) => e.load()))
  const lines = commands.map((c) => `  tg-contacts ${c.name} ${c.usage}`)
  return `usage:\n${lines.join('\n')}\n  tg-contacts COMMAND --help   more about one command\n`
}

const fullHelp = async (entries: readonly CommandEntry[]): Promise<string> =>
  `${await usage(entries)}\nenvironment:\n${table(ENVIRONMENT)}\n\nexit codes:\n${table(EXIT_MEANINGS)}\n`

const commandHelp = (command: CliCommand): string =>
  `usage: tg-contacts ${command.name} ${command.usage}\n${command.details ? `${command.details}\n` : ''}`

/** `--help` before a `--` asks for help, wherever it stands. */
const asksForHelp = (args: string[]): boolean => {
  const end = args.indexOf('--')
  return (end === -1 ? args : args.slice(0, end)).includes('--help')
}

/** Runs `argv` (without node and script) against the registered commands; returns the exit code. */
export async function dispatch(argv: string[], entries: readonly CommandEntry[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === 'help') {
    io[name === undefined ? 'err' : 'out'](await fullHelp(entries))
    return name === undefined ? EXIT.badArguments : EXIT.ok
  }
  const entry = entries.find((c) => c.name === name)
  if (entry === undefined) {
    io.err(`tg-contacts: unknown command '${name}'\n${await usage(entries)}`)
    return EXIT.badArguments
  }
  const command = await entry.load()
  if (asksForHelp(rest)) {
    io.out(commandHelp(command))
    return EXIT.ok
  }
  try {
    return await command.run(rest, io)
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`tg-contacts ${command.name}: ${err.message}\nusage: tg-contacts ${command.name} ${command.usage}\n`)
      return EXIT.badArguments
    }
    if (err instanceof CliInterrupted) {
      io.err(`tg-contacts ${command.name}: interrupted\n`)
      return err.exitCode
    }
    io.err(`tg-contacts ${command.name}: ${err instanceof Error ? err.message : String(err)}\n`)
    return EXIT.failure
  }
}
