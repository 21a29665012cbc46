import type { Contact } from '../../contract'
import type { CliCommand, CliIo } from '../command'
import { UsageError, parseArgs } from '../command'
import { EXIT } from '../exit-codes'
import { failure, openCliCore, requireSignedIn } from './open-core'

function line(c: Contact): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || '(no name)'
  return [name, c.username ? `@${c.username}` : '', c.phone ?? '', c.mutual ? 'mutual' : ''].filter(Boolean).join('  ')
}

async function run(args: string[], io: CliIo) {
  const { flags, positional } = parseArgs(args, [], ['json'])
  if (positional.length > 0) throw new UsageError(`unexpected argument '${positional[0]}'`)
  let cli: Awaited<ReturnType<typeof openCliCore>> | null = null
  try {
    cli = await openCliCore(io)
    await requireSignedIn(cli, io.env)
    const list = await cli.call('contacts.refresh', {})
    io.out(flags.has('json') ? `${JSON.stringify(list.contacts)}\n` : `${list.contacts.map(line).join('\n')}${list.contacts.length ? '\n' : ''}`)
    return EXIT.ok
  } catch (error) {
    return failure(io, 'list', error)
  } finally {
    await cli?.close()
  }
}

/** `list [--json]`: the contact list from Telegram (JSON: an array of contacts as the app's contract shapes them). */
export const listCommand: CliCommand = {
  name: 'list',
  usage: '[--json]   print the contact list (fresh from Telegram)',
  details: '  --json   one JSON array of contacts (id, names, username, phone, status, mutual) instead of one line each',
  run,
}
