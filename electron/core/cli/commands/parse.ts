import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { readContactFile } from '../../importer/read-file'
import type { ParsedFile } from '../../importer/parsed-file'
import { toRegion } from '../../phones'
import type { CliCommand, CliIo } from '../command'
import { UsageError, parseArgs } from '../command'
import { EXIT } from '../exit-codes'

interface FileReport {
  file: string
  contacts: ParsedFile['contacts']
  problems: ParsedFile['problems']
}

function report(file: string, parsed: ParsedFile): FileReport {
  // A refused file (binary, empty, too large, not a contact file) reads as no contacts and one problem.
  const problems = parsed.error === null ? parsed.problems : [{ line: 0, message: parsed.error }]
  return { file, contacts: parsed.contacts, problems }
}

const count = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

function text(reports: FileReport[]): string {
  const out: string[] = []
  for (const r of reports) {
    const phones = r.contacts.reduce((n, c) => n + c.phones.length, 0)
    out.push(`${r.file}: ${count(r.contacts.length, 'contact', 'contacts')}, ${count(phones, 'number', 'numbers')}, ${count(r.problems.length, 'problem', 'problems')}`)
    for (const c of r.contacts) {
      const numbers = c.phones.map((p) => `${p.value}${p.e164 === null ? ' (invalid)' : p.e164 === p.value ? '' : ` -> ${p.e164}`}`)
      out.push(`  ${c.name || '(no name)'}${numbers.length > 0 ? `: ${numbers.join(', ')}` : ''}`)
    }
    // Line 0 stands for the file as a whole (a refused file), which has no line to point at.
    for (const p of r.problems) out.push(p.line > 0 ? `  line ${p.line}: ${p.message}` : `  ${p.message}`)
  }
  return `${out.join('\n')}\n`
}

async function run(args: string[], io: CliIo) {
  const { flags, positional } = parseArgs(args, ['region'], ['json'])
  if (positional.length === 0) throw new UsageError('no file given')
  const regionFlag = flags.get('region')
  const region = typeof regionFlag === 'string' ? toRegion(regionFlag) : null
  if (typeof regionFlag === 'string' && region === null) throw new UsageError(`unknown region '${regionFlag}' (use a two-letter country code such as DE)`)
  // Every file must exist before anything is printed, so a typo never yields half an answer.
  for (const file of positional) {
    const info = await stat(resolve(io.cwd, file)).catch(() => null)
    if (info === null || !info.isFile()) throw new UsageError(`cannot read ${file}: ${info === null ? 'no such file' : 'not a file'}`)
  }
  const reports: FileReport[] = []
  for (const file of positional) {
    const bytes = await readFile(resolve(io.cwd, file))
    reports.push(report(file, readContactFile(file, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), region)))
  }
  io.out(flags.has('json') ? `${JSON.stringify(reports)}\n` : text(reports))
  // A file that yields nothing is a failure a script must see, even when the other files were fine.
  const empty = reports.filter((r) => r.contacts.length === 0)
  for (const r of empty) io.err(`tg-contacts parse: ${r.file}: no contacts read${r.problems[0] ? ` (${r.problems[0].message})` : ''}\n`)
  return empty.length > 0 ? EXIT.failure : EXIT.ok
}

/** `parse [--json] [--region CC] FILE...`: what the app would import from each file. */
export const parseCommand: CliCommand = {
  name: 'parse',
  usage: '[--json] [--region CC] FILE...   read vCard/CSV files and print their contacts (CC: country for numbers without +)',
  details: [
    '  --json        one JSON array: per file {file, contacts, problems} (a refused file: one problem at line 0)',
    '  --region CC   read numbers without a country code as country CC (two letters, e.g. DE)',
    'Exits 1 when any file yields no contacts (binary, empty, not a contact file); the others are still printed.',
  ].join('\n'),
  run,
}
