import { inject } from 'vue'
import type { InjectionKey } from 'vue'
import type { ApiClient } from '../api/client'

/** The app provides the real client; component tests provide a fake one under the same key. */
export const API_KEY: InjectionKey<ApiClient> = Symbol('ApiClient')

/** For setup stores: Pinia runs them inside the app's injection context. */
export function useApi(): ApiClient {
  const api = inject(API_KEY, null)
  if (!api) throw new Error('No ApiClient provided: app.provide(API_KEY, client) before using the stores')
  return api
}
