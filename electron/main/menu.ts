import { Menu, shell, type MenuItemConstructorOptions } from 'electron'

/** The usual native menu built from roles (so shortcuts and platform conventions come for free). */
export function installMenu(options: { devTools: boolean }): void {
  const isMac = process.platform === 'darwin'
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
      submenu: [{ label: 'Telegram FAQ', click: () => void shell.openExternal('https://telegram.org/faq') }],
    },
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
