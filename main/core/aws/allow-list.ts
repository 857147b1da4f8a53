// The one decision "may this destination be reached?": pure, so the Node socket guard and the
// Electron session filter (main/app) answer it the same way. Default: nothing is allowed.
import { CustosError } from '../../../shared/errors'

export interface AllowedDestination {
  /** 'https:' or 'http:' (plain http only makes sense for a loopback test endpoint). */
  protocol: 'https:' | 'http:'
  /** Lower-case host name or IP literal, without brackets or a trailing dot. */
  hostname: string
  port: number
}

/** The public IAM endpoint (a global service, signed for us-east-1). */
export const DEFAULT_IAM_ENDPOINT = 'https://iam.amazonaws.com'

/** Turns an endpoint URL into the single destination connected mode opens. */
export function destinationFromEndpoint(endpoint: string): AllowedDestination {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new CustosError('AWS_ENDPOINT_INVALID', `"${endpoint}" is not a URL; give the IAM endpoint like https://iam.amazonaws.com.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CustosError('AWS_ENDPOINT_INVALID', `The IAM endpoint must be an https:// URL, not ${url.protocol}//.`)
  }
  if (url.protocol === 'http:' && !isLoopback(normaliseHost(url.hostname))) {
    throw new CustosError('AWS_ENDPOINT_INVALID', 'Plain http:// is allowed only for a loopback test endpoint; use https:// for IAM.')
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new CustosError('AWS_ENDPOINT_INVALID', 'The IAM endpoint must be a bare origin such as https://iam.amazonaws.com (no path, query or user).')
  }
  const protocol = url.protocol
  return { protocol, hostname: normaliseHost(url.hostname), port: url.port ? Number(url.port) : protocol === 'https:' ? 443 : 80 }
}

/** Is a URL (as Electron's webRequest sees it) one of the allowed destinations? */
export function isUrlAllowed(allowList: readonly AllowedDestination[], target: string): boolean {
  let url: URL
  try {
    url = new URL(target)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80
  const hostname = normaliseHost(url.hostname)
  return allowList.some((d) => d.protocol === url.protocol && d.hostname === hostname && d.port === port)
}

/** Socket-level check: a TCP connect only knows host and port, not the protocol. */
export function isHostPortAllowed(allowList: readonly AllowedDestination[], host: string, port: number): boolean {
  const hostname = normaliseHost(host)
  return allowList.some((d) => d.hostname === hostname && d.port === port)
}

/** Name-resolution check: a DNS query for any other name is itself a request leaving the machine. */
export function isHostnameAllowed(allowList: readonly AllowedDestination[], host: string): boolean {
  const hostname = normaliseHost(host)
  return allowList.some((d) => d.hostname === hostname)
}

export function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '::1' || /^127(\.\d{1,3}){3}$/.test(hostname)
}
