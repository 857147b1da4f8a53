// The one BrowserWindow the app opens, with every window-level item of Electron's security
// checklist written out literally here (so reviewers and electronegativity can read it).
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
