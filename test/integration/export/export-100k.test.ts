import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createExportHandlers } from '../../../electron/core/exporter/handlers'
import { startEmulator, type Emulator } from '../../emulator'
import { emulatorContext } from '../import/emulator-context'

const COUNT = 100_000
let emulator: Emulator
let out: string

beforeAll(async () => {
  emulator = await startEmulator({ seed: 51, users: 60, contacts: 20 })
  const me = emulator.world.accountId
  const saved = emulator.world.account(me).saved
  for (let i = 0; saved.size < COUNT; i++) {
    const phone = `4479${String(i).padStart(8, '0')}`
    saved.set(phone, { phone, firstName: `Person ${i}`, lastName: i % 3 ? 'Müller' : '', date: 1_600_000_000 + i })
  }
  out = await mkdtemp(join(tmpdir(), 'tgc-100k-'))
})
afterAll(async () => {
  await emulator.close()
  await rm(out, { recursive: true, force: true })
})

describe('export of 100,000 saved contacts', () => {
  it('writes all three formats completely; peak memory is reported', { timeout: 180_000 }, async () => {
    const env = await emulatorContext(emulator)
    const handlers = createExportHandlers(env.ctx)
    try {
      global.gc?.()
      const base = process.memoryUsage()
      let peakHeap = base.heapUsed
      let peakRss = base.rss
      const sampler = setInterval(() => {
        const m = process.memoryUsage()
        peakHeap = Math.max(peakHeap, m.heapUsed)
        peakRss = Math.max(peakRss, m.rss)
      }, 5)
      const started = performance.now()
      const phaseAt = new Map<string, number>()
      env.ctx.events.subscribe((e) => {
        if (e.event === 'export.progress' && !phaseAt.has(e.payload.phase)) phaseAt.set(e.payload.phase, performance.now() - started)
      })
      const result = await handlers['export.run']({ formats: ['json', 'csv', 'vcf'], includeNotOnTelegram: true, directory: out })
      const seconds = (performance.now() - started) / 1000
      clearInterval(sampler)
      const mb = (n: number) => Math.round(n / 1024 / 1024)
      const sizes = await Promise.all(result.files.map(async (f) => `${f.format} ${mb((await stat(f.path)).size)} MB`))
      // Figures, not assertions: the emulator runs in this process too, building the 100k answer.
      console.log(
        `export 100k: ${result.count} contacts, 3 formats in ${seconds.toFixed(1)} s; heap ${mb(base.heapUsed)} -> peak ${mb(peakHeap)} MB, rss ${mb(base.rss)} -> peak ${mb(peakRss)} MB; ${sizes.join(', ')}; phases (s from start): ${[...phaseAt].map(([p, t]) => `${p} ${(t / 1000).toFixed(1)}`).join(', ')}`,
      )
      expect(result.count).toBeGreaterThanOrEqual(COUNT)
      const json = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'))
      expect(json.contacts.list).toHaveLength(result.count)
      expect((await readFile(join(out, 'contacts.vcf'), 'utf8')).match(/\r\nEND:VCARD\r\n/g)).toHaveLength(result.count)
      expect((await readFile(join(out, 'contacts.csv'), 'utf8')).trimEnd().split('\r\n')).toHaveLength(result.count + 1)
    } finally {
      await handlers.dispose()
      await env.dispose()
    }
  })
})
