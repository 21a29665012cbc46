import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { h, nextTick } from 'vue'
import VirtualList from '../../renderer/src/components/VirtualList.vue'

/** The list's measured height (happy-dom lays nothing out) and its ResizeObserver, driven by the test. */
let height = 500
let resized: (() => void) | null = null
let frames: FrameRequestCallback[] = []

function rows(wrapper: ReturnType<typeof mount>): number {
  return wrapper.findAll('.vlist-row').length
}

async function resize(to: number): Promise<void> {
  height = to
  resized?.()
  await nextTick()
}

async function paintFrame(): Promise<void> {
  for (const cb of frames.splice(0)) cb(performance.now())
  await new Promise((r) => setTimeout(r, 0))
  await nextTick()
}

describe('VirtualList', () => {
  beforeEach(() => {
    height = 500
    frames = []
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(() => height)
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(cb: () => void) {
          resized = cb
        }
        observe(): void {}
        disconnect(): void {}
      },
    )
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb))
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
    resized = null
  })

  it('renders a resize its rows already cover after the frame is painted, and one they do not at once', async () => {
    const wrapper = mount(VirtualList, { props: { count: 1000, rowHeight: 50, overscan: 6 }, slots: { default: ({ index }: { index: number }) => h('span', `row ${index}`) } })
    await nextTick()
    // 500 px: 10 rows on screen and 6 below.
    expect(rows(wrapper)).toBe(16)
    // Shorter (the global search section appeared below the list): the rows cover it; fewer after the frame.
    await resize(430)
    expect(rows(wrapper)).toBe(16)
    await paintFrame()
    expect(rows(wrapper)).toBe(15)
    // Taller, within the rows below the fold (the birthdays above it went away): the same until the frame.
    await resize(600)
    expect(rows(wrapper)).toBe(15)
    await paintFrame()
    expect(rows(wrapper)).toBe(18)
    // Taller than the rows reach: rendered at once, no blank rows for a frame.
    await resize(1000)
    expect(rows(wrapper)).toBe(26)
    wrapper.unmount()
  })

  it('renders only the rows on screen for new contents, and the rows below the fold once that frame is painted', async () => {
    const shown = { offset: 0 }
    const wrapper = mount(VirtualList, { props: { count: 1000, rowHeight: 50, overscan: 6 }, slots: { default: ({ index }: { index: number }) => h('span', `item ${index + shown.offset}`) } })
    await nextTick()
    expect(rows(wrapper)).toBe(16)
    // A search keystroke: the list shows other items from now on.
    ;(wrapper.vm as unknown as { deferOverscan: () => void }).deferOverscan()
    shown.offset = 500
    await wrapper.setProps({ count: 900 })
    expect(wrapper.findAll('.vlist-row').map((r) => r.text())).toEqual(Array.from({ length: 10 }, (_, i) => `item ${500 + i}`))
    await paintFrame()
    expect(rows(wrapper)).toBe(16)
    expect(wrapper.findAll('.vlist-row').at(-1)!.text()).toBe('item 515')
    wrapper.unmount()
  })

  it('renders new contents for the height the list may grow to in their frame, and no more rows when it does', async () => {
    const shown = { offset: 0 }
    const wrapper = mount(VirtualList, { props: { count: 1000, rowHeight: 50, overscan: 6 }, slots: { default: ({ index }: { index: number }) => h('span', `item ${index + shown.offset}`) } })
    await nextTick()
    // The first letter: the birthdays above the list (120 px) are about to go.
    ;(wrapper.vm as unknown as { deferOverscan: (growPx: number) => void }).deferOverscan(120)
    shown.offset = 500
    await wrapper.setProps({ count: 900 })
    expect(wrapper.findAll('.vlist-row').map((r) => r.text())).toEqual(Array.from({ length: 13 }, (_, i) => `item ${500 + i}`))
    // They went: the list is 100 px taller, and its rows already cover that.
    await resize(600)
    expect(rows(wrapper)).toBe(13)
    await paintFrame()
    expect(rows(wrapper)).toBe(18)
    wrapper.unmount()
  })
})
