// A fake of the parts of the electron module main/app and the preload use, recording what
// they were asked to do, so the hardening can be unit-tested without the Electron binary.
import { EventEmitter } from 'node:events'

type Listener = (...args: any[]) => unknown

export class FakeWebContents extends EventEmitter {
  static nextId = 1
  readonly id = FakeWebContents.nextId++
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | undefined
  sent: { channel: string; payload: unknown }[] = []
  printed: unknown[] = []
  destroyed = false
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = handler
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload })
  }
  isDestroyed() {
    return this.destroyed
  }
  print(options: unknown, callback: (success: boolean) => void) {
    this.printed.push(options)
    callback(true)
  }
  /** Emits like Electron: returns whether a listener called event.preventDefault(). */
  fire(name: string, extra: Record<string, unknown> = {}, ...args: unknown[]): boolean {
    let prevented = false
    const event = { ...extra, preventDefault: () => (prevented = true) }
    this.emit(name, event, ...args)
    return prevented
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  contentProtection = false
  loadedUrl: string | undefined
  shown = false
  constructor(readonly options: Record<string, any>) {
    super()
    FakeBrowserWindow.instances.push(this)
  }
  setContentProtection(on: boolean) {
    this.contentProtection = on
  }
  loadURL(url: string) {
    this.loadedUrl = url
    return Promise.resolve()
  }
  show() {
    this.shown = true
  }
  isMinimized() {
    return false
  }
  restore() {}
  focus() {}
}

export function createFakeSession() {
  const session = {
    permissionRequestHandler: undefined as Listener | undefined,
    permissionCheckHandler: undefined as Listener | undefined,
    devicePermissionHandler: undefined as Listener | undefined,
    displayMediaRequestHandler: undefined as Listener | undefined,
    beforeRequest: undefined as { filter: unknown; listener: Listener } | undefined,
    proxy: undefined as unknown,
    setPermissionRequestHandler(handler: Listener) {
      session.permissionRequestHandler = handler
    },
    setPermissionCheckHandler(handler: Listener) {
      session.permissionCheckHandler = handler
    },
    setDevicePermissionHandler(handler: Listener) {
      session.devicePermissionHandler = handler
    },
    setBluetoothPairingHandler() {},
    setDisplayMediaRequestHandler(handler: Listener) {
      session.displayMediaRequestHandler = handler
    },
    setProxy(config: unknown) {
      session.proxy = config
      return Promise.resolve()
    },
    webRequest: {
      onBeforeRequest(filter: unknown, listener: Listener) {
        session.beforeRequest = { filter, listener }
      },
    },
    /** Runs a request through the installed filter; true when it was cancelled. */
    request(url: string): boolean {
      let cancelled: boolean | undefined
      session.beforeRequest!.listener({ url }, (response: { cancel?: boolean }) => (cancelled = response.cancel === true))
      return cancelled === true
    },
  }
  return session
}

export function createFakeElectron() {
  const appEvents = new EventEmitter()
  const handlers = new Map<string, Listener>()
  const rendererListeners = new Map<string, Set<Listener>>()
  const exposed: Record<string, unknown> = {}
  const invoked: { channel: string; args: unknown[] }[] = []
  const fake = {
    state: {
      sandboxEnabled: false,
      singleInstanceLock: true,
      lockRequested: false,
      quit: false,
      /** The code app.exit() was called with (the --cli path), if it was. */
      exitCode: undefined as number | undefined,
      registeredSchemes: [] as unknown[],
      protocolHandlers: new Map<string, Listener>(),
      menu: undefined as unknown,
      notifications: [] as unknown[],
      clipboard: '' as string,
      exposed,
      invoked,
      handlers,
      rendererListeners,
      readyResolvers: [] as (() => void)[],
    },
    app: {
      isPackaged: false,
      on: (event: string, listener: Listener) => appEvents.on(event, listener),
      emit: (event: string, ...args: unknown[]) => appEvents.emit(event, ...args),
      enableSandbox: () => {
        fake.state.sandboxEnabled = true
      },
      requestSingleInstanceLock: () => {
        fake.state.lockRequested = true
        return fake.state.singleInstanceLock
      },
      quit: () => {
        fake.state.quit = true
      },
      exit: (code = 0) => {
        fake.state.exitCode = code
      },
      whenReady: () => new Promise<void>((resolve) => fake.state.readyResolvers.push(resolve)),
      appPath: '/nonexistent/custos-app',
      getAppPath: () => fake.app.appPath,
      userDataPath: '/nonexistent/custos-user-data',
      getPath: (name: string) => (name === 'userData' ? fake.app.userDataPath : `/nonexistent/${name}`),
    },
    BrowserWindow: FakeBrowserWindow,
    /** The OS key store: "encrypts" by marking the text, as tests only need the round trip and refusals. */
    safeStorage: {
      available: true,
      isEncryptionAvailable: () => fake.safeStorage.available,
      encryptString: (text: string) => Buffer.from(`os-sealed:${text}`),
      decryptString: (sealed: Buffer) => {
        const text = sealed.toString('utf8')
        if (!text.startsWith('os-sealed:')) throw new Error('cannot decrypt')
        return text.slice('os-sealed:'.length)
      },
    },
    session: { defaultSession: createFakeSession() },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.state.registeredSchemes.push(...schemes),
      handle: (scheme: string, handler: Listener) => fake.state.protocolHandlers.set(scheme, handler),
    },
    ipcMain: {
      handle: (channel: string, listener: Listener) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
        handlers.set(channel, listener)
      },
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    nativeTheme: { shouldUseDarkColors: false },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: unknown) => {
        fake.state.menu = menu
      },
    },
    Notification: class {
      static isSupported() {
        return true
      }
      constructor(readonly options: unknown) {}
      show() {
        fake.state.notifications.push(this.options)
      }
    },
    clipboard: {
      writeText: (text: string) => {
        fake.state.clipboard = text
      },
      readText: () => fake.state.clipboard,
      clear: () => {
        fake.state.clipboard = ''
      },
    },
    dialog: {
      showSaveDialog: async () => ({ canceled: true, filePath: '' }),
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    },
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => {
        exposed[key] = value
      },
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args })
        return { ok: true, value: { channel } }
      },
      on: (channel: string, listener: Listener) => {
        if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set())
        rendererListeners.get(channel)!.add(listener)
      },
      removeListener: (channel: string, listener: Listener) => rendererListeners.get(channel)?.delete(listener),
    },
  }
  return fake
}

export type FakeElectron = ReturnType<typeof createFakeElectron>
