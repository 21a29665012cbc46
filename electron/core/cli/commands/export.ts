import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { exportFormatSchema, type ExportFormat } from '../../contract'
import { formatWriters } from '../../exporter/writers'
import { processAlive } from '../../files/stale-temps'
import type { CliCommand, CliIo } from '../command'
import { UsageError, parseArgs } from '../command'
import { EXIT } from '../exit-codes'
import { failure, openCliCore, requireSignedIn } from './open-core'

/** --out as given: a file path, or an existing folder to write contacts.<format> into. */
async function targetPath(outFlag: string, format: ExportFormat, cwd: string): Promise<string> {
  const out = resolve(cwd, outFlag)
  const existing = await stat(out).catch(() => null)
  if (existing?.isDirectory()) return join(out, `contacts.${format}`)
  if (basename(out) === '' || /[\\/]$/.test(outFlag)) throw new UsageError(`--out ${outFlag}: no such folder`)
  if (existing !== null && !existing.isFile()) throw new UsageError(`--out ${outFlag}: not a file or folder`)
  return out
}

/** `.tg-contacts-export-<pid>-<hex>`: the pid tells a staging folder in use from one a killed export left. */
const STAGING = /^\.tg-contacts-export-(\d{1,10})-[0-9a-f]{8}$/

/** Removes the staging folders that exports which no longer run (killed) left in folder. */
async function removeStaleStaging(folder: string): Promise<void> {
  for (const entry of await readdir(folder).catch(() => [] as string[])) {
    const pid = STAGING.exec(entry)?.[1]
    if (pid !== undefined && !processAlive(Number(pid))) await rm(join(folder, entry), { recursive: true, force: true }).catch(() => undefined)
  }
}

async function run(args: string[], io: CliIo) {
  const { flags, positional } = parseArgs(args, ['format', 'out'], ['telegram-only'])
  if (positional.length > 0) throw new UsageError(`unexpected argument '${positional[0]}'`)
  const format = exportFormatSchema.safeParse(flags.get('format'))
  if (!format.success) throw new UsageError('--format must be json, csv or vcf')
  const outFlag = flags.get('out')
  if (typeof outFlag !== 'string') throw new UsageError('--out PATH is required')
  const out = await targetPath(outFlag, format.data, io.cwd)

  let cli: Awaited<ReturnType<typeof openCliCore>> | null = null
  // The core writes its fixed file name into a private folder next to the target; the finished file
  // is then renamed onto --out, which is atomic on the same file system.
  const staging = join(dirname(out), `.tg-contacts-export-${process.pid}-${randomBytes(4).toString('hex')}`)
  let createdFolder: string | undefined
  let done = false
  try {
    cli = await openCliCore(io)
    await requireSignedIn(cli, io.env)
    cli.core.events.subscribe((envelope) => {
      if (envelope.event === 'export.progress') {
        const { phase, done, total } = envelope.payload
        io.err(`export: ${phase}${total > 0 ? ` ${done}/${total}` : ''}\n`)
      }
    })
    createdFolder = await mkdir(dirname(out), { recursive: true })
    await removeStaleStaging(dirname(out))
    const result = await cli.call('export.run', { formats: [format.data], includeNotOnTelegram: !flags.has('telegram-only'), directory: staging })
    await rename(join(staging, formatWriters[format.data].fileName), out)
    done = true
    io.out(`Exported ${result.count.toLocaleString('en-US')} contacts to ${out}\n`)
    return EXIT.ok
  } catch (error) {
    return failure(io, 'export', error)
  } finally {
    await rm(staging, { recursive: true, force: true })
    await cli?.close()
    // A folder made for a file that never came is taken away again (rmdir: only while it is still empty).
    if (!done && createdFolder !== undefined) await rmdir(createdFolder).catch(() => undefined)
  }
}

/** `export --format json|csv|vcf --out PATH [--telegram-only]`: the full saved contact list through a takeout. */
export const exportCommand: CliCommand = {
  name: 'export',
  usage: '--format json|csv|vcf --out PATH [--telegram-only]   export saved contacts through a takeout (progress on stderr)',
  details: [
    '  --format F        json (shaped like Telegram Desktop\'s export), csv (Google Contacts) or vcf (vCard 3.0)',
    '  --out PATH        the file to write (atomically), or an existing folder to write contacts.F into',
    '  --telegram-only   leave out saved phone contacts who are not on Telegram',
    'Telegram may delay a first export for security: then exit 3 says from when it can run.',
  ].join('\n'),
  run,
}
