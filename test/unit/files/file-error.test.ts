import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../electron/core/contract'
import { fileError } from '../../../electron/core/files/file-error'
import { processAlive, removeStaleTemps } from '../../../electron/core/files/stale-temps'

const errno = (code: string) => Object.assign(new Error(`${code}: raw system text`), { code })

describe('fileError: a FILE error names the folder and the reason', () => {
  it.each([
    ['EACCES', /not allowed to write there/],
    ['EPERM', /not allowed to write there/],
    ['EROFS', /read-only/],
    ['ENOTDIR', /is a file, not a folder/],
    ['EEXIST', /a file of that name stands where the folder should be/],
    ['ENOSPC', /the disk is full/],
    ['ENOENT', /not there/],
  ])('%s', (code, reason) => {
    const error = fileError('/media/usb/exports', errno(code))
    expect(error.envelope.code).toBe('FILE')
    expect(error.message).toMatch(/^Can't save to \/media\/usb\/exports: /)
    expect(error.message).toMatch(reason)
    expect(error.message).not.toContain('raw system text')
  })

  it('an unknown system error still names the folder, and an AppError passes as it is', () => {
    expect(fileError('/x', errno('EWEIRD')).message).toBe("Can't save to /x: the system refused (EWEIRD). Choose another folder.")
    const cancelled = new AppError({ code: 'CANCELLED', message: 'Cancelled.' })
    expect(fileError('/x', cancelled)).toBe(cancelled)
  })
})

describe('removeStaleTemps', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tgc-stale-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it("removes a dead writer's temp files of the targets only", async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!
    expect(processAlive(dead)).toBe(false)
    expect(processAlive(process.pid)).toBe(true)
    const names = [`.result.json.${dead}.0123abcd.tmp`, `.result.json.${process.pid}.0123abcd.tmp`, `.other.json.${dead}.0123abcd.tmp`, 'result.json', `.result.json.${dead}.xyz.tmp`]
    for (const name of names) await writeFile(join(dir, name), 'x')
    await mkdir(join(dir, 'missing-parent'), { recursive: true })
    await removeStaleTemps([join(dir, 'result.json'), join(dir, 'nowhere', 'contacts.csv')])
    expect((await readdir(dir)).sort()).toEqual(names.filter((n) => n !== `.result.json.${dead}.0123abcd.tmp`).concat('missing-parent').sort())
  })
})
