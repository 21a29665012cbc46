import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator'
import { runCli } from '../cli/run-cli'

let emulator: Emulator
let out: string

beforeAll(async () => {
  emulator = await startEmulator({ seed: 41, users: 60, contacts: 20, savedUnregistered: 5 })
  out = await mkdtemp(join(tmpdir(), 'tgc-cli-'))
})
afterAll(async () => {
  await emulator.close()
  await rm(out, { recursive: true, force: true })
})

/** `npm run --silent cli -- ARGS` as a user runs it, against the emulator through the env seams. */
const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { emulator, env })

describe('CLI list and export', () => {
  it('list --json prints the contact list as JSON', async () => {
    const { code, stdout, stderr } = await cli(['list', '--json'])
    expect(code, stderr).toBe(0)
    const list = JSON.parse(stdout) as { id: string; firstName: string }[]
    const world = emulator.world
    expect(list.map((c) => c.id).sort()).toEqual([...world.contactsOf(world.accountId).keys()].map(String).sort())
  })

  it.each(['json', 'csv', 'vcf'] as const)('export --format %s writes the file, progress on stderr, result on stdout', async (format) => {
    const path = join(out, `sub/contacts.${format}`)
    const { code, stdout, stderr } = await cli(['export', '--format', format, '--out', path])
    expect(code, stderr).toBe(0)
    expect(stdout).toMatch(new RegExp(`^Exported \\d+ contacts to ${path.replace(/[.]/g, '\\.')}\\n$`))
    expect(stderr).toContain('export: writing')
    expect(stderr).toContain('export: done')
    const text = await readFile(path, 'utf8')
    const count = Number(/Exported (\d+)/.exec(stdout)![1])
    if (format === 'json') expect(JSON.parse(text).contacts.list).toHaveLength(count)
    if (format === 'csv') expect(text.trimEnd().split('\r\n')).toHaveLength(count + 1)
    if (format === 'vcf') expect(text.match(/BEGIN:VCARD/g)).toHaveLength(count)
    expect(await readdir(join(out, 'sub'))).toEqual(expect.not.arrayContaining([expect.stringMatching(/^\.tg-contacts-export/)]))
  })

  it('exits 2 for bad arguments', async () => {
    expect((await cli(['export', '--format', 'xml', '--out', join(out, 'x')])).code).toBe(2)
    expect((await cli(['export', '--format', 'json'])).code).toBe(2)
    expect((await cli(['list', '--nope'])).code).toBe(2)
  })

  it('exits 3 with the time on stderr when the takeout is delayed', async () => {
    emulator.world.account(emulator.world.accountId).takeout.requestedAt = undefined
    emulator.world.takeoutDelaySeconds = 86_400
    try {
      const { code, stderr } = await cli(['export', '--format', 'json', '--out', join(out, 'late.json')])
      expect(code).toBe(3)
      expect(stderr).toMatch(/delayed by Telegram until \d{4}-\d{2}-\d{2}T/)
      expect(await readdir(out)).not.toContain('late.json')
    } finally {
      emulator.world.takeoutDelaySeconds = 0
    }
  })

  it('exits 4 when not signed in', async () => {
    const { code, stderr } = await cli(['list', '--json'], { TG_CONTACTS_SESSION: await emulator.mintSession(null) })
    expect(code, stderr).toBe(4)
    expect(stderr).toMatch(/TG_CONTACTS_SESSION is invalid or was revoked/)
  })
})
