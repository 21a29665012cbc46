import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, repoRoot } from '../../e2e/harness/build'

const run = promisify(execFile)

/** package.json's `bin` is the built CLI: `npx tg-contacts` in a checkout runs it (issue 11 item 25). */
describe('the tg-contacts bin', () => {
  beforeAll(() => ensureBuilt())

  it('names a built file with a shebang', async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> }
    const target = pkg.bin['tg-contacts']
    expect(target).toBeDefined()
    expect((await readFile(join(repoRoot, target!), 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true)
  })

  it('npx tg-contacts runs it: help, and a parse of a real file', async () => {
    const help = await run('npx', ['--no-install', 'tg-contacts', '--help'], { cwd: repoRoot })
    expect(help.stdout).toMatch(/^usage:\n {2}tg-contacts parse/)
    const file = join(repoRoot, 'test/fixtures/contact-files/handmade/kde-30.vcf')
    const parsed = await run('npx', ['--no-install', 'tg-contacts', 'parse', '--json', '--region', 'DE', file], { cwd: repoRoot })
    expect((JSON.parse(parsed.stdout) as { contacts: { name: string }[] }[])[0]?.contacts.map((c) => c.name)).toEqual(['Konqi Dragon'])
  })
})
