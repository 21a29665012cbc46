import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ExportStateStore } from '../../../electron/core/exporter/export-state'

const folders: string[] = []
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })))
})

describe('ExportStateStore', () => {
  it('applies updates made at once, also through two store objects, each on what the one before wrote', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tgc-export-state-'))
    folders.push(folder)
    const first = new ExportStateStore(folder)
    await first.update((s) => ({ ...s, openTakeout: { id: '42', files: ['/tmp/contacts.csv'] } }))
    // The leftover takeout finished while the export's options are remembered (each through a store of its own).
    const options = { formats: ['csv' as const], includeNotOnTelegram: true, directory: '/tmp', download: false }
    await Promise.all([
      first.update((s) => (s.openTakeout?.id === '42' ? { ...s, openTakeout: null } : s)),
      new ExportStateStore(folder).update((s) => ({ ...s, options })),
    ])
    expect(await first.read()).toMatchObject({ openTakeout: null, options })
  })

  it('goes on after a change that throws', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tgc-export-state-'))
    folders.push(folder)
    const store = new ExportStateStore(folder)
    const failed = store.update(() => {
      throw new Error('no')
    })
    const next = store.update((s) => ({ ...s, announced: true }))
    await expect(failed).rejects.toThrow('no')
    expect((await next).announced).toBe(true)
    expect((await store.read()).announced).toBe(true)
  })
})
