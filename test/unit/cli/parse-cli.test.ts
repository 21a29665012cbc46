import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** The CLI as a user runs it: a child process, its stdout, stderr and exit code. */
const root = join(import.meta.dirname, '../../..')
const fixtures = join(root, 'test/fixtures/contact-files')

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'electron/core/cli/index.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('cli parse', { timeout: 90_000 }, () => {
  it('prints one JSON entry per file with contacts and problems', () => {
    const file = join(fixtures, 'handmade/apple-30-crcrlf.vcf')
    const csv = join(fixtures, 'handmade/google-legacy.csv')
    const { code, stdout, stderr } = cli('parse', '--json', '--region', 'US', file, csv)
    expect([code, stderr]).toEqual([0, ''])
    const out = JSON.parse(stdout) as { file: string; contacts: { name: string; phones: unknown[] }[]; problems: unknown[] }[]
    expect(out.map((e) => [e.file, e.contacts.length, Object.keys(e)])).toEqual([
      [file, 2, ['file', 'contacts', 'problems']],
      [csv, 2, ['file', 'contacts', 'problems']],
    ])
    const expected = JSON.parse(readFileSync(join(fixtures, 'handmade/apple-30-crcrlf.expected.json'), 'utf8')) as { contacts: unknown }
    expect(out[0]?.contacts).toEqual(expected.contacts)
    expect(Object.keys(out[0]?.contacts[0] ?? {})).toEqual(['name', 'firstName', 'lastName', 'phones'])
    expect(Object.keys((out[0]?.contacts[0]?.phones[0] ?? {}) as object)).toEqual(['value', 'e164', 'types', 'label'])
  })

  it('reports a refused file as a problem on line 0, and exits 1 because it yields nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'))
    writeFileSync(join(dir, 'x.vcf'), new Uint8Array([0, 1, 2, 3, 4, 5, 6]))
    const { code, stdout, stderr } = cli('parse', '--json', join(dir, 'x.vcf'))
    expect(code).toBe(1)
    expect(stderr).toContain('x.vcf: no contacts read (This is a binary file')
    expect(JSON.parse(stdout)).toEqual([{ file: join(dir, 'x.vcf'), contacts: [], problems: [{ line: 0, message: 'This is a binary file, not a contact file (.vcf or .csv).' }] }])
  })

  it('exits 2 with a message and no output for a missing file', () => {
    const { code, stdout, stderr } = cli('parse', '--json', join(fixtures, 'handmade/google-30.vcf'), '/no/such/file.vcf')
    expect([code, stdout]).toEqual([2, ''])
    expect(stderr).toContain('cannot read /no/such/file.vcf: no such file')
  })

  it('exits 2 for bad arguments and unknown commands', () => {
    expect(cli('parse', '--json').code).toBe(2)
    expect(cli('parse', '--region', 'XX', 'a.vcf').stderr).toContain("unknown region 'XX'")
    expect(cli('parse', '--frobnicate', 'a.vcf').code).toBe(2)
    expect(cli('nonsense').code).toBe(2)
    expect(cli().code).toBe(2)
  })

  it('prints a readable summary without --json', () => {
    const { code, stdout } = cli('parse', '--region', 'DE', join(fixtures, 'handmade/kde-30.vcf'))
    expect(code).toBe(0)
    expect(stdout).toContain('kde-30.vcf: 1 contact, 2 numbers, 0 problems')
    expect(stdout).toContain('Konqi Dragon: +49 170 1111111 -> +491701111111')
  })
})
