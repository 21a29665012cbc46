import { Api, type TelegramClient } from 'telegram'
import type { PhotoSize, PhotoState, Self } from '../contract'
import type { EventBus } from '../router'
import type { AccessHashes } from '../contacts/access-hashes'
import { fullUsers } from '../contacts/user-dto'
import { accountDataDir } from '../telegram/account-file'
import { rpcErrorName } from '../telegram/errors'
import { invoke } from '../telegram/invoke'
import type { TelegramService } from '../telegram/telegram-service'
import { DEFAULT_LIMITS, downloadProfilePhoto, type DownloadLimits } from './download'
import { PhotoCache } from './photo-cache'
import { photoFileName, photosDir, photoUrlPath } from './photo-paths'
import { strippedDataUrl } from './stripped'

/** The photo cache's size limit per account (issue 14: "bounded, e.g. 200 MB"). */
export const PHOTO_CACHE_BYTES = 200 * 1024 * 1024
/** Downloads at a time: the rows of one screen arrive within a few round trips without crowding other requests. */
export const PHOTO_CONCURRENCY = 3
/** A photo that failed to download is not asked for again this soon (scrolling back and forth must not hammer). */
const RETRY_AFTER_MS = 60_000
/** Events for photos finished close together go out as one. */
const READY_BATCH_MS = 30

/** Telegram's answers for a photo location that is no longer current: refetch the user, then the photo they have now. */
const STALE_LOCATION = new Set(['FILE_REFERENCE_EXPIRED', 'LOCATION_INVALID', 'FILE_ID_INVALID', 'PHOTO_INVALID'])

export interface PhotosServiceOptions {
  telegram: TelegramService
  hashes: AccessHashes
  events: EventBus
  dataDir: string
  now: () => number
  /** Users refetched because their photo changed: the contact list takes the new photo id from them. */
  onUsersRefreshed?: (users: Api.User[]) => void
  maxCacheBytes?: number
  concurrency?: number
  limits?: DownloadLimits
}

interface Job {
  id: string
  photoId: string
  size: PhotoSize
  /** Set once the user was refetched for this job, so a stale location is retried only once. */
  refreshed: boolean
}

type ReadyPhoto = { id: string; photoId: string | null; size: PhotoSize; url: string | null }

const jobKey = (photoId: string, size: PhotoSize): string => `${photoId}:${size}`

/**
 * Profile photos for what the page shows: the small one for rows on screen, the big one for the details pane. Cached
 * on disk per account (LRU, bounded), downloaded a few at a time with upload.getFile, from the photo's own DC.
 */
export class PhotosService {
  private cache: { selfId: string; cache: PhotoCache } | null = null
  /** Wanted and not yet cached, per size, in the order asked: the latest photos.want of that size replaces it. */
  private readonly wanted: Record<PhotoSize, Map<string, Job>> = { small: new Map(), big: new Map() }
  private readonly running = new Set<string>()
  private readonly failedUntil = new Map<string, number>()
  private pausedUntil = 0
  private pauseTimer: NodeJS.Timeout | null = null
  private readyBatch: ReadyPhoto[] = []
  private readyTimer: NodeJS.Timeout | null = null
  private readonly unsubscribe: Array<() => void> = []
  private disposed = false

  constructor(private readonly options: PhotosServiceOptions) {
    this.unsubscribe.push(options.telegram.onAccount({ signedOut: () => this.reset() }))
  }

  private async self(): Promise<Self | null> {
    return this.options.telegram.currentSelf()
  }

  private cacheFor(self: Self): PhotoCache {
    if (this.cache?.selfId !== self.id) {
      this.cache = {
        selfId: self.id,
        cache: new PhotoCache({
          dir: photosDir(accountDataDir(this.options.dataDir, self)),
          maxBytes: this.options.maxCacheBytes ?? PHOTO_CACHE_BYTES,
          now: this.options.now,
        }),
      }
    }
    return this.cache.cache
  }

  /** photos.want: what is cached now (URL) or known (preview); the rest is queued for download. */
  async want(size: PhotoSize, people: ReadonlyArray<{ id: string; photoId: string }>): Promise<PhotoState[]> {
    const self = await this.self()
    if (!self) return []
    const cache = this.cacheFor(self)
    const states: PhotoState[] = []
    const queue = new Map<string, Job>()
    for (const { id, photoId } of people) {
      const name = photoFileName(photoId, size)
      if (await cache.get(name)) {
        states.push({ id, photoId, url: photoUrlPath(self.id, photoId, size), preview: null })
        continue
      }
      const known = this.options.hashes.photos.get(id)
      const stripped = known?.photoId === photoId && known.stripped ? strippedDataUrl(known.stripped) : null
      states.push({ id, photoId, url: null, preview: stripped })
      const key = jobKey(photoId, size)
      if (this.running.has(key) || (this.failedUntil.get(key) ?? 0) > this.options.now()) continue
      queue.set(key, this.wanted[size].get(key) ?? { id, photoId, size, refreshed: false })
    }
    this.wanted[size] = queue
    this.pump()
    return states
  }

