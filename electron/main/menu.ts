import { Menu, app, shell, type MenuItemConstructorOptions } from 'electron'

/** Telegram's API terms: the app says it is unofficial wherever it introduces itself (the renderer's About says more). */
const ABOUT_CREDITS = 'An unofficial app that uses the Telegram API. Not made by or affiliated with Telegram.'

/** The usual native menu built from roles (so shortcuts and platform conventions come for free). */
export function installMenu(options: { devTools: boolean }): void {
  const isMac = process.platform === 'darwin'
  app.setAboutPanelOptions({ applicationName: app.getName(), applicationVersion: app.getVersion(), credits: ABOUT_CREDITS, copyright: 'Copyright © 2026 TG Contacts team' })
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Telegram FAQ', click: () => void shell.openExternal('https://telegram.org/faq') },
        ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'about' } as const]),
      ],
    },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
