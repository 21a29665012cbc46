import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import { UPLOAD_PIECE_BYTES, type ImportContact, type ImportJob, type ImportReport, type LegacyCharsetName, type MethodInput, type MethodOutput, type PreviewFile, type PreviewRow, type PreviewState } from '@contract'
import { useApi } from './api'
import { errorCode, humanError } from '../lib/errors'
import { bytesToBase64 } from '../lib/files'
import { formatCount } from '../lib/format'

/**
 * Mirrors MAX_IMPORT_FILE_BYTES in the contract (a component test keeps them equal): importing the
 * contract's values at run time would pull zod and every schema into the renderer bundle.
 */
export const MAX_IMPORT_FILE_BYTES = 64 * 1024 * 1024
export const PREVIEW_STATES: readonly PreviewState[] = ['new', 'contact', 'saved', 'own', 'duplicate', 'invalid', 'noNumber']
export const MAX_IMPORT_FILES = 50

/** A file the window refuses itself (too large, empty), shaped as the core's answer. */
function refusedFile(name: string, error: string): PreviewFile {
  return { id: '', name, sameAs: [], region: null, kind: null, error, contactCount: 0, problems: [], charset: null, charsetGuessed: false, garbled: 0 }
}

/** Rows without a valid E.164 number cannot be sent to Telegram at all, nor the account's own number. */
export function isIncludable(row: PreviewRow): boolean {
  return row.e164 !== null && row.state !== 'invalid' && row.state !== 'noNumber' && row.state !== 'own'
}

export type StateTotals = Record<PreviewState, { rows: number; included: number }>

const FINISHED: ReadonlySet<ImportJob['state']> = new Set(['done', 'cancelled', 'failed'])

export function isFinished(job: ImportJob): boolean {
  return FINISHED.has(job.state)
}

