import { defineStore } from 'pinia'
import { ref } from 'vue'

export type View = 'contacts' | 'saved' | 'import' | 'export' | 'cleanup' | 'requests'

export const useNavStore = defineStore('nav', () => {
  const view = ref<View>('contacts')
  function go(next: View): void {
    view.value = next
  }
  return { view, go }
})
