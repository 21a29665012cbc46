/** What the shell around the core provides: native dialogs and OS integration in Electron, little in a browser. */
export interface Platform {
  readonly shell: 'electron' | 'browser'
  /** Null when the user cancelled, or when there is no native dialog (browser bridge). */
  chooseDirectory(title: string): Promise<string | null>
  showInFolder(path: string): Promise<void>
  /** Called only with URLs that passed the allow-list. */
  openExternal(url: string): Promise<void>
  /** A desktop notification; a no-op where there is none. */
  notify(title: string, body: string): void
}
