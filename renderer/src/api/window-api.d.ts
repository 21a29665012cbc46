import type { WindowApi } from '@contract'

declare global {
  interface Window {
    /** The core's API: exposed by the Electron preload, or installed by bridge-shim.ts in a plain browser. */
    readonly api: WindowApi
  }
}

export {}
