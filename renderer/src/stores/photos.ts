import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { PhotoSize } from '@contract'
import { mediaUrl } from '../api/bridge-shim'
import { useApi } from './api'

/** Avatars mounting in one frame (a screen of rows) are asked for in one call. */
const ASK_DELAY_MS = 30
/** Photo URLs and previews kept; older ones are dropped (and asked for again if they come back on screen). */
const MAX_KEPT = 4000

interface Wanted {
  id: string
  photoId: string
  size: PhotoSize
  /** Avatars showing it now. */
  count: number
}

const key = (photoId: string, size: PhotoSize): string => `${photoId}:${size}`

/**
 * Profile photos for the avatars on screen. Each avatar with a photo registers while it is mounted; the store asks the
 * core for every registered photo it has no file for (photos.want, per size), shows the stripped preview meanwhile,
 * and takes each file's URL from photos.ready. Rows scrolled away unregister, so the core stops fetching them.
 */
export const usePhotosStore = defineStore('photos', () => {
  const api = useApi()
  /** Bumped when a URL, a preview or a person's current photo arrives: avatars re-read theirs. */
  const version = ref(0)
  const urls = new Map<string, string>()
  const previews = new Map<string, string>()
  /** A person's photo as the core last reported it (changed or removed while fetching), over what the page asked. */
  const current = new Map<string, string | null>()
  const wanted = new Map<string, Wanted>()
  let timer: ReturnType<typeof setTimeout> | null = null
  let listening = false

  function keep(map: Map<string, string>, name: string, value: string): void {
    map.delete(name)
    map.set(name, value)
    if (map.size > MAX_KEPT) map.delete(map.keys().next().value!)
  }

  function listen(): void {
    if (listening) return
    listening = true
    api.on('photos.ready', ({ photos }) => {
      for (const photo of photos) {
        if (photo.photoId === null) current.set(photo.id, null)
        else {
          current.set(photo.id, photo.photoId)
          if (photo.url !== null) keep(urls, key(photo.photoId, photo.size), mediaUrl(photo.url))
        }
      }
      version.value++
    })
  }

  /** The photo id to show for a person: what the core reported last, else what their row says. */
  function photoIdFor(id: string, photoId: string | null | undefined): string | null {
    return current.has(id) ? current.get(id)! : (photoId ?? null)
  }

  /** What an avatar shows: the file (a big one falls back to the small), else the blurred preview, else nothing. */
  function source(id: string, photoId: string | null | undefined, size: PhotoSize): { src: string; preview: boolean } | null {
    void version.value
    const shown = photoIdFor(id, photoId)
    if (shown === null) return null
    const file = urls.get(key(shown, size)) ?? (size === 'big' ? urls.get(key(shown, 'small')) : undefined)
    if (file !== undefined) return { src: file, preview: false }
    const preview = previews.get(shown)
    return preview === undefined ? null : { src: preview, preview: true }
  }

  /** An avatar shows this photo now; returns its release. */
  function track(id: string, photoId: string, size: PhotoSize): () => void {
    listen()
    const name = key(photoId, size)
    const entry = wanted.get(name) ?? { id, photoId, size, count: 0 }
    entry.count++
    wanted.set(name, entry)
    schedule()
    return () => {
      entry.count--
      if (entry.count <= 0) wanted.delete(name)
      schedule()
    }
  }

  function schedule(): void {
    timer ??= setTimeout(() => {
      timer = null
      void ask()
    }, ASK_DELAY_MS)
  }

  /** What was last asked per size: a call goes only when that changes (an empty one tells the core to stop). */
  const asked: Record<PhotoSize, string> = { small: '', big: '' }

  async function ask(): Promise<void> {
    for (const size of ['small', 'big'] as const) {
      const people = [...wanted.values()].filter((entry) => entry.size === size && !urls.has(key(entry.photoId, size)))
      const signature = people.map((entry) => entry.photoId).join(',')
      if (signature === asked[size]) continue
      asked[size] = signature
      try {
        const { photos } = await api.call('photos.want', { size, people: people.slice(0, 500).map(({ id, photoId }) => ({ id, photoId })) })
        for (const photo of photos) {
          if (photo.url !== null) keep(urls, key(photo.photoId, size), mediaUrl(photo.url))
          else if (photo.preview !== null) keep(previews, photo.photoId, photo.preview)
        }
        if (photos.length > 0) version.value++
      } catch {
        // Photos are a nicety: initials stay where one cannot be had (signed out, offline).
      }
    }
  }

  /** Another account (or the demo, or back): its photos are other files. Avatars still mounted ask again. */
  function reset(): void {
    urls.clear()
    previews.clear()
    current.clear()
    asked.small = ''
    asked.big = ''
    version.value++
    if (wanted.size > 0) schedule()
  }

  return { version, source, track, photoIdFor, reset }
})
