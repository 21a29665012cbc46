import { describe, expect, it } from 'vitest'
import type { CliCommand, CliIo, CommandEntry } from '../../../electron/core/cli/command'
import { UsageError, parseArgs } from '../../../electron/core/cli/command'
import { dispatch } from '../../../electron/core/cli/dispatch'
import { EXIT } from '../../../electron/core/cli/exit-codes'

function io() {
  const out: string[] = []
  const err: string[] = []
  const sink: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: '/', env: {} }
  return { sink, out, err }
}

const echo: CliCommand = {
  name: 'echo',
  usage: 'WORD',
  run: async (args, { out }) => {
    const { positional } = parseArgs(args, [], [])
    if (positional.length === 0) throw new UsageError('no word')
    if (positional[0] === 'boom') throw new Error('it broke')
    out(positional.join(' '))
    return positional[0] === 'later' ? EXIT.takeoutDelayed : EXIT.ok
  },
}

const entries: CommandEntry[] = [{ name: 'echo', load: async () => echo }]

describe('cli dispatch', () => {
  it('runs the named command and returns its exit code', async () => {
    const a = io()
    expect(await dispatch(['echo', 'hi', 'there'], entries, a.sink)).toBe(0)
    expect(a.out).toEqual(['hi there'])
    expect(await dispatch(['echo', 'later'], entries, io().sink)).toBe(3)
  })

  it('maps usage errors to 2 and other failures to 1, with a message on stderr', async () => {
    const a = io()
    expect(await dispatch(['echo'], entries, a.sink)).toBe(2)
    expect(a.err.join('')).toContain('no word')
    const b = io()
    expect(await dispatch(['echo', 'boom'], entries, b.sink)).toBe(1)
    expect(b.err.join('')).toContain('it broke')
  })

  it('prints every command in the usage, and loads only the command that runs', async () => {
    let loaded = 0
    const counting: CommandEntry[] = [
      { name: 'echo', load: async () => (loaded++, echo) },
      { name: 'other', load: async () => (loaded++, { ...echo, name: 'other', usage: 'THING' }) },
    ]
    expect(await dispatch(['echo', 'x'], counting, io().sink)).toBe(0)
    expect(loaded).toBe(1)
    const a = io()
    expect(await dispatch(['help'], counting, a.sink)).toBe(0)
    expect(a.out.join('')).toMatch(/^usage:\n {2}tg-contacts echo WORD\n {2}tg-contacts other THING\n/)
    expect(await dispatch(['nope'], counting, io().sink)).toBe(2)
  })

  it('--help lists the environment variables and every exit code', async () => {
    const a = io()
    expect(await dispatch(['--help'], entries, a.sink)).toBe(0)
    const help = a.out.join('')
    for (const name of ['TG_API_ID', 'TG_API_HASH', 'TG_CONTACTS_SESSION', 'TG_CONTACTS_ENDPOINT', 'TG_CONTACTS_DATA_DIR']) expect(help).toContain(name)
    for (const code of Object.values(EXIT)) expect(help).toMatch(new RegExp(`\\n {2}${code} +\\S`))
  })

  it('every command takes --help (before any --): its usage and details on stdout, exit 0, nothing run', async () => {
    const a = io()
    const detailed: CommandEntry[] = [{ name: 'echo', load: async () => ({ ...echo, details: '  WORD   what to say' }) }]
    expect(await dispatch(['echo', 'boom', '--help'], detailed, a.sink)).toBe(0)
    expect(a.out.join('')).toBe('usage: tg-contacts echo WORD\n  WORD   what to say\n')
    const b = io()
    expect(await dispatch(['echo', '--', '--help'], entries, b.sink)).toBe(0)
    expect(b.out).toEqual(['--help'])
  })

  it('parses --name value, --name=value and flags, and rejects unknown options', () => {
    expect(parseArgs(['--region', 'DE', '--json', 'a', '--', '--b'], ['region'], ['json'])).toEqual({
      flags: new Map<string, string | true>([
        ['region', 'DE'],
        ['json', true],
      ]),
      positional: ['a', '--b'],
    })
    expect(parseArgs(['--region=FR'], ['region'], []).flags.get('region')).toBe('FR')
    expect(() => parseArgs(['--region'], ['region'], [])).toThrow(UsageError)
    expect(() => parseArgs(['--nope'], [], [])).toThrow(UsageError)
  })
})
