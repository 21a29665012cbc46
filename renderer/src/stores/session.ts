import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { AuthStatus, MethodOutput } from '@contract'
import { useApi } from './api'
import { errorCode, humanError } from '../lib/errors'

type AppInfo = MethodOutput<'app.info'>
type Connection = 'connected' | 'connecting' | 'offline'

/** App info, the sign-in state machine (driven by auth.status and auth.changed) and the connection. */
export const useSessionStore = defineStore('session', () => {
  const api = useApi()
  const info = shallowRef<AppInfo | null>(null)
  const auth = shallowRef<AuthStatus | null>(null)
  /** When the current awaitingCode status arrived: the resend countdown runs from here. */
  const codeStatusAt = ref(0)
  const connection = ref<Connection>('connected')
  const busy = ref(false)
  const error = ref<string | null>(null)
  const errorName = ref<string | null>(null)
  const startError = ref<string | null>(null)
  let started = false

  const user = computed(() => (auth.value?.state === 'signedIn' ? auth.value.user : null))

  function setAuth(status: AuthStatus): void {
    if (status.state === 'awaitingCode') codeStatusAt.value = Date.now()
    if (auth.value?.state !== status.state) {
      error.value = null
      errorName.value = null
    }
    auth.value = status
  }

  async function start(): Promise<void> {
    if (started) return
    started = true
    api.on('auth.changed', setAuth)
    api.on('connection.changed', (p) => {
      connection.value = p.state
    })
    try {
      const [appInfo, status] = await Promise.all([api.call('app.info', {}), api.call('auth.status', {})])
      info.value = appInfo
      setAuth(status)
    } catch (e) {
      startError.value = humanError(e)
    }
  }

  /** Runs one sign-in step; on failure keeps the state (and what the user typed) and says why. */
  async function step(run: () => Promise<AuthStatus>): Promise<boolean> {
    busy.value = true
    error.value = null
    errorName.value = null
    try {
      setAuth(await run())
      return true
    } catch (e) {
      error.value = humanError(e)
      errorName.value = errorCode(e)
      return false
    } finally {
      busy.value = false
    }
  }

  const setCredentials = (apiId: number, apiHash: string) => step(() => api.call('auth.setCredentials', { apiId, apiHash }))
  /** The number last sent, so "Wrong number?" goes back to it for correcting rather than to an empty field. */
  const lastPhone = ref('')
  const sendCode = (phone: string) => {
    lastPhone.value = phone
    return step(() => api.call('auth.sendCode', { phone }))
  }
  const resendCode = () => step(() => api.call('auth.resendCode', {}))
  const signIn = (code: string) => step(() => api.call('auth.signIn', { code }))
  const checkPassword = (password: string) => step(() => api.call('auth.checkPassword', { password }))
  const cancel = () => step(() => api.call('auth.cancel', {}))
  const signOut = () => step(() => api.call('auth.signOut', {}))

  function clearError(): void {
    error.value = null
    errorName.value = null
  }

  return {
    info,
    auth,
    user,
    codeStatusAt,
    connection,
    busy,
    error,
    errorName,
    startError,
    lastPhone,
    start,
    setCredentials,
    sendCode,
    resendCode,
    signIn,
    checkPassword,
    cancel,
    signOut,
    clearError,
  }
})
