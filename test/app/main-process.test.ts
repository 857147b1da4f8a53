// Starts main/app/index.ts against the fake electron module and checks what a real start
// does: sandbox and scheme before ready, single-instance lock, the hardened window on
// app://custos with content protection, session policies and one IPC channel per operation.
import { afterAll, describe, expect, it, vi } from 'vitest'
import { OPERATION_NAMES } from '../../shared/api'
import { ipcChannel } from '../../shared/desktop-events'
import { makeTempDir } from '../helpers/temp-dir'
import { FakeBrowserWindow, type FakeElectron } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).createFakeElectron())

const dataDir = makeTempDir('custos-main-')
afterAll(() => dataDir.cleanup())
process.env.CUSTOS_DATA_DIR = dataDir.path
const electron = (await import('electron')) as unknown as FakeElectron
await import('../../main/app/index')

describe('main process start-up', () => {
  it('enables the sandbox, registers the app scheme and takes the single-instance lock before ready', () => {
    expect(electron.state.sandboxEnabled).toBe(true)
    expect(electron.state.lockRequested).toBe(true)
    expect(electron.state.registeredSchemes).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ])
    expect(FakeBrowserWindow.instances).toHaveLength(0)
  })

  it('opens one hardened, content-protected window on app://custos once ready', async () => {
    for (const resolve of electron.state.readyResolvers) resolve()
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1))
    const window = FakeBrowserWindow.instances[0]!
    expect(window.loadedUrl).toBe('app://custos/index.html')
    expect(window.contentProtection).toBe(true)
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })
    expect(window.options.webPreferences.preload).toMatch(/preload[\\/]index\.cjs$/)
    expect(electron.state.protocolHandlers.has('app')).toBe(true)
  })

  it('installs the session policies and binds exactly the contract', () => {
    const session = electron.session.defaultSession
    expect(session.permissionRequestHandler).toBeTypeOf('function')
    expect(session.beforeRequest).toBeDefined()
    expect(session.request('https://example.com/')).toBe(true)
    expect([...electron.state.handlers.keys()].sort()).toEqual(OPERATION_NAMES.map((n) => ipcChannel.operation(n)).sort())
  })

  it('answers the window it made and refuses a stranger', async () => {
    const window = FakeBrowserWindow.instances[0]!
    const status = electron.state.handlers.get(ipcChannel.operation('vault.status'))!
    const mine = { sender: window.webContents, senderFrame: { url: 'app://custos/index.html', parent: null } }
    expect(await status(mine, {})).toEqual({ ok: true, value: { dataDir: dataDir.path, initialized: false } })
    const stranger = { sender: { id: 9999 }, senderFrame: { url: 'app://custos/index.html', parent: null } }
    expect(await status(stranger, {})).toMatchObject({ ok: false, error: { code: 'IPC_SENDER_REFUSED' } })
  })

  it('guards every web contents the app creates', () => {
    const window = FakeBrowserWindow.instances[0]!
    electron.app.emit('web-contents-created', {}, window.webContents)
    expect(window.webContents.fire('will-navigate', { url: 'https://evil.example/' })).toBe(true)
    expect(window.webContents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
  })

  it('pushes the obligations list and connected mode to the page once it has loaded', () => {
    const window = FakeBrowserWindow.instances[0]!
    window.webContents.emit('did-finish-load')
    expect(window.webContents.sent).toEqual(
      expect.arrayContaining([
        { channel: ipcChannel.event('obligationsDue'), payload: { items: [] } },
        { channel: ipcChannel.event('connectedMode'), payload: { connected: false } },
      ]),
    )
  })
})
