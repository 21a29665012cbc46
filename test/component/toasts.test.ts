import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { createTestingPinia } from '@pinia/testing'
import { setActivePinia } from 'pinia'
import ToastHost from '../../renderer/src/features/shell/ToastHost.vue'
import { RESUME_MIN_MS, useToastStore } from '../../renderer/src/stores/toasts'
import { createFakeApi, FAKE_TIMERS, mountWith } from './fake-api'

describe('toasts', () => {
  beforeEach(() => {
    vi.useFakeTimers(FAKE_TIMERS)
    setActivePinia(createTestingPinia({ stubActions: false, createSpy: vi.fn }))
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('runs out after its time and says so (onExpire), not when dismissed or acted on', () => {
    const toasts = useToastStore()
    const expired: string[] = []
    toasts.show('a', { timeout: 1000, onExpire: () => expired.push('a') })
    const b = toasts.show('b', { timeout: 1000, onExpire: () => expired.push('b') })
    const c = toasts.show('c', { timeout: 1000, action: { label: 'Undo', run: () => expired.push('undo c') }, onExpire: () => expired.push('c') })
    toasts.dismiss(b)
    toasts.runAction(c)
    vi.advanceTimersByTime(1000)
    expect(expired).toEqual(['undo c', 'a'])
    expect(toasts.toasts).toEqual([])
  })

  it('holds its clock while the pointer or focus is on it, tells onHold, and gives at least 2 s after', () => {
    const toasts = useToastStore()
    const holds: boolean[] = []
    const onExpire = vi.fn()
    const id = toasts.show('Deleted Anna', { timeout: 5000, onExpire, onHold: (held) => holds.push(held) })
    vi.advanceTimersByTime(4500)
    toasts.hold(id, 'pointer', true)
    toasts.hold(id, 'focus', true)
    vi.advanceTimersByTime(60_000)
    expect(onExpire).not.toHaveBeenCalled()
    toasts.hold(id, 'pointer', false)
    vi.advanceTimersByTime(60_000)
    expect(onExpire).not.toHaveBeenCalled()
    toasts.hold(id, 'focus', false)
    // 500 ms were left: it gets the minimum instead.
    vi.advanceTimersByTime(RESUME_MIN_MS - 1)
    expect(onExpire).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onExpire).toHaveBeenCalledOnce()
    // One hold and one release, however many reasons overlapped.
    expect(holds).toEqual([true, false])
  })

  it('announces infos in a polite region that exists before them; errors are alerts; F6 goes to the toast and back', async () => {
    const wrapper = mountWith(ToastHost, createFakeApi())
    const polite = wrapper.get('[aria-live="polite"]')
    expect(polite.text()).toBe('')
    const toasts = useToastStore()
    toasts.show('Saved Anna', { action: { label: 'Undo', run: () => undefined } })
    toasts.show('No network', { kind: 'error' })
    await flushPromises()
    expect(polite.text()).toContain('Saved Anna')
    expect(wrapper.get('[role="alert"]').text()).toContain('No network')

    const outside = document.createElement('button')
    document.body.append(outside)
    outside.focus()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F6' }))
    // The toast with an action wins over the newer error.
    expect(document.activeElement?.textContent).toBe('Undo')
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F6' }))
    expect(document.activeElement).toBe(outside)
    toasts.dismiss(toasts.toasts[0]!.id)
    await flushPromises()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F6' }))
    expect(document.activeElement).toBe(wrapper.get('[role="alert"]').element)
  })

  it('forgets where F6 came from once focus leaves the toasts another way: a toast going later takes nobody\'s focus', async () => {
    const wrapper = mountWith(ToastHost, createFakeApi())
    const toasts = useToastStore()
    const old = toasts.show('Anna is on Telegram')
    await flushPromises()
    const list = document.createElement('button')
    const chooseFiles = document.createElement('button')
    document.body.append(list, chooseFiles)
    list.focus()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F6' }))
    expect(wrapper.element.contains(document.activeElement)).toBe(true)
    // Shift+Tab out of the toast, on to another view's button, which goes with its step (focus falls to the page)
    chooseFiles.focus()
    chooseFiles.remove()
    expect(document.activeElement).toBe(document.body)
    toasts.dismiss(old)
    await flushPromises()
    expect(document.activeElement).toBe(document.body)
  })
})