  /** Starts downloads up to the concurrency: big ones first (someone is looking at that person), then rows in order. */
  private pump(): void {
    if (this.disposed) return
    const limit = this.options.concurrency ?? PHOTO_CONCURRENCY
    const now = this.options.now()
    if (now < this.pausedUntil) {
      this.pauseTimer ??= setTimeout(() => {
        this.pauseTimer = null
        this.pump()
      }, this.pausedUntil - now)
      this.pauseTimer.unref()
      return
    }
    for (const size of ['big', 'small'] as const) {
      for (const [key, job] of this.wanted[size]) {
        if (this.running.size >= limit) return
        if (this.running.has(key)) continue
        this.wanted[size].delete(key)
        this.running.add(key)
        void this.run(job).finally(() => {
          this.running.delete(key)
          this.pump()
        })
      }
    }
  }

  private async run(job: Job): Promise<void> {
    const self = await this.self()
    if (!self) return
    const cache = this.cacheFor(self)
    const name = photoFileName(job.photoId, job.size)
    if (await cache.has(name)) {
      this.ready({ id: job.id, photoId: job.photoId, size: job.size, url: photoUrlPath(self.id, job.photoId, job.size) })
      return
    }
    const peer = job.id === self.id ? new Api.InputPeerSelf() : this.options.hashes.has(job.id) ? this.options.hashes.inputPeer(job.id) : null
    if (peer === null) return
    let client: TelegramClient
    try {
      client = await this.options.telegram.client()
      const known = this.options.hashes.photos.get(job.id)
      const { bytes, dcId } = await downloadProfilePhoto(
        client,
        { peer, photoId: job.photoId, big: job.size === 'big', dcId: known?.photoId === job.photoId ? known.dcId : null },
        this.options.limits ?? DEFAULT_LIMITS,
      )
      this.options.hashes.photos.learnDc(job.id, job.photoId, dcId)
      if (this.cache?.selfId !== self.id) return
      await cache.put(name, bytes)
      this.ready({ id: job.id, photoId: job.photoId, size: job.size, url: photoUrlPath(self.id, job.photoId, job.size) })
    } catch (error) {
      await this.failed(job, error, self)
    }
  }

  private async failed(job: Job, error: unknown, self: Self): Promise<void> {
    const name = rpcErrorName(error) ?? ''
    const wait = /^(?:FLOOD_WAIT|FLOOD_PREMIUM_WAIT)_(\d+)$/.exec(name)
    if (wait) {
      // Everyone waits, and this photo goes back in line.
      this.pausedUntil = this.options.now() + Number(wait[1]) * 1000
      if (!this.wanted[job.size].has(jobKey(job.photoId, job.size))) this.wanted[job.size].set(jobKey(job.photoId, job.size), job)
      return
    }
    if (STALE_LOCATION.has(name) && !job.refreshed && job.id !== self.id) {
      await this.refreshUser(job).catch(() => this.giveUp(job))
      return
    }
    this.giveUp(job)
  }

  private giveUp(job: Job): void {
    this.failedUntil.set(jobKey(job.photoId, job.size), this.options.now() + RETRY_AFTER_MS)
  }

  /**
   * The location was stale: users.getUsers brings the user's current photo. The same photo goes once more (a refreshed
   * reference), a new one is fetched instead and announced, and none any more is announced as removed.
   */
  private async refreshUser(job: Job): Promise<void> {
    const client = await this.options.telegram.client()
    const users = fullUsers(await invoke(client, new Api.users.GetUsers({ id: [this.options.hashes.inputUser(job.id)] })))
    this.options.hashes.rememberAll(users)
    this.options.onUsersRefreshed?.(users)
    const user = users.find((candidate) => candidate.id.toString() === job.id)
    if (!user) throw new Error('the user is gone')
    const current = user.photo instanceof Api.UserProfilePhoto ? user.photo.photoId.toString() : null
    if (current === null) {
      this.ready({ id: job.id, photoId: null, size: job.size, url: null })
      return
    }
    const next: Job = { id: job.id, photoId: current, size: job.size, refreshed: true }
    this.wanted[job.size].set(jobKey(current, job.size), next)
  }

  private ready(photo: ReadyPhoto): void {
    this.readyBatch.push(photo)
    this.readyTimer ??= setTimeout(() => {
      this.readyTimer = null
      const photos = this.readyBatch
      this.readyBatch = []
      if (!this.disposed && photos.length > 0) this.options.events.emit('photos.ready', { photos })
    }, READY_BATCH_MS)
  }

  /** Files and bytes in the signed-in account's cache (for tests and figures). */
  async usage(): Promise<{ files: number; bytes: number }> {
    const self = await this.self()
    return self ? this.cacheFor(self).usage() : { files: 0, bytes: 0 }
  }

  private reset(): void {
    this.cache = null
    this.wanted.small.clear()
    this.wanted.big.clear()
    this.failedUntil.clear()
  }

  dispose(): void {
    this.disposed = true
    for (const off of this.unsubscribe) off()
    if (this.pauseTimer) clearTimeout(this.pauseTimer)
    if (this.readyTimer) clearTimeout(this.readyTimer)
    this.reset()
  }
}

