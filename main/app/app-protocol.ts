// Serves the built renderer on app://custos from one folder (inside the asar when packaged):
// a standard, secure scheme instead of file://, with the CSP on every response and no
// way to climb out of the folder.
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { protocol } from 'electron'
import { APP_HOST, APP_SCHEME } from './app-origin'
import { SECURITY_HEADERS } from './content-security-policy'

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
}

/** Must run before app 'ready': Chromium fixes scheme privileges at start-up. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: false },
    },
  ])
}

/** Maps an app:// URL to a file under root, or undefined when it points anywhere else. */
export function resolveAppFile(root: string, url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined
  let pathname: string
  try {
    pathname = decodeURIComponent(parsed.pathname)
  } catch {
    return undefined
  }
  if (pathname.includes('\0')) return undefined
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '')
  const full = normalize(join(root, relative))
  const base = normalize(root.endsWith(sep) ? root : root + sep)
  return full.startsWith(base) ? full : undefined
}

export async function appProtocolResponse(root: string, url: string, method = 'GET'): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: SECURITY_HEADERS })
  const file = resolveAppFile(root, url)
  if (!file) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS })
  try {
    const body = await readFile(file)
    const type = MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
    return new Response(new Uint8Array(body), { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type } })
  } catch {
    return new Response('Not found', { status: 404, headers: SECURITY_HEADERS })
  }
}

export function handleAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(root, request.url, request.method))
}
