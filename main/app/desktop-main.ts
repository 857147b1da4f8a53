// The desktop app's main process (loaded by index.ts unless started with --cli): hardening
// first (scheme, sandbox, single instance), then the app protocol, session policies, the IPC
// bridge over createApi, and one window.
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { app, ipcMain, nativeTheme, safeStorage, session, type BrowserWindow } from 'electron'
import { createApi } from '../core/api/create-api'
import { systemClock } from '../core/clock'
import { createNetworkGate } from '../core/desktop/network-gate'
import { createObligationNotifier } from '../core/desktop/obligation-notifier'
import { obligationNoticeSource } from '../core/desktop/obligation-source'
import { resolveDataDir } from '../core/vault/data-dir'
import { setLogbookNativeBinding } from '../core/logbook/logbook-store'
import { setFontDir } from '../core/sheets/sheet-fonts'
import { setPassphraseSource } from '../core/vault/passphrase'
import { appPassphraseSource } from './app-passphrase'
import { ipcChannel } from '../../shared/desktop-events'
import { APP_ENTRY_URL } from './app-origin'
import { handleAppProtocol, registerAppScheme } from './app-protocol'
import { installAppMenu } from './app-menu'
import { createElectronDesktopPort } from './electron-desktop-port'
import { bindApi, sendEvent } from './ipc-bridge'
import { electronNativeBinding, packagedFontDir, packagedRecoveryKitDir } from './native-binding'
import { setRecoveryKitDir } from '../core/recovery/recovery-kit'
import { installNetworkBlocking } from './network-blocking'
import { installPermissionPolicy } from './permissions'
import { guardWebContents } from './web-contents-guard'
import { createMainWindow } from './window-options'

const here = dirname(fileURLToPath(import.meta.url))
const RENDERER_DIR = join(here, '..', 'renderer')
const PRELOAD_PATH = join(here, '..', 'preload', 'index.cjs')
/** How often due obligations are re-read, so one that falls due while the app is open is announced. */
const OBLIGATION_CHECK_MS = 60_000

registerAppScheme()
app.enableSandbox()
// Packaged, the sheet and audit PDF fonts sit beside the asar (electron-builder extraResources).
setFontDir(packagedFontDir(app.isPackaged))
setRecoveryKitDir(packagedRecoveryKitDir(app.isPackaged))

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let mainWindow: BrowserWindow | undefined
  const trustedContents = new Set<number>()

  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents))
  app.on('window-all-closed', () => app.quit())

  void app.whenReady().then(() => {
    // In development the Electron build of better-sqlite3 sits beside the Node one (.native/electron).
    setLogbookNativeBinding(electronNativeBinding(app.getAppPath(), app.isPackaged))
    // The vault keys are sealed under a passphrase the OS key store keeps for this account.
    setPassphraseSource(appPassphraseSource(safeStorage, join(app.getPath('userData'), 'vault-passphrase.sealed'), process.env))
    const gate = createNetworkGate()
    const desktop = createElectronDesktopPort(() => mainWindow)
    const api = createApi({
      dataDir: resolveDataDir(undefined),
      clock: systemClock,
      desktop,
      network: gate,
      windowProtectedByDefault: true,
    })

    handleAppProtocol(RENDERER_DIR)
    installPermissionPolicy(session.defaultSession)
    installNetworkBlocking(session.defaultSession, gate, { isPackaged: app.isPackaged })
    installAppMenu(app.isPackaged)
    bindApi(ipcMain, api, trustedContents)

    const window = createMainWindow({ preloadPath: PRELOAD_PATH, isPackaged: app.isPackaged, dark: nativeTheme.shouldUseDarkColors })
    mainWindow = window
    const contentsId = window.webContents.id
    trustedContents.add(contentsId)
    // The window can show a released credential: keep it out of screenshots and screen sharing.
    desktop.setContentProtection(true)
    window.once('ready-to-show', () => window.show())
    window.on('closed', () => {
      trustedContents.delete(contentsId)
      mainWindow = undefined
    })

    // Obligations are derived from the logbook by the same API object the window talks to.
    const notifier = createObligationNotifier({
      source: obligationNoticeSource(api),
      port: desktop,
      publish: (items) => sendEvent(mainWindow?.webContents, ipcChannel.event('obligationsDue'), { items }),
    })
    window.webContents.on('did-finish-load', () => {
      sendEvent(window.webContents, ipcChannel.event('obligationsDue'), { items: notifier.latest() })
      sendEvent(window.webContents, ipcChannel.event('connectedMode'), { connected: gate.isConnected() })
    })
    gate.onChange((connected) => sendEvent(mainWindow?.webContents, ipcChannel.event('connectedMode'), { connected }))
    void notifier.check().catch(() => undefined)
    setInterval(() => void notifier.check().catch(() => undefined), OBLIGATION_CHECK_MS).unref()

    void window.loadURL(APP_ENTRY_URL)
  })
}
