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
  const running = ref(false)
  const progress = shallowRef<Progress | null>(null)
  const result = shallowRef<ExportResult | null>(null)
  const error = ref<string | null>(null)
  const errorCode = ref<string | null>(null)
  /** Epoch ms from which Telegram allows the delayed export. */
  const availableAt = ref<number | null>(null)
  /** export.available arrived: the delay is over. */
  const availableNow = ref(false)
  let listening = false

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

  async function run(): Promise<boolean> {
    running.value = true
    error.value = null
    errorCode.value = null
    progress.value = null
    result.value = null
    try {
      result.value = await api.call('export.run', {
        formats: [...formats.value],
        includeNotOnTelegram: includeNotOnTelegram.value,
        directory: directory.value.trim(),
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
      if (envelope?.code !== 'CANCELLED') error.value = humanError(e)
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
    running,
    progress,
    result,
    error,
    errorCode,
    availableAt,
    availableNow,
    init,
    chooseDirectory,
    run,
    cancel,
    showInFolder,
  }
})
