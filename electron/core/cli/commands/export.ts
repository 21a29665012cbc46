import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { exportFormatSchema } from '../../contract'
import { formatWriters } from '../../exporter/writers'
import type { CliCommand, CliIo } from '../command'
import { UsageError, parseArgs } from '../command'
import { EXIT } from '../exit-codes'
import { failure, openCliCore, requireSignedIn } from './open-core'

async function run(args: string[], io: CliIo) {
  const { flags, positional } = parseArgs(args, ['format', 'out'], ['telegram-only'])
  if (positional.length > 0) throw new UsageError(`unexpected argument '${positional[0]}'`)
  const format = exportFormatSchema.safeParse(flags.get('format'))
  if (!format.success) throw new UsageError('--format must be json, csv or vcf')
  const outFlag = flags.get('out')
  if (typeof outFlag !== 'string') throw new UsageError('--out PATH is required')
  const out = resolve(io.cwd, outFlag)
  if (basename(out) === '' || out.endsWith('/')) throw new UsageError('--out must name a file')

  let cli: Awaited<ReturnType<typeof openCliCore>> | null = null
  // The core writes its fixed file name into a private folder next to the target; the finished file
  // is then renamed onto --out, which is atomic on the same file system.
  const staging = join(dirname(out), `.tg-contacts-export-${randomBytes(4).toString('hex')}`)
  try {
    cli = await openCliCore(io)
    await requireSignedIn(cli)
    cli.core.events.subscribe((envelope) => {
      if (envelope.event === 'export.progress') {
        const { phase, done, total } = envelope.payload
        io.err(`export: ${phase}${total > 0 ? ` ${done}/${total}` : ''}\n`)
      }
    })
    await mkdir(dirname(out), { recursive: true })
    const result = await cli.call('export.run', { formats: [format.data], includeNotOnTelegram: !flags.has('telegram-only'), directory: staging })
    await rename(join(staging, formatWriters[format.data].fileName), out)
    io.out(`Exported ${result.count.toLocaleString('en-US')} contacts to ${out}\n`)
    return EXIT.ok
  } catch (error) {
    return failure(io, 'export', error)
  } finally {
    await rm(staging, { recursive: true, force: true })
    await cli?.close()
  }
}

/** `export --format json|csv|vcf --out PATH [--telegram-only]`: the full saved contact list through a takeout. */
export const exportCommand: CliCommand = {
  name: 'export',
  usage: '--format json|csv|vcf --out PATH [--telegram-only]   export saved contacts through a takeout (progress on stderr)',
  run,
}