/** Preview of dropped or chosen files, the include/exclude choice, then the import job and its report. */
export const useImportStore = defineStore('import', () => {
  const api = useApi()

  const reading = ref(false)
  const readError = ref<string | null>(null)
  const files = shallowRef<PreviewFile[]>([])
  /** Files left out of the last drop or choice because the preview holds at most MAX_IMPORT_FILES. */
  const filesNotAdded = ref(0)
  const rows = shallowRef<readonly PreviewRow[]>([])
  /** included[i] = 1 when rows[i] goes into the import; one byte per row instead of a Set of keys. */
  const included = shallowRef<Uint8Array>(new Uint8Array(0))
  const includedRev = ref(0)

  const job = shallowRef<ImportJob | null>(null)
  const starting = ref(false)
  const jobError = ref<string | null>(null)
  const report = shallowRef<ImportReport | null>(null)
  const reportCsv = ref<string | null>(null)
  let listening = false

  const hasPreview = computed(() => files.value.length > 0)

  const totals = computed<StateTotals>(() => {
    void includedRev.value
    const t = Object.fromEntries(PREVIEW_STATES.map((s) => [s, { rows: 0, included: 0 }])) as StateTotals
    const list = rows.value
    const flags = included.value
    for (let i = 0; i < list.length; i++) {
      const slot = t[list[i]!.state]
      slot.rows++
      if (flags[i]) slot.included++
    }
    return t
  })

  const includedCount = computed(() => PREVIEW_STATES.reduce((n, s) => n + totals.value[s].included, 0))

  function isIncluded(index: number): boolean {
    void includedRev.value
    return included.value[index] === 1
  }

  function setIncluded(index: number, value: boolean): void {
    const row = rows.value[index]
    if (!row || !isIncludable(row)) return
    included.value[index] = value ? 1 : 0
    includedRev.value++
  }

  function setStateIncluded(state: PreviewState, value: boolean): void {
    const list = rows.value
    for (let i = 0; i < list.length; i++) {
      const row = list[i]!
      if (row.state === state && isIncludable(row)) included.value[i] = value ? 1 : 0
    }
    includedRev.value++
  }

  /** The files behind the current preview, so more can be added to it. */
  let chosen: File[] = []
  /** The core's id (the bytes' digest) of each file it has read. */
  const idOf = new WeakMap<File, string>()
  /** What a person chose for a file (by id): the region of its national numbers, the charset of its 8-bit text. Kept for the session. */
  const choices = new Map<string, { region?: string | null; charset?: LegacyCharsetName | null }>()
  /** Bumped by every preview call: an answer to an older one is dropped. */
  let generation = 0

  /** Adds files to the open preview (a file already in it is not read twice). */
  async function addFiles(list: readonly File[]): Promise<void> {
    const same = (a: File, b: File) => a.name === b.name && a.size === b.size && a.lastModified === b.lastModified
    const fresh = list.filter((f) => !chosen.some((c) => same(c, f)))
    if (fresh.length > 0 && chosen.length >= MAX_IMPORT_FILES) {
      filesNotAdded.value = fresh.length
      return
    }
    await previewFiles([...chosen, ...fresh])
  }

  /** Reads national numbers of one file in another region (null: the account's), at once. */
  async function setFileRegion(id: string, region: string | null): Promise<void> {
    choices.set(id, { ...choices.get(id), region })
    await previewFiles(chosen)
  }

  /** Reads one file's undeclared 8-bit text in another charset, at once. */
  async function setFileCharset(id: string, charset: LegacyCharsetName): Promise<void> {
    choices.set(id, { ...choices.get(id), charset })
    await previewFiles(chosen)
  }

  type PreviewInputFile = MethodInput<'import.preview'>['files'][number]

  /** A file as the core takes it: by id when it has its bytes already, else the bytes. */
  async function inputOf(file: File, resend: boolean): Promise<PreviewInputFile> {
    const id = idOf.get(file)
    const chosenFor = id === undefined ? undefined : choices.get(id)
    const options = { ...(chosenFor?.region !== undefined ? { region: chosenFor.region } : {}), ...(chosenFor?.charset !== undefined ? { charset: chosenFor.charset } : {}) }
    if (id !== undefined && !resend) return { name: file.name, id, ...options }
    return { name: file.name, id: await upload(file), ...options }
  }

  /** Sends a file's bytes to the core a piece at a time (no message carries a whole 64 MB file); the core's id of it. */
  async function upload(file: File): Promise<string> {
    const bytes = new Uint8Array(await file.arrayBuffer())
    let upload: string | null = null
    for (let offset = 0; ; offset += UPLOAD_PIECE_BYTES) {
      const base64 = bytesToBase64(bytes.subarray(offset, offset + UPLOAD_PIECE_BYTES))
      const answer: MethodOutput<'import.upload'> = await api.call('import.upload', { upload, size: bytes.length, offset, base64 })
      if (answer.id !== null) return answer.id
      upload = answer.upload
    }
  }

  /** Reads the files' bytes here (this also works in a plain browser) and asks the core for a preview. */
  async function previewFiles(list: readonly File[]): Promise<void> {
    readError.value = null
    const mine = ++generation
    // Past the limit a file is not refused one by one (a red box each): one line says how many were left out.
    const kept = list.slice(0, MAX_IMPORT_FILES)
    filesNotAdded.value = list.length - kept.length
    chosen = markRaw([...kept])
    const refused: PreviewFile[] = []
    const accepted: File[] = []
    for (const file of kept) {
      if (file.size > MAX_IMPORT_FILE_BYTES) {
        refused.push(refusedFile(file.name, `Too large to be a contact file (${formatCount(Math.round(file.size / 1048576))} MB; the limit is 64 MB).`))
      } else if (file.size === 0) {
        refused.push(refusedFile(file.name, 'The file is empty.'))
      } else {
        accepted.push(file)
      }
    }
    if (accepted.length === 0) {
      setPreview(refused, [])
      return
    }
    reading.value = true
    try {
      const ask = async (resend: boolean) => {
        // One file after the other: one upload piece reaches the core at a time.
        const files: PreviewInputFile[] = []
        for (const file of accepted) files.push(await inputOf(file, resend))
        return api.call('import.preview', { files })
      }
      // The core keeps the bytes of the open preview only; after a restart it asks for them again.
      const result = await ask(false).catch((e: unknown) => (errorCode(e) === 'NOT_FOUND' ? ask(true) : Promise.reject(e)))
      const all = [...result.rows]
      while (all.length < result.total && mine === generation) all.push(...(await api.call('import.previewRows', { preview: result.preview, from: all.length })).rows)
      if (mine !== generation) return
      for (const file of accepted) {
        const read = result.files.find((f) => f.id !== '' && (f.name === file.name || f.sameAs.includes(file.name)))
        if (read) idOf.set(file, read.id)
      }
      setPreview([...result.files, ...refused], all)
    } catch (e) {
      if (mine !== generation) return
      readError.value = humanError(e)
      if (refused.length) setPreview(refused, [])
    } finally {
      if (mine === generation) reading.value = false
    }
  }

  function setPreview(nextFiles: PreviewFile[], nextRows: readonly PreviewRow[]): void {
    files.value = nextFiles
    rows.value = markRaw([...nextRows])
    const flags = new Uint8Array(nextRows.length)
    // Defaults: new people in, everything else out.
    for (let i = 0; i < nextRows.length; i++) if (nextRows[i]!.state === 'new' && isIncludable(nextRows[i]!)) flags[i] = 1
    included.value = flags
    includedRev.value++
  }

  function clearPreview(): void {
    chosen = []
    generation++
    reading.value = false
    filesNotAdded.value = 0
    setPreview([], [])
    readError.value = null
  }

  /** The included rows as Telegram gets them: one per number (the first name given for it). */
  function selectedContacts(): ImportContact[] {
    const seen = new Set<string>()
    const out: ImportContact[] = []
    const list = rows.value
    for (let i = 0; i < list.length; i++) {
      const row = list[i]!
      if (!included.value[i] || !row.e164 || seen.has(row.e164)) continue
      seen.add(row.e164)
      const firstName = (row.firstName.trim() || row.name.trim() || row.e164).slice(0, 64)
      out.push({ firstName, lastName: row.lastName.trim().slice(0, 64), phone: row.e164 })
    }
    return out
  }

  async function start(): Promise<boolean> {
    const contacts = selectedContacts()
    if (contacts.length === 0) return false
    starting.value = true
    jobError.value = null
    try {
      job.value = await api.call('import.start', { contacts })
      report.value = null
      reportCsv.value = null
      clearPreview()
      return true
    } catch (e) {
      jobError.value = humanError(e)
      return false
    } finally {
      starting.value = false
    }
  }

  function applyJob(next: ImportJob | null): void {
    const wasFinished = job.value ? isFinished(job.value) : true
    job.value = next
    if (next && isFinished(next) && (!wasFinished || !report.value)) void loadReport()
  }

  /** At start: a job left by a previous run (it resumes in the core) shows its progress again. */
  async function init(): Promise<void> {
    if (!listening) {
      listening = true
      api.on('import.progress', (p) => applyJob(p))
    }
    try {
      applyJob((await api.call('import.status', {})).job)
    } catch (e) {
      jobError.value = humanError(e)
    }
  }

  async function control(method: 'import.pause' | 'import.resume' | 'import.cancel'): Promise<void> {
    jobError.value = null
    try {
      applyJob((await api.call(method, {})).job)
    } catch (e) {
      jobError.value = humanError(e)
    }
  }

  async function loadReport(): Promise<void> {
    try {
      const result = await api.call('import.report', {})
      report.value = result.report
      reportCsv.value = result.csv
    } catch (e) {
      jobError.value = humanError(e)
    }
  }

  /** Leaves a finished job's report for a new import. */
  function dismissJob(): void {
    job.value = null
    report.value = null
    reportCsv.value = null
    jobError.value = null
  }

  return {
    reading,
    readError,
    files,
    filesNotAdded,
    rows,
    includedRev,
    job,
    starting,
    jobError,
    report,
    reportCsv,
    hasPreview,
    totals,
    includedCount,
    isIncluded,
    setIncluded,
    setStateIncluded,
    previewFiles,
    addFiles,
    setFileRegion,
    setFileCharset,
    clearPreview,
    selectedContacts,
    start,
    init,
    pause: () => control('import.pause'),
    resume: () => control('import.resume'),
    cancel: () => control('import.cancel'),
    loadReport,
    dismissJob,
  }
})
