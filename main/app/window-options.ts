// The BrowserWindows the app opens (the app window, and a hidden one that prints sheets),
// with every window-level item of Electron's security checklist written out literally here
// (so reviewers and electronegativity can read it).
import { BrowserWindow } from 'electron'

export interface MainWindowInput {
  preloadPath: string
  /** Packaged builds have no devtools at all. */
  isPackaged: boolean
  dark: boolean
}

export function createMainWindow({ preloadPath, isPackaged, dark }: MainWindowInput): BrowserWindow {
  return new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 880,
    minHeight: 600,
    show: false,
    title: 'Custos',
    backgroundColor: dark ? '#14171b' : '#f5f6f8',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click must not open links in new windows (the window-open handler denies them too).
      disableBlinkFeatures: 'Auxclick',
      // The spellchecker downloads dictionaries from Google: that would break the air gap.
      spellcheck: false,
      safeDialogs: true,
      devTools: !isPackaged,
    },
  })
}

/**
 * A hidden, script-less window that shows a PDF from memory in Chromium's viewer so it can be
 * printed: no preload, no JavaScript of ours, same hardening as the app window.
 */
export function createPrintWindow(title: string): BrowserWindow {
  return new BrowserWindow({
    show: false,
    title,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      safeDialogs: true,
      javascript: false,
      // The PDF viewer is a plugin.
      plugins: true,
      devTools: false,
    },
  })
}
