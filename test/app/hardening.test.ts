// main/app's security checklist, item by item, against a fake electron module: window
// options, navigation and new-window refusal, permissions, network blocking, IPC senders.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { OPERATION_NAMES, type Api } from '../../shared/api'
import { ipcChannel } from '../../shared/desktop-events'
import { createNetworkGate } from '../../main/core/desktop/network-gate'
import { makeTempDir } from '../helpers/temp-dir'
import { FakeBrowserWindow, FakeWebContents, createFakeSession } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).createFakeElectron())

const { createMainWindow } = await import('../../main/app/window-options')
const { guardWebContents } = await import('../../main/app/web-contents-guard')
const { installPermissionPolicy } = await import('../../main/app/permissions')
const { installNetworkBlocking } = await import('../../main/app/network-blocking')
const { bindApi, REFUSED_SENDER_RESULT } = await import('../../main/app/ipc-bridge')
const { appProtocolResponse, resolveAppFile } = await import('../../main/app/app-protocol')
const { CONTENT_SECURITY_POLICY } = await import('../../main/app/content-security-policy')

describe('window options', () => {
  it('isolates and sandboxes the renderer with node integration off and web security on', () => {
    const window = createMainWindow({ preloadPath: '/app/preload.cjs', isPackaged: true, dark: false }) as unknown as FakeBrowserWindow
    expect(window.options.show).toBe(false)
    const prefs = window.options.webPreferences
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
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
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    })
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
  })

  it('has no devtools in a packaged build and keeps them for development', () => {
    const devTools = (isPackaged: boolean) =>
      (createMainWindow({ preloadPath: 'p', isPackaged, dark: false }) as unknown as FakeBrowserWindow).options.webPreferences.devTools
    expect(devTools(true)).toBe(false)
    expect(devTools(false)).toBe(true)
  })
})

describe('navigation guard', () => {
  const contents = new FakeWebContents()
  guardWebContents(contents as never)

  it('refuses navigating the window anywhere, even to the app origin', () => {
    expect(contents.fire('will-navigate', { url: 'https://evil.example/' }, 'https://evil.example/')).toBe(true)
    expect(contents.fire('will-navigate', { url: 'app://custos/index.html' }, 'app://custos/index.html')).toBe(true)
    expect(contents.fire('will-redirect', { url: 'https://evil.example/' })).toBe(true)
  })

  it('refuses subframes that leave the app origin', () => {
    expect(contents.fire('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false })).toBe(true)
  })

  it('refuses new windows and webviews', () => {
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler!({ url: 'app://custos/index.html' })).toEqual({ action: 'deny' })
    expect(contents.fire('will-attach-webview', {}, {}, { src: 'https://example.com/' })).toBe(true)
  })
})

describe('permissions', () => {
  const session = createFakeSession()
  installPermissionPolicy(session as never)
  const request = (permission: string, details: Record<string, unknown>) => {
    let granted: boolean | undefined
    session.permissionRequestHandler!({}, permission, (answer: boolean) => (granted = answer), details)
    return granted
  }

  it('grants the camera to the app itself', () => {
    expect(request('media', { requestingUrl: 'app://custos/index.html', isMainFrame: true, mediaTypes: ['video'] })).toBe(true)
  })

  it('denies the microphone, other origins, subframes and every other permission', () => {
    expect(request('media', { requestingUrl: 'app://custos/index.html', isMainFrame: true, mediaTypes: ['video', 'audio'] })).toBe(false)
    expect(request('media', { requestingUrl: 'app://custos/index.html', isMainFrame: true, mediaTypes: ['audio'] })).toBe(false)
    expect(request('media', { requestingUrl: 'app://custos/index.html', isMainFrame: true, mediaTypes: [] })).toBe(false)
    expect(request('media', { requestingUrl: 'https://evil.example/', isMainFrame: true, mediaTypes: ['video'] })).toBe(false)
    expect(request('media', { requestingUrl: 'app://custos.evil/', isMainFrame: true, mediaTypes: ['video'] })).toBe(false)
    expect(request('media', { requestingUrl: 'app://custos/index.html', isMainFrame: false, mediaTypes: ['video'] })).toBe(false)
    for (const permission of ['notifications', 'geolocation', 'clipboard-read', 'openExternal', 'display-capture', 'fullscreen']) {
      expect(request(permission, { requestingUrl: 'app://custos/index.html', isMainFrame: true })).toBe(false)
    }
  })

  it('answers permission checks the same way and never grants devices or screen capture', () => {
    const check = session.permissionCheckHandler!
    expect(check(null, 'media', 'app://custos', { isMainFrame: true, mediaType: 'video' })).toBe(true)
    expect(check(null, 'media', 'app://custos', { isMainFrame: true, mediaType: 'audio' })).toBe(false)
    expect(check(null, 'media', 'https://evil.example', { isMainFrame: true, mediaType: 'video' })).toBe(false)
    expect(check(null, 'notifications', 'app://custos', { isMainFrame: true })).toBe(false)
    expect(session.devicePermissionHandler!({ deviceType: 'usb', origin: 'app://custos' })).toBe(false)
    let streams: unknown = 'untouched'
    session.displayMediaRequestHandler!({}, (answer: unknown) => (streams = answer))
    expect(streams).toEqual({})
  })
})

describe('network blocking', () => {
  const gate = createNetworkGate()
  const session = createFakeSession()
  installNetworkBlocking(session as never, gate, { isPackaged: true })

  it('blocks every request off the machine while offline, including the IAM endpoint', () => {
    expect(session.beforeRequest!.filter).toEqual({ urls: ['<all_urls>'] })
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'wss://example.com/', 'https://iam.amazonaws.com/']) {
      expect(session.request(url), url).toBe(true)
    }
    expect(session.request('app://custos/assets/index.js')).toBe(false)
    expect(session.request('data:image/svg+xml,<svg/>')).toBe(false)
    expect(session.request('devtools://devtools/bundled/inspector.html')).toBe(true)
  })

  it('lets only https IAM through while connected mode is on, and closes again after', () => {
    gate.setConnected(true)
    expect(session.request('https://iam.amazonaws.com/')).toBe(false)
    expect(session.request('http://iam.amazonaws.com/')).toBe(true)
    expect(session.request('https://iam.amazonaws.com:8443/')).toBe(true)
    expect(session.request('https://iam.amazonaws.com.evil.example/')).toBe(true)
    expect(session.request('https://user@iam.amazonaws.com/')).toBe(true)
    expect(session.request('https://sts.amazonaws.com/')).toBe(true)
    gate.setConnected(false)
    expect(session.request('https://iam.amazonaws.com/')).toBe(true)
  })

  it('tells Node-side callers why a request was blocked', () => {
    expect(() => gate.assertAllowed('https://example.com/path?secret=1')).toThrow(/offline.*https:\/\/example\.com/)
  })
})

