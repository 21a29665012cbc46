import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { defineComponent, h, ref } from 'vue'
import ContactAvatar from '../../renderer/src/components/ContactAvatar.vue'
import { createFakeApi, FAKE_TIMERS, mountWith } from './fake-api'

const PREVIEW = 'data:image/jpeg;base64,/9j/AAAA'

/** Avatars for the given people, as a screen of rows would mount them. */
// eslint-disable-next-line vue/one-component-per-file -- two throwaway test hosts, not app components
const Rows = defineComponent({
  props: { people: { type: Array as () => Array<{ id: string; photoId?: string }>, required: true } },
  setup: (props) => () => h('div', props.people.map((p) => h(ContactAvatar, { key: p.id, id: p.id, name: `Person ${p.id}`, photoId: p.photoId ?? null }))),
})

function setup(people: Array<{ id: string; photoId?: string }>) {
  const fake = createFakeApi({
    'photos.want': ({ people: asked }) => ({ photos: asked.map(({ id, photoId }) => ({ id, photoId, url: photoId === '900' ? '/photos/1/900-s.jpg' : null, preview: PREVIEW })) }),
  })
  const shown = ref(people)
  // eslint-disable-next-line vue/one-component-per-file -- see Rows
  const wrapper = mountWith(defineComponent({ setup: () => () => h(Rows, { people: shown.value }) }), fake)
  return { fake, wrapper, shown }
}

describe('avatars with profile photos', () => {
  beforeEach(() => vi.useFakeTimers(FAKE_TIMERS))
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('ask for every photo on screen in one call, show the blurred preview, then the file', async () => {
    const { fake, wrapper } = setup([{ id: '1', photoId: '500' }, { id: '2', photoId: '900' }, { id: '3' }])
    expect(wrapper.findAll('img')).toHaveLength(0)
    expect(wrapper.text()).toContain('P1')
    await vi.advanceTimersByTimeAsync(40)
    await flushPromises()
    expect(fake.inputsOf('photos.want')).toEqual([{ size: 'small', people: [{ id: '1', photoId: '500' }, { id: '2', photoId: '900' }] }])
    const [first, second] = wrapper.findAll('img')
    expect([first!.attributes('src'), first!.classes()]).toEqual([PREVIEW, ['avatar-photo', 'preview']])
    expect([second!.attributes('src'), second!.classes()]).toEqual(['/photos/1/900-s.jpg', ['avatar-photo']])

    fake.emit('photos.ready', { photos: [{ id: '1', photoId: '500', size: 'small', url: '/photos/1/500-s.jpg' }] })
    await flushPromises()
    expect(wrapper.findAll('img').map((img) => img.attributes('src'))).toEqual(['/photos/1/500-s.jpg', '/photos/1/900-s.jpg'])
  })

  it('tell the core when the rows are gone, and show initials for a photo the person removed', async () => {
    const { fake, wrapper, shown } = setup([{ id: '1', photoId: '500' }])
    await vi.advanceTimersByTimeAsync(40)
    fake.emit('photos.ready', { photos: [{ id: '1', photoId: null, size: 'small', url: null }] })
    await flushPromises()
    expect(wrapper.findAll('img')).toHaveLength(0)
    shown.value = []
    await vi.advanceTimersByTimeAsync(40)
    expect(fake.inputsOf('photos.want').at(-1)).toEqual({ size: 'small', people: [] })
  })

  it('fall back to the initials when the file does not load', async () => {
    const { wrapper } = setup([{ id: '2', photoId: '900' }])
    await vi.advanceTimersByTimeAsync(40)
    await flushPromises()
    await wrapper.get('img').trigger('error')
    expect(wrapper.findAll('img')).toHaveLength(0)
    expect(wrapper.text()).toContain('P2')
  })
})
