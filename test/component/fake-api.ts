import { vi } from 'vitest'
import { mount } from '@vue/test-utils'
import type { Component, ComponentOptions } from 'vue'
import { createTestingPinia } from '@pinia/testing'
import { firstInListOrder, type Contact, type ErrorEnvelope, type EventName, type EventPayload, type MethodInput, type MethodName, type MethodOutput } from '@contract'
import { ApiError } from '../../renderer/src/api/client'
import type { ApiClient } from '../../renderer/src/api/client'
import { API_KEY } from '../../renderer/src/stores/api'

export type Handlers = { [M in MethodName]?: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> }

/**
 * A core's import.upload: keeps each file's pieces; the finished file's id is `upload-N`, its bytes `uploaded(id)`.
 */
function fakeUploads() {
  const receiving = new Map<string, number[]>()
  const done = new Map<string, Uint8Array>()
  let next = 1
  return {
    handle(input: MethodInput<'import.upload'>): MethodOutput<'import.upload'> {
      const upload = input.upload ?? `receiving-${next++}`
      const bytes = receiving.get(upload) ?? []
      if (input.offset !== bytes.length) throw new ApiError({ code: 'INVALID_INPUT', message: 'A file did not arrive intact. Drop it again.' })
      for (const c of atob(input.base64)) bytes.push(c.charCodeAt(0))
      receiving.set(upload, bytes)
      if (bytes.length < input.size) return { upload, id: null }
      receiving.delete(upload)
      const id = `upload-${next++}`
      done.set(id, Uint8Array.from(bytes))
      return { upload, id }
    },
    uploaded(id: string | undefined): Uint8Array | undefined {
      return id === undefined ? undefined : done.get(id)
    },
  }
}

/**
 * An ApiClient whose methods are the given handlers; calls to others fail like a core without them. import.upload
 * works unless given: `uploaded(id)` is what arrived.
 */
export function createFakeApi(handlers: Handlers = {}) {
  const listeners = new Map<EventName, Set<(payload: never) => void>>()
  const uploads = fakeUploads()
  handlers['import.upload'] ??= (input) => uploads.handle(input)
  const call = vi.fn(async (method: MethodName, input: unknown) => {
    const handler = handlers[method] as ((input: unknown) => unknown) | undefined
    if (!handler) throw new ApiError({ code: 'INTERNAL', message: `the fake has no ${method}` })
    return handler(input)
  })
  const api = {
    call,
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener as (payload: never) => void)
      return () => set.delete(listener as (payload: never) => void)
    },
  } as ApiClient
  return {
    api,
    call,
    handlers,
    emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
      for (const listener of listeners.get(event) ?? []) (listener as (p: EventPayload<E>) => void)(payload)
    },
    uploaded: uploads.uploaded,
    /** Inputs of every call to `method`, in order. */
    inputsOf<M extends MethodName>(method: M): MethodInput<M>[] {
      return call.mock.calls.filter(([m]) => m === method).map(([, input]) => input as MethodInput<M>)
    },
  }
}

export type FakeApi = ReturnType<typeof createFakeApi>

export function apiError(envelope: ErrorEnvelope): ApiError {
  return new ApiError(envelope)
}

export function rpcError(rpcError: string, extra: Partial<ErrorEnvelope> = {}): ApiError {
  return new ApiError({ code: 'TELEGRAM', message: rpcError, rpcError, ...extra })
}

/** `mixins`: component options applied to every component (a test counting renders passes an `updated` hook). */
export function mountWith(component: Component, fake: FakeApi, props: Record<string, unknown> = {}, mixins: ComponentOptions[] = []) {
  return mount(component, {
    props,
    attachTo: document.body,
    global: {
      mixins,
      plugins: [createTestingPinia({ stubActions: false, createSpy: vi.fn })],
      provide: { [API_KEY as symbol]: fake.api },
    },
  })
}

let nextId = 100
export function contact(partial: Partial<Contact> & { firstName: string }): Contact {
  return {
    id: String(nextId++),
    lastName: '',
    username: null,
    phone: null,
    mutual: false,
    status: { kind: 'recently' },
    ...partial,
  }
}

export const SELF = { id: '1', firstName: 'Alex', lastName: 'Morgan', username: 'alexm', phone: '+447911123456' }

/** Fake timers for the clock-driven parts (undo window, debounce, countdowns); setImmediate stays real for flushPromises. */
export const FAKE_TIMERS: { toFake: Array<'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval' | 'Date'> } = {
  toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
}

/**
 * happy-dom has no CSS Custom Highlight API: installs a registry shaped like Chromium's (CSS.highlights holding
 * Highlight sets of ranges), empty; `marked(el)` gives the text of each marked range inside `el`.
 */
export function installHighlights(): { highlights: Map<string, Set<Range>>; marked: (el: Element) => string[] } {
  const highlights = new Map<string, Set<Range>>()
  vi.stubGlobal('Highlight', class extends Set<Range> {})
  vi.stubGlobal('CSS', { highlights })
  const marked = (el: Element) => [...(highlights.get('search-match') ?? [])].filter((r) => el.contains(r.startContainer)).map((r) => r.toString())
  return { highlights, marked }
}

/**
 * The core's side of the list as the store reads it (contacts.open, contacts.page, contacts.sync) over `contacts`:
 * the first screen in list order, the rest in pages, a revision. The first open answers from the "cache"; a sync
 * "reaches Telegram". Change the list with `replace` (a new revision, as the core's would).
 */
export function fakeList(initial: Contact[], savedCount = 0) {
  const list = {
    contacts: initial,
    savedCount,
    revision: 1,
    synced: false,
    replace(contacts: Contact[]) {
      list.contacts = contacts
      list.revision++
    },
  }
  const snapshots = new Map<string, Contact[]>()
  const meta = () => ({
    savedCount: list.savedCount,
    source: list.synced ? ('telegram' as const) : ('cache' as const),
    updatedAt: list.synced ? Date.now() : null,
    revision: list.revision,
  })
  const handlers: Handlers = {
    'contacts.open': ({ sort, firstRows }) => {
      const snapshot = `s${snapshots.size + 1}`
      snapshots.set(snapshot, [...list.contacts])
      return { ...meta(), first: firstInListOrder(list.contacts, sort, Date.now(), firstRows), total: list.contacts.length, snapshot }
    },
    'contacts.page': ({ snapshot, offset, limit }) => {
      const all = snapshots.get(snapshot) ?? []
      return { contacts: all.slice(offset, offset + limit), done: offset + limit >= all.length }
    },
    'contacts.sync': ({ revision }) => {
      list.synced = true
      return { ...meta(), changed: revision !== list.revision }
    },
  }
  return Object.assign(list, { handlers })
}
