import type { CommandEntry } from './command'

/**
 * Every CLI command; add a module under commands/ and list it here. Modules load only when their
 * command runs, so `parse` never loads GramJS or the keychain that `list` and `export` need.
 */
export const commands: readonly CommandEntry[] = [
  { name: 'parse', load: async () => (await import('./commands/parse')).parseCommand },
  { name: 'list', load: async () => (await import('./commands/list')).listCommand },
  { name: 'export', load: async () => (await import('./commands/export')).exportCommand },
]
