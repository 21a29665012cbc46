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

export class ExportStateStore {
  private readonly dir: string
  constructor(dataDir: string) {
    this.dir = join(dataDir, 'export')
  }

  async read(): Promise<ExportState> {
    try {
      return stateSchema.parse(JSON.parse(await readFile(join(this.dir, 'state.json'), 'utf8')))
    } catch {
      return { ...empty }
    }
  }

  async write(state: ExportState): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    await writeFileAtomic(join(this.dir, 'state.json'), JSON.stringify(state))
  }

  async update(change: (state: ExportState) => ExportState): Promise<ExportState> {
    const next = change(await this.read())
    await this.write(next)
    return next
  }
}
