/**
 * The open import preview in the core: the dropped files' bytes by digest (the same bytes dropped twice are one
 * file, and a changed region or charset reads a file again without the window sending it again) and the preview's
 * rows, handed to the window a page at a time. Decoding and hashing go in slices, the reading in the preview
 * worker: nothing here holds the core's event loop for long (issue 12.6).
 */

import { createHash, randomUUID, type Hash } from 'node:crypto'
import { setImmediate as yieldToLoop } from 'node:timers/promises'
import { AppError, type MethodInput, type MethodOutput, type PreviewFile, type PreviewRow } from '../contract'
import { toRegion, type Region } from '../phones'
import type { LegacyCharset } from './charset'
import { PREVIEW_PAGE_ROWS, PreviewWorker, pageRows, type BuiltPreview, type PreviewRequest } from './job/preview-off-thread'
import type { PreviewInput } from './preview'

/** Base64 characters decoded per slice (a multiple of 4): about 3 MB of bytes, a few milliseconds. */
const SLICE_CHARS = 4 * 1024 * 1024
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Bytes the open preview keeps: more than anyone drops at once, and a bound on the core's memory. */
export const MAX_PREVIEW_BYTES = 256 * 1024 * 1024

interface Kept {
  bytes: Uint8Array
}

function notIntact(name: string): AppError {
  return new AppError({ code: 'INVALID_INPUT', message: `The file "${name.slice(0, 200)}" did not arrive intact. Drop it again.` })
}

/**
 * Base64 to bytes in slices, with a turn of the event loop between them, into shared memory (the preview worker
 * reads it without a copy), hashed on the way.
 */
async function decodeBase64(text: string, name: string): Promise<{ bytes: Uint8Array; id: string }> {
  if (text.length % 4 === 1) throw notIntact(name)
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  const size = Math.floor((text.length * 3) / 4) - (text.length % 4 === 0 ? padding : 0)
  const bytes = Buffer.from(new SharedArrayBuffer(Math.max(size, 0)))
  const hash = createHash('sha256')
  let written = 0
  for (let from = 0; from < text.length; from += SLICE_CHARS) {
    if (from > 0) await yieldToLoop()
    const slice = text.slice(from, from + SLICE_CHARS)
    const last = from + SLICE_CHARS >= text.length
    if (!BASE64.test(slice) || (!last && slice.includes('='))) throw notIntact(name)
    const n = bytes.write(slice, written, 'base64')
    hash.update(bytes.subarray(written, written + n))
    written += n
  }
  if (written !== size) throw notIntact(name)
  return { bytes, id: hash.digest('hex') }
}

export interface PreviewContext {
  contacts: PreviewRequest['contacts']
  known: PreviewRequest['known']
  /** The account's region: national numbers are read in it unless a file names another. */
  region: Region | null
}

type PreviewAnswer = MethodOutput<'import.preview'>

/** An upload under way: its bytes so far, hashed as they come. */
interface Upload {
  bytes: Buffer
  written: number
  hash: Hash
}

/** Files a preview may hold (the contract's limit): uploads beyond it are not kept. */
const MAX_UPLOADS = 50

export class PreviewSession {
  private kept = new Map<string, Kept>()
  /** Files whose upload is complete, by id, until the next preview takes them. */
  private uploaded = new Map<string, Kept>()
  private uploads = new Map<string, Upload>()
  private current: { token: string; built: BuiltPreview } | null = null
  private readonly worker = new PreviewWorker()

