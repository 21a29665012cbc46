import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openAppendLog, readLog } from '../../../electron/core/files/append-log'
import { createAtomicWriter, writeFileAtomic } from '../../../electron/core/files/atomic-file'

const dir = () => mkdtemp(join(tmpdir(), 'tgc-files-'))

describe('atomic file writer', () => {
  it('shows nothing under the name until commit, then the whole content, and leaves no temp file', async () => {
    const d = await dir()
    const path = join(d, 'out.txt')
    const w = await createAtomicWriter(path)
    const chunk = 'x'.repeat(100_000)
    for (let i = 0; i < 10; i++) await w.write(chunk)
    expect(await readdir(d)).toHaveLength(1)
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' })
    await w.commit()
    expect((await readFile(path, 'utf8')).length).toBe(1_000_000)
    expect(await readdir(d)).toEqual(['out.txt'])
  })

  it('abort keeps the previous file intact and removes the partial one', async () => {
    const d = await dir()
    const path = join(d, 'out.txt')
    await writeFile(path, 'old')
    const w = await createAtomicWriter(path)
    await w.write('new partial content'.repeat(50_000))
    await w.abort()
    expect(await readFile(path, 'utf8')).toBe('old')
    expect(await readdir(d)).toEqual(['out.txt'])
  })

  it('replaces a file in one step and writes bytes and UTF-8 text', async () => {
    const d = await dir()
    const path = join(d, 'f')
    await writeFileAtomic(path, 'first')
    await writeFileAtomic(path, 'zweite – ü')
    expect(await readFile(path, 'utf8')).toBe('zweite – ü')
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]))
    expect([...(await readFile(path))]).toEqual([1, 2, 3])
  })

  it('fails clearly when the folder does not exist, leaving nothing behind', async () => {
    await expect(writeFileAtomic(join(await dir(), 'missing', 'f'), 'x')).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

describe('append log', () => {
  it('reads back every record, stops at a torn line, and appends after cutting it off', async () => {
    const path = join(await dir(), 'log')
    const log = await openAppendLog(path)
    await log.append({ a: 1 })
    await log.append({ b: 'ü' })
    await log.close()
    await writeFile(path, '{"c":', { flag: 'a' })
    const read = await readLog(path)
    expect(read.records).toEqual([{ a: 1 }, { b: 'ü' }])
    const again = await openAppendLog(path, read.validBytes)
    await again.append({ d: 4 })
    await again.close()
    expect((await readLog(path)).records).toEqual([{ a: 1 }, { b: 'ü' }, { d: 4 }])
  })

  it('keeps records in call order when appends overlap', async () => {
    const path = join(await dir(), 'log')
    const log = await openAppendLog(path)
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append({ i })))
    await log.close()
    expect((await readLog(path)).records).toEqual(Array.from({ length: 50 }, (_, i) => ({ i })))
  })

  it('reads a missing log as empty', async () => {
    expect(await readLog(join(await dir(), 'none'))).toEqual({ records: [], validBytes: 0 })
  })
})
