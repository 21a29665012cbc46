import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { AuthStatus, EventPayload, MethodOutput } from '@contract'
import { useApi } from './api'
import { errorCode, humanError } from '../lib/errors'

type AppInfo = MethodOutput<'app.info'>
type Connection = EventPayload<'connection.changed'>
type CoreState = EventPayload<'core.state'>['state']

/** App info, the sign-in state machine (driven by auth.status and auth.changed) and the connection. */
export const useSessionStore = defineStore('session', () => {
  const api = useApi()
  const info = shallowRef<AppInfo | null>(null)
  const auth = shallowRef<AuthStatus | null>(null)
  /** When the current awaitingCode status arrived: the resend countdown runs from here. */
  const codeStatusAt = ref(0)
  const connection = shallowRef<Connection>({ state: 'connected', retryAt: null })
  /**
   * The core's own process: 'restarting' after it stopped unexpectedly, 'switching' while it makes way for another
   * (Try the demo / Back to sign-in), 'stopped' when it is not coming back, 'unreachable' when the page has had no
   * answer from the process behind it for a while (browser mode: npm run demo stopped).
   */
  const coreState = ref<CoreState>('running')
  /** Where a switch asked for here leads, until the other core serves. */
  const switchingTo = ref<'demo' | 'account' | null>(null)
  /** Why the last Try the demo / Back to sign-in did not happen. */
  const demoError = ref<string | null>(null)
  /** Bumped each time a restarted core is serving again: views reload what they show from it. */
  const coreRestarts = ref(0)
  const busy = ref(false)
  const error = ref<string | null>(null)
  const errorName = ref<string | null>(null)
  const startError = ref<string | null>(null)
  let started = false

  const user = computed(() => (auth.value?.state === 'signedIn' ? auth.value.user : null))
  /**
   * Whether what the page shows of Telegram is current: online dots and "online" are greyed while the connection to
   * Telegram, or the page's to the core, is down (no status updates reach the page then).
   */
  const statusesCurrent = computed(() => connection.value.state === 'connected' && coreState.value === 'running')

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
      connection.value = p
    })
    // The browser's (and Electron's) own word that the network is back: try at once rather than at the next backoff.
    window.addEventListener('online', () => void retryConnection())
    api.on('core.state', (p) => {
      const replaced = (coreState.value === 'restarting' || coreState.value === 'switching' || coreState.value === 'unreachable') && p.state === 'running'
      coreState.value = p.state
      if (replaced) void resync()
    })
    try {
      const [appInfo, status] = await Promise.all([api.call('app.info', {}), api.call('auth.status', {})])
      info.value = appInfo
      setAuth(status)
      void loadConnection()
    } catch (e) {
      startError.value = humanError(e)
    }
  }

  /** A page opened (or a core restarted) while Telegram is away learns it here, not at the next change. */
  async function loadConnection(): Promise<void> {
    try {
      connection.value = await api.call('connection.status', {})
    } catch {
      // The event keeps it current from here; a failed read leaves the last known state.
    }
  }

  /** Try now: the core reconnects at once; connection.changed tells how that went. */
  async function retryConnection(): Promise<void> {
    try {
      await api.call('connection.retry', {})
    } catch {
      // Nothing to add: the banner already says the connection is down, and it stays until the core says otherwise.
    }
  }

  /**
   * A restarted or switched core: what it is (the demo or not), its sign-in state (the session is in the keychain, so
   * after a restart usually still signed in), then the views.
   */
  async function resync(): Promise<void> {
    const wanted = switchingTo.value
    try {
      const [appInfo, status] = await Promise.all([api.call('app.info', {}), api.call('auth.status', {})])
      info.value = appInfo
      setAuth(status)
      void loadConnection()
      startError.value = null
      if (wanted === 'demo' && !appInfo.demo) demoError.value = 'The demo could not start. Try again, or sign in to Telegram.'
    } catch (e) {
      startError.value = humanError(e)
    }
    switchingTo.value = null
    coreRestarts.value++
  }

  /** Try the demo (or Back to sign-in): this core makes way for the other; resync() follows once that one serves. */
  async function switchTo(to: 'demo' | 'account'): Promise<void> {
    if (switchingTo.value !== null) return
    demoError.value = null
    switchingTo.value = to
    try {
      const { switching } = await api.call(to === 'demo' ? 'demo.start' : 'demo.stop', {})
      if (!switching) await resync()
    } catch (e) {
      switchingTo.value = null
      demoError.value = humanError(e)
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
  const tryDemo = () => switchTo('demo')
  const leaveDemo = () => switchTo('account')

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
    statusesCurrent,
    retryConnection,
    coreState,
    switchingTo,
    demoError,
    coreRestarts,
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
    tryDemo,
    leaveDemo,
    clearError,
  }
})