  async preview(input: MethodInput<'import.preview'>, context: PreviewContext): Promise<PreviewAnswer> {
    const files: PreviewInput[] = []
    const byId = new Map<string, PreviewInput>()
    const kept = new Map<string, Kept>()
    const tooMuch: PreviewFile[] = []
    let keptBytes = 0
    for (const file of input.files) {
      let id: string
      let bytes: Uint8Array
      if (file.base64 !== undefined) {
        ;({ id, bytes } = await decodeBase64(file.base64, file.name))
        bytes = this.kept.get(id)?.bytes ?? kept.get(id)?.bytes ?? bytes
      } else {
        id = file.id as string
        const found = this.kept.get(id) ?? kept.get(id) ?? this.uploaded.get(id)
        if (found === undefined) throw new AppError({ code: 'NOT_FOUND', message: `The file "${file.name.slice(0, 200)}" is no longer loaded. Drop it again.` })
        bytes = found.bytes
      }
      const same = byId.get(id)
      if (same !== undefined) {
        if (file.name !== same.name && !same.sameAs?.includes(file.name)) same.sameAs?.push(file.name)
        continue
      }
      if (!kept.has(id) && keptBytes + bytes.byteLength > MAX_PREVIEW_BYTES) {
        tooMuch.push(refusedFile(file.name, `Not read: the files of one preview may hold at most ${MAX_PREVIEW_BYTES / (1024 * 1024)} MB together. Import these first, then the rest.`))
        continue
      }
      keptBytes += bytes.byteLength
      kept.set(id, { bytes })
      const region = file.region === undefined || file.region === null ? null : toRegion(file.region)
      if (file.region !== undefined && file.region !== null && region === null) {
        throw new AppError({ code: 'INVALID_INPUT', message: `"${file.region}" is not a country whose numbers the app knows.` })
      }
      const entry: PreviewInput = { id, name: file.name, bytes, sameAs: [], region, charset: (file.charset ?? null) as LegacyCharset | null }
      byId.set(id, entry)
      files.push(entry)
    }
    // Only the files of the newest preview stay: the core's memory holds one preview, not every drop of the day.
    this.kept = kept
    this.uploaded.clear()
    const built = files.length === 0 ? { files: [], total: 0, pages: [] } : await this.worker.build({ files, contacts: context.contacts, known: context.known, region: context.region })
    const token = randomUUID()
    this.current = { token, built }
    const first = built.pages[0]
    return { preview: token, files: [...built.files, ...tooMuch], total: built.total, rows: first === undefined ? [] : pageRows(first) }
  }

  /** One piece of a file's upload (see import.upload): decoded into the file's bytes, hashed; the id once complete. */
  upload(input: MethodInput<'import.upload'>): { upload: string; id: string | null } {
    const { base64, size, offset } = input
    let token = input.upload
    let upload = token === null ? undefined : this.uploads.get(token)
    if (token === null) {
      token = randomUUID()
      this.makeRoom(size)
      // Shared memory: the preview worker reads it without a copy.
      upload = { bytes: Buffer.from(new SharedArrayBuffer(size)), written: 0, hash: createHash('sha256') }
      this.uploads.set(token, upload)
    }
    if (upload === undefined) throw new AppError({ code: 'NOT_FOUND', message: 'That file is no longer being received. Drop it again.' })
    // Each piece is whole base64 (a multiple of 4 characters); padding only ends the file.
    const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0
    const decoded = (base64.length / 4) * 3 - padding
    const end = upload.written + decoded
    const intact = offset === upload.written && base64.length % 4 === 0 && BASE64.test(base64) && end <= size && (padding === 0 || end === size)
    if (!intact || upload.bytes.write(base64, upload.written, 'base64') !== decoded) {
      this.uploads.delete(token)
      throw new AppError({ code: 'INVALID_INPUT', message: 'A file did not arrive intact. Drop it again.' })
    }
    upload.hash.update(upload.bytes.subarray(upload.written, end))
    upload.written = end
    if (upload.written < size) return { upload: token, id: null }
    this.uploads.delete(token)
    const id = upload.hash.digest('hex')
    this.uploaded.set(id, { bytes: upload.bytes })
    return { upload: token, id }
  }

  /** Uploads nobody finished or used, oldest first, give way to a new one beyond the bounds (its window asks again). */
  private makeRoom(size: number): void {
    const held = (): number => [...this.uploads.values(), ...this.uploaded.values()].reduce((sum, u) => sum + u.bytes.byteLength, 0)
    while (this.uploads.size + this.uploaded.size > 0 && (this.uploads.size + this.uploaded.size >= MAX_UPLOADS || held() + size > MAX_PREVIEW_BYTES)) {
      const from = this.uploads.size > 0 ? this.uploads : this.uploaded
      from.delete(from.keys().next().value as string)
    }
  }

  /** The rows of preview `token` from `from` on, one page. */
  rows(token: string, from: number): PreviewRow[] {
    const current = this.current
    if (current === null || current.token !== token) throw new AppError({ code: 'NOT_FOUND', message: 'This preview was replaced by a newer one.' })
    // Every page but the last holds PREVIEW_PAGE_ROWS rows.
    const page = current.built.pages[Math.floor(from / PREVIEW_PAGE_ROWS)]
    if (page === undefined) return []
    const rows = pageRows(page)
    return from % PREVIEW_PAGE_ROWS === 0 ? rows : rows.slice(from % PREVIEW_PAGE_ROWS)
  }

  dispose(): void {
    this.worker.dispose()
    this.kept.clear()
    this.uploaded.clear()
    this.uploads.clear()
    this.current = null
  }
}

function refusedFile(name: string, error: string): PreviewFile {
  return { id: '', name, sameAs: [], region: null, kind: null, error, contactCount: 0, problems: [], charset: null, charsetGuessed: false, garbled: 0 }
}
