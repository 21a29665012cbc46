import { AppError, type Self } from '../contract'
import type { EventBus, Handlers } from '../router'
import type { CoreMode } from './options'

export interface DemoHandlerOptions {
  /** This core is the demo. */
  demo: boolean
  telegram: { self(): Self | null }
  events: EventBus
  /** The shell's way to replace this core (absent: nothing can, as in the CLI). */
  switchMode?: (to: CoreMode) => void
}

/**
 * "Try the demo" and "Back to sign-in". The core cannot become another core: it tells the page it is making way
 * (core.state 'switching', so the connection closing next is no crash), answers, and then asks its shell, which
 * stops it (finishing what is pending, as on quit) and starts the other one.
 */
export function createDemoHandlers(options: DemoHandlerOptions): Pick<Handlers, 'demo.start' | 'demo.stop'> {
  let requested = false
  const switchTo = (to: CoreMode): { switching: true } => {
    const { switchMode } = options
    if (!switchMode) throw new AppError({ code: 'FORBIDDEN', message: 'The demo opens from the TG Contacts app only.' })
    // A second click before this core has gone changes nothing.
    if (!requested) {
      requested = true
      // After this answer has gone out, so the page has it before its connection closes.
      setImmediate(() => {
        options.events.emit('core.state', { state: 'switching' })
        switchMode(to)
      })
    }
    return { switching: true }
  }
  return {
    async 'demo.start'() {
      if (options.demo) return { switching: false }
      if (options.telegram.self()) throw new AppError({ code: 'INVALID_INPUT', message: 'Sign out first: the demo opens from the sign-in screen.' })
      return switchTo('demo')
    },
    async 'demo.stop'() {
      if (!options.demo) return { switching: false }
      return switchTo('account')
    },
  }
}
