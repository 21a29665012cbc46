import type { CliCommand } from './command'
import { exportCommand } from './commands/export'
import { listCommand } from './commands/list'
import { parseCommand } from './commands/parse'

/** Every CLI command; add a module under commands/ and list it here. */
export const commands: readonly CliCommand[] = [parseCommand, listCommand, exportCommand]
