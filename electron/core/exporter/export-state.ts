import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { exportOptionsSchema, exportResultSchema } from '../contract'
import { writeFileAtomic } from '../files/atomic-file'

/** What the exporter remembers across restarts (<account folder>/export/state.json): the takeout delay and the last result. */
const stateSchema = z.object({
  /** Epoch ms from which Telegram lets the takeout start, or null. */
  availableAt: z.number().int().nullable(),
  /** Whether the "export available" notification for availableAt was already shown. */
  announced: z.boolean(),
  lastResult: exportResultSchema.nullable(),
  /**
   * A takeout session this account opened and has not finished yet, and the files its export was writing: written
   * right after account.initTakeoutSession, cleared once finishTakeoutSession is answered. Left set by a kill or a
   * connection lost at the end; the next start (or the connection's return) finishes it.
   */
  openTakeout: z.object({ id: z.string().regex(/^-?\d{1,20}$/), files: z.array(z.string()) }).nullable().default(null),
  /** The options of the last export started: the export screen offers them again. */
  options: exportOptionsSchema.nullable().default(null),
})
export type ExportState = z.infer<typeof stateSchema>

const empty: ExportState = { availableAt: null, announced: false, lastResult: null, openTakeout: null, options: null }

/**
 * Writes to one state file, one after the other, across the ExportStateStore objects made for it: each update reads
 * what the one before wrote. Two at once lost one: remembering an export's options while a leftover takeout was being
 * finished wrote the takeout back as still open, and the export finished it a second time.
 */
const writesByFile = new Map<string, Promise<unknown>>()

function oneAfterAnother<T>(file: string, step: () => Promise<T>): Promise<T> {
  const run = (writesByFile.get(file) ?? Promise.resolve()).then(step)
  const settled = run.catch(() => undefined)
  writesByFile.set(file, settled)
  void settled.then(() => {
    if (writesByFile.get(file) === settled) writesByFile.delete(file)
  })
  return run
}

export class ExportStateStore {
  private readonly dir: string
  private readonly file: string
  constructor(dataDir: string) {
    this.dir = join(dataDir, 'export')
    this.file = join(this.dir, 'state.json')
  }

  async read(): Promise<ExportState> {
    try {
      return stateSchema.parse(JSON.parse(await readFile(this.file, 'utf8')))
    } catch {
      return { ...empty }
    }
  }

  write(state: ExportState): Promise<void> {
    return oneAfterAnother(this.file, () => this.writeNow(state))
  }

  update(change: (state: ExportState) => ExportState): Promise<ExportState> {
    return oneAfterAnother(this.file, async () => {
      const next = change(await this.read())
      await this.writeNow(next)
      return next
    })
  }

  private async writeNow(state: ExportState): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    await writeFileAtomic(this.file, JSON.stringify(state))
  }
}
