import { nextTick, onMounted, watch, type Ref } from 'vue'

/**
 * A sign-in step starts with focus in its field, and goes back there, text selected, when Telegram turns the
 * answer down (the error itself is a role=alert and the field points at it), so the person can type again.
 */
export function useStepField(field: Ref<HTMLInputElement | null>, error: () => string | null): void {
  onMounted(() => field.value?.focus())
  watch(error, (now) => {
    if (now)
      void nextTick(() => {
        field.value?.focus()
        field.value?.select()
      })
  })
}
