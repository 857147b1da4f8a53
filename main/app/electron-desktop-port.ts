// The desktop port on Electron: native dialogs, printing, OS notifications, the clipboard
// (cleared again after a while when it holds a secret) and content protection.
import { BrowserWindow, Notification, clipboard, dialog } from 'electron'
import type { DesktopPort } from '../core/desktop/desktop-port'
import { createPrintWindow } from './window-options'

export function createElectronDesktopPort(window: () => BrowserWindow | undefined): DesktopPort {
  return {
    showSaveDialog: async (request) => {
      const owner = window()
      const options = { title: request.title, defaultPath: request.defaultName, filters: request.filters }
      const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options)
      return result.canceled ? undefined : result.filePath
    },
    showOpenDialog: async (request) => {
      const owner = window()
      const options = {
        title: request.title,
        filters: request.filters,
        properties: request.multiple ? (['openFile', 'multiSelections'] as const) : (['openFile'] as const),
      }
      const result = owner
        ? await dialog.showOpenDialog(owner, { ...options, properties: [...options.properties] })
        : await dialog.showOpenDialog({ ...options, properties: [...options.properties] })
      return result.canceled ? [] : result.filePaths
    },
    print: (request) =>
      new Promise((resolve) => {
        const owner = window()
        if (!owner) return resolve(false)
        owner.webContents.print({ silent: false, printBackground: false, header: request.title }, (success) => resolve(success))
      }),
    printPdf: async ({ title, pdf }) => {
      const printer = createPrintWindow(title)
      try {
        await printer.loadURL(`data:application/pdf;base64,${Buffer.from(pdf).toString('base64')}`)
        return await new Promise<boolean>((resolve) =>
          printer.webContents.print({ silent: false, printBackground: true, header: title }, (success) => resolve(success)),
        )
      } finally {
        printer.destroy()
      }
    },
    notify: (notification) => {
      if (!Notification.isSupported()) return
      new Notification({ title: notification.title, body: notification.body, urgency: notification.urgency ?? 'normal' }).show()
    },
    writeClipboard: ({ text, clearAfterMs }) => {
      clipboard.writeText(text)
      if (clearAfterMs !== undefined) {
        setTimeout(() => {
          if (clipboard.readText() === text) clipboard.clear()
        }, clearAfterMs).unref()
      }
    },
    setContentProtection: (enabled) => window()?.setContentProtection(enabled),
  }
}
