// The loopback test host: binds the same createApi object the Electron app binds, via
// main/core/api/dispatch, over HTTP on 127.0.0.1, and serves the built renderer with a
// shim in place of the preload, so the React app runs in real Chromium on the real backend.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Api } from '../../shared/api'
import type { DesktopEventName, DesktopEvents } from '../../shared/desktop-events'
import { dispatch } from '../../main/core/api/dispatch'
import { SECURITY_HEADERS } from '../../main/app/content-security-policy'
import { EVENTS_PATH, OP_PATH_PREFIX, SHIM_PATH, loopbackShimSource } from './loopback-shim'

export interface LoopbackHost {
  /** http://127.0.0.1:PORT/ */
  url: string
  /** Every operation call the page made, in order (names only: inputs may be sensitive). */
  readonly calls: string[]
  /** Pushes a desktop event to every open page (and to pages that connect later). */
  emit<E extends DesktopEventName>(event: E, payload: DesktopEvents[E]): void
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
}

const MAX_BODY_BYTES = 1024 * 1024

export async function startLoopbackHost(options: { api: Api; rendererDir: string }): Promise<LoopbackHost> {
  const { api, rendererDir } = options
  const calls: string[] = []
  const streams = new Set<ServerResponse>()
  const sticky = new Map<DesktopEventName, unknown>()
  let origin = ''

  const sendEvent = (res: ServerResponse, event: string, payload: unknown) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500)
      res.end()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin)
    if (url.pathname.startsWith(OP_PATH_PREFIX)) {
      // The HTTP twin of the IPC sender check: only same-origin script requests from the page.
      if (req.method !== 'POST' || req.headers['x-custos-shim'] !== '1' || (req.headers.origin && req.headers.origin !== origin)) {
        res.writeHead(403).end()
        return
      }
      const name = decodeURIComponent(url.pathname.slice(OP_PATH_PREFIX.length))
      const body = await readBody(req)
      let input: unknown
      try {
        input = body.length ? JSON.parse(body) : {}
      } catch {
        input = Symbol('unparseable')
      }
      calls.push(name)
      const result = await dispatch(api, name, input)
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      res.end(JSON.stringify(result))
      return
    }
    if (url.pathname === EVENTS_PATH) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      for (const [event, payload] of sticky) sendEvent(res, event, payload)
      streams.add(res)
      req.on('close', () => streams.delete(res))
      return
    }
    if (url.pathname === SHIM_PATH) {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/javascript; charset=utf-8' })
      res.end(loopbackShimSource())
      return
    }
    await serveStatic(url.pathname, res)
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
    const file = normalize(join(rendererDir, relative))
    if (!file.startsWith(normalize(rendererDir + sep))) {
      res.writeHead(404).end()
      return
    }
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      res.writeHead(404).end()
      return
    }
    const type = MIME[extname(file)] ?? 'application/octet-stream'
    if (extname(file) === '.html') {
      // The shim is a classic script, so it runs before the app's (deferred) module scripts.
      const html = body.toString('utf8').replace('<head>', `<head>\n    <script src="${SHIM_PATH}"></script>`)
      body = Buffer.from(html, 'utf8')
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store' })
    res.end(body)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${port}`

  return {
    url: `${origin}/`,
    calls,
    emit: (event, payload) => {
      sticky.set(event, payload)
      for (const res of streams) sendEvent(res, event, payload)
    },
    close: async () => {
      for (const res of streams) res.end()
      streams.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