describe('IPC bridge', () => {
  const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>()
  const ipcMain = {
    handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  }
  const seen: unknown[] = []
  const api = new Proxy({} as Api, {
    get: (_t, name) => async (input: unknown) => {
      seen.push({ name, input })
      return { dataDir: '/v', initialized: false }
    },
  })
  const trusted = new Set<number>([7])
  const unbind = bindApi(ipcMain as never, api, trusted)
  const event = (senderId: number, url: string | undefined, mainFrame = true) => ({
    sender: { id: senderId },
    senderFrame: url === undefined ? null : { url, parent: mainFrame ? null : {} },
  })
  const status = handlers.get(ipcChannel.operation('vault.status'))!

  it('binds one channel per contract operation and nothing else', () => {
    expect([...handlers.keys()].sort()).toEqual(OPERATION_NAMES.map((name) => ipcChannel.operation(name)).sort())
  })

  it('answers our own window on the app origin', async () => {
    expect(await status(event(7, 'app://custos/index.html'), {})).toEqual({ ok: true, value: { dataDir: '/v', initialized: false } })
  })

  it('refuses other windows, other origins, subframes and vanished frames without calling the backend', async () => {
    seen.length = 0
    expect(await status(event(8, 'app://custos/index.html'), {})).toEqual(REFUSED_SENDER_RESULT)
    expect(await status(event(7, 'https://evil.example/'), {})).toEqual(REFUSED_SENDER_RESULT)
    expect(await status(event(7, 'file:///etc/passwd'), {})).toEqual(REFUSED_SENDER_RESULT)
    expect(await status(event(7, 'app://custos/index.html', false), {})).toEqual(REFUSED_SENDER_RESULT)
    expect(await status(event(7, undefined), {})).toEqual(REFUSED_SENDER_RESULT)
    expect(seen).toEqual([])
  })

  it('validates input against the contract before the backend sees it', async () => {
    seen.length = 0
    const init = handlers.get(ipcChannel.operation('vault.init'))!
    const result = (await init(event(7, 'app://custos/index.html'), { name: 42 })) as { ok: boolean; error: { code: string } }
    expect(result.ok).toBe(false)
    expect(result.error.code).toBe('USAGE')
    expect(seen).toEqual([])
  })

  it('unbinds every channel', () => {
    unbind()
    expect(handlers.size).toBe(0)
  })
})

describe('app protocol', () => {
  const dir = makeTempDir('custos-app-protocol-')
  afterAll(() => dir.cleanup())
  const root = join(dir.path, 'renderer')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>')
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir.path, 'secret.txt'), 'not for the renderer')

  it('serves the renderer with the strict CSP on every response', async () => {
    const response = await appProtocolResponse(root, 'app://custos/index.html')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'")
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    expect((await appProtocolResponse(root, 'app://custos/assets/app.js')).headers.get('content-type')).toMatch(/javascript/)
  })

  it('never serves a file outside the renderer folder', async () => {
    for (const url of [
      'app://custos/../secret.txt',
      'app://custos/%2e%2e/secret.txt',
      'app://custos/assets/..%2f..%2fsecret.txt',
      'app://custos/%00index.html',
      'app://other/index.html',
    ]) {
      const resolved = resolveAppFile(root, url)
      expect(resolved === undefined || resolved.startsWith(root + '/'), url).toBe(true)
      expect((await appProtocolResponse(root, url)).status, url).toBe(404)
    }
    expect((await appProtocolResponse(root, 'app://custos/index.html', 'POST')).status).toBe(405)
  })
})
