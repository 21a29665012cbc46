/** How the Electron shell runs the core: for the user, or as `npm run demo` against the emulator. */
export interface LaunchMode {
  /** Demo: secrets in memory, so signing out of the demo never touches the user's keychain. */
  demo: boolean
  dataDir: string
}

/**
 * TG_CONTACTS_DEMO=1 (set by `npm run demo` when it launches Electron) is honoured only by an unpacked app,
 * like the other env seams. A demo keeps its data in the folder the demo names (TG_CONTACTS_DATA_DIR), or beside
 * the app's, never in the user's own data folder.
 */
export function launchMode(env: Readonly<Record<string, string | undefined>>, isPackaged: boolean, userDataDir: string): LaunchMode {
  const demo = !isPackaged && env.TG_CONTACTS_DEMO === '1'
  if (!demo) return { demo, dataDir: userDataDir }
  return { demo, dataDir: env.TG_CONTACTS_DATA_DIR || `${userDataDir}-demo` }
}
