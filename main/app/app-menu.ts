// A short menu: editing keys (copy and paste need menu roles on macOS) and window controls.
// Packaged builds carry no reload or developer tools entries.
import { Menu, type MenuItemConstructorOptions } from 'electron'

export function installAppMenu(isPackaged: boolean, platform = process.platform): void {
  const template: MenuItemConstructorOptions[] = []
  if (platform === 'darwin') template.push({ role: 'appMenu' })
  template.push({ role: 'editMenu' })
  template.push({
    label: 'View',
    submenu: [
      ...(isPackaged ? [] : ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  })
  template.push({ role: 'windowMenu' })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
