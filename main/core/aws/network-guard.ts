// The air gap for the Node process: once installed, every outgoing TCP/TLS connection (http,
// https, fetch, the AWS SDK), every DNS query and every UDP datagram is refused, except to the one
// destination a connected-mode window allows, and only while that window is open.
import dgram from 'node:dgram'
import dns from 'node:dns'
import { syncBuiltinESMExports } from 'node:module'
import net from 'node:net'
import { CustosError } from '../../../shared/errors'
import { isHostnameAllowed, isHostPortAllowed, type AllowedDestination } from './allow-list'

export interface GuardWindow {
  readonly destination: AllowedDestination
  close(): void
}

interface GuardState {
  windows: Set<{ destination: AllowedDestination; sockets: Set<net.Socket> }>
  blocked: Array<{ kind: string; target: string }>
}

const STATE_KEY = Symbol.for('custos.network-guard')
type GlobalWithGuard = typeof globalThis & { [STATE_KEY]?: GuardState }

function state(): GuardState | undefined {
  return (globalThis as GlobalWithGuard)[STATE_KEY]
}

export function isNetworkGuardInstalled(): boolean {
  return state() !== undefined
}

/** What the guard refused since it was installed (kind and host only; tests and diagnostics read it). */
export function blockedAttempts(): ReadonlyArray<{ kind: string; target: string }> {
  return state()?.blocked ?? []
}

/** Installs the deny-all guard once for the whole process (idempotent). */
export function installNetworkGuard(): void {
  if (state()) return
  const guard: GuardState = { windows: new Set(), blocked: [] }
  ;(globalThis as GlobalWithGuard)[STATE_KEY] = guard
  const allowList = () => [...guard.windows].map((w) => w.destination)

  const blockedError = (kind: string, target: string) => {
    guard.blocked.push({ kind, target })
    const error = new CustosError(
      'NETWORK_BLOCKED',
      `Custos is offline and blocked a ${kind} to ${target}. Only the AWS IAM endpoint can be reached, and only ` +
        'while connected mode is on for one aftercare step.',
      { kind, target },
    )
    return Object.assign(error, { errno: 'NETWORK_BLOCKED', syscall: kind })
  }

  // TCP and TLS: net.connect, tls.connect, http(s) agents and undici all end in Socket#connect.
  const originalConnect = net.Socket.prototype.connect
  const guardedConnect = function (this: net.Socket, ...args: unknown[]): net.Socket {
    const target = connectTarget(args)
    const window =
      target.kind === 'tcp'
        ? [...guard.windows].find((w) => isHostPortAllowed([w.destination], target.host, target.port))
        : undefined
    if (!window) {
      const error = blockedError('connection', target.kind === 'tcp' ? `${target.host}:${target.port}` : target.path)
      process.nextTick(() => this.destroy(error))
      return this
    }
    window.sockets.add(this)
    this.once('close', () => window.sockets.delete(this))
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args)
  }
  net.Socket.prototype.connect = guardedConnect as typeof net.Socket.prototype.connect

  // DNS: a query for any name but the allowed host already tells the network what we are doing.
  const wrapLookup = (owner: Record<string, unknown>, name: string, style: 'callback' | 'promise') => {
    const original = owner[name] as ((...a: unknown[]) => unknown) | undefined
    if (typeof original !== 'function') return
    owner[name] = function (this: unknown, ...args: unknown[]) {
      const host = typeof args[0] === 'string' ? args[0] : String(args[0])
      // An IP literal resolves without a query (server.listen('127.0.0.1') does this); names need the allow-list.
      if (name === 'lookup' && (net.isIP(host) !== 0 || isHostnameAllowed(allowList(), host))) return original.apply(this, args)
      const error = blockedError('DNS query', host)
      if (style === 'promise') return Promise.reject(error)
      const callback = args.findLast((a) => typeof a === 'function') as ((e: Error) => void) | undefined
      if (callback) process.nextTick(() => callback(error))
      else throw error
      return undefined
    }
  }
  const dnsNames = ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname',
    'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse']
  for (const name of dnsNames) {
    wrapLookup(dns as unknown as Record<string, unknown>, name, 'callback')
    wrapLookup(dns.promises as unknown as Record<string, unknown>, name, 'promise')
    wrapLookup(dns.Resolver.prototype as unknown as Record<string, unknown>, name, 'callback')
    wrapLookup(dns.promises.Resolver.prototype as unknown as Record<string, unknown>, name, 'promise')
  }

  // UDP: nothing in Custos sends datagrams; refuse them all.
  for (const name of ['send', 'connect'] as const) {
    const proto = dgram.Socket.prototype as unknown as Record<string, unknown>
    proto[name] = function (this: dgram.Socket, ...args: unknown[]) {
      const error = blockedError('UDP datagram', 'any host')
      const callback = args.findLast((a) => typeof a === 'function') as ((e: Error) => void) | undefined
      if (callback) process.nextTick(() => callback(error))
      else process.nextTick(() => this.emit('error', error))
    }
  }
  // ESM named imports of builtins (import { lookup } from 'node:dns') see the patched functions too.
  syncBuiltinESMExports()
}

/**
 * Lets connections to exactly one destination through until close(). Closing also destroys every
 * socket opened through the window, so a kept-alive connection cannot outlive connected mode.
 */
export function openWindow(destination: AllowedDestination): GuardWindow {
  const guard = state()
  if (!guard) {
    throw new CustosError('INTERNAL', 'Connected mode needs the network guard installed first (installNetworkGuard()).')
  }
  const window = { destination, sockets: new Set<net.Socket>() }
  guard.windows.add(window)
  return {
    destination,
    close: () => {
      guard.windows.delete(window)
      for (const socket of window.sockets) socket.destroy()
      window.sockets.clear()
    },
  }
}

type ConnectTarget = { kind: 'tcp'; host: string; port: number } | { kind: 'ipc'; path: string }

/** Socket#connect accepts (options), (port, host), (path) and net.connect's normalised [options, cb]. */
function connectTarget(args: unknown[]): ConnectTarget {
  let first = args[0]
  if (Array.isArray(first)) first = first[0]
  if (first && typeof first === 'object') {
    const o = first as { path?: unknown; port?: unknown; host?: unknown }
    if (typeof o.path === 'string') return { kind: 'ipc', path: o.path }
    return { kind: 'tcp', host: typeof o.host === 'string' && o.host ? o.host : 'localhost', port: Number(o.port) }
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const host = typeof args[1] === 'string' ? args[1] : 'localhost'
    return { kind: 'tcp', host, port: Number(first) }
  }
  return { kind: 'ipc', path: String(first) }
}
