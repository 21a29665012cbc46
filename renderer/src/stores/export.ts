import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { EventPayload, ExportFormat, ExportResult } from '@contract'
import { useApi } from './api'
import { envelopeOf, humanError } from '../lib/errors'

type Progress = EventPayload<'export.progress'>

export const useExportStore = defineStore('export', () => {
  const api = useApi()
  const formats = ref<ExportFormat[]>(['json', 'csv', 'vcf'])
  const includeNotOnTelegram = ref(true)
  const directory = ref('')
  /** Browser mode: download (the default: the page cannot pick a folder) or a folder typed by path. */
  const destination = ref<'download' | 'folder'>('download')
  const running = ref(false)
  const progress = shallowRef<Progress | null>(null)
  const result = shallowRef<ExportResult | null>(null)
  const error = ref<string | null>(null)
  const errorCode = ref<string | null>(null)
  /** Epoch ms from which Telegram allows the delayed export. */
  const availableAt = ref<number | null>(null)
  /** export.available arrived: the delay is over. */
  const availableNow = ref(false)
  /** Files of the names about to be written are in the folder already: the person is asked before they are replaced. */
  const replacing = shallowRef<{ files: string[]; directory: string } | null>(null)
  let listening = false
  /** The remembered options are applied once, before the person touched the form. */
  let optionsApplied = false

  async function init(): Promise<void> {
    if (!listening) {
      listening = true
      api.on('export.progress', (p) => {
        progress.value = p
      })
      api.on('export.available', (p) => {
        availableAt.value = p.availableAt
        availableNow.value = true
      })
      api.on('export.finished', (r) => {
        result.value = r
        running.value = false
      })
    }
    try {
      const status = await api.call('export.status', {})
      availableAt.value = status.availableAt
      availableNow.value = status.availableAt !== null && status.availableAt <= Date.now()
      running.value = status.running
      if (status.lastResult && !result.value) result.value = status.lastResult
      if (status.options && !optionsApplied) {
        formats.value = [...status.options.formats]
        includeNotOnTelegram.value = status.options.includeNotOnTelegram
        if (!directory.value) directory.value = status.options.directory
        destination.value = status.options.download ? 'download' : 'folder'
      }
      optionsApplied = true
    } catch (e) {
      error.value = humanError(e)
    }
  }

  async function chooseDirectory(): Promise<void> {
    try {
      const { path } = await api.call('dialog.chooseDirectory', { title: 'Choose a folder for the export' })
      if (path) directory.value = path
    } catch (e) {
      error.value = humanError(e)
    }
  }

  /**
   * Runs the export into the folder, or for download when `download` (browser mode, chosen); with `overwrite` it
   * replaces files an earlier export left (asked for through `replacing`).
   */
  async function run(overwrite = false, download = false): Promise<boolean> {
    optionsApplied = true
    running.value = true
    error.value = null
    errorCode.value = null
    progress.value = null
    result.value = null
    replacing.value = null
    const target = directory.value.trim()
    try {
      result.value = await api.call('export.run', {
        formats: [...formats.value],
        includeNotOnTelegram: includeNotOnTelegram.value,
        ...(download ? { download } : { directory: target }),
        ...(overwrite ? { overwrite } : {}),
      })
      availableAt.value = null
      availableNow.value = false
      return true
    } catch (e) {
      const envelope = envelopeOf(e)
      errorCode.value = envelope?.code ?? null
      if (envelope?.code === 'TAKEOUT_DELAY' && envelope.availableAt !== undefined) {
        availableAt.value = envelope.availableAt
        availableNow.value = false
      }
      if (envelope?.code === 'EXISTS') replacing.value = { files: envelope.files ?? [], directory: target }
      else if (envelope?.code !== 'CANCELLED') error.value = humanError(e)
      return false
    } finally {
      running.value = false
    }
  }

  async function cancel(): Promise<void> {
    try {
      await api.call('export.cancel', {})
    } catch (e) {
      error.value = humanError(e)
    }
  }

  async function showInFolder(path: string): Promise<void> {
    try {
      await api.call('shell.showInFolder', { path })
    } catch (e) {
      error.value = humanError(e)
    }
  }

  return {
    formats,
    includeNotOnTelegram,
    directory,
    destination,
    running,
    progress,
    result,
    error,
    errorCode,
    availableAt,
    availableNow,
    replacing,
    init,
    chooseDirectory,
    run,
    cancel,
    showInFolder,
  }
})
