// The air gap as code: every outgoing request the app could make is checked here. Only the
// AWS IAM endpoint passes (or an explicit endpoint override given for the step), and only while
// connected mode is switched on for aftercare.
import { CustosError } from '../../../shared/errors'
import { destinationFromEndpoint, isUrlAllowed, type AllowedDestination } from '../aws/allow-list'

/** The one host Custos may reach, and only over https: AWS IAM is a global service. */
export const IAM_ENDPOINT_HOSTS = ['iam.amazonaws.com'] as const

export interface NetworkGate {
  isConnected(): boolean
  /**
   * Switch connected mode on (for one aftercare step) or back off; listeners hear every change.
   * `endpoint`: an explicit IAM endpoint override (a loopback test server, a VPC endpoint) that is
   * then the one origin allowed, instead of https://iam.amazonaws.com, until connected mode is off.
   */
  setConnected(on: boolean, endpoint?: string): void
  /** True only for requests to the IAM endpoint (https://iam.amazonaws.com, or the override) while connected mode is on. */
  allows(url: string): boolean
  /** Throws NETWORK_BLOCKED unless allows(url): call before any request made from Node. */
  assertAllowed(url: string): void
  onChange(listener: (connected: boolean) => void): () => void
}

export function createNetworkGate(): NetworkGate {
  let connected = false
  let override: AllowedDestination | undefined
  const listeners = new Set<(connected: boolean) => void>()
  const allows = (url: string): boolean => {
    if (!connected) return false
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return false
    }
    if (override) return parsed.username === '' && parsed.password === '' && isUrlAllowed([override], url)
    return (
      parsed.protocol === 'https:' &&
      parsed.port === '' &&
      parsed.username === '' &&
      (IAM_ENDPOINT_HOSTS as readonly string[]).includes(parsed.hostname)
    )
  }
  return {
    isConnected: () => connected,
    setConnected: (on, endpoint) => {
      // Validated like connected mode's own endpoint: https, or plain http to loopback only; a bare origin.
      if (on) override = endpoint !== undefined ? destinationFromEndpoint(endpoint) : undefined
      else override = undefined
      if (on === connected) return
      connected = on
      for (const listener of listeners) listener(on)
    },
    allows,
    assertAllowed: (url) => {
      if (allows(url)) return
      throw new CustosError(
        'NETWORK_BLOCKED',
        connected
          ? `Custos only talks to AWS IAM (${override ? `${override.protocol}//${override.hostname}:${override.port}` : 'https://iam.amazonaws.com'}); ` +
              `the request to ${safeOrigin(url)} was blocked.`
          : `Custos is offline: the request to ${safeOrigin(url)} was blocked. ` +
              'Switch on connected mode for the AWS aftercare step if you meant to reach AWS IAM.',
        { url: safeOrigin(url) },
      )
    },
    onChange: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/** Only the origin goes into messages: a URL's path or query could carry identifiers. */
function safeOrigin(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return '(not a URL)'
  }
}
