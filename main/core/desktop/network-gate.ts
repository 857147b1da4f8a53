// The air gap as code: every outgoing request the app could make is checked here. Only the
// AWS IAM endpoint passes, and only while connected mode is switched on for aftercare.
import { CustosError } from '../../../shared/errors'

/** The one host Custos may reach, and only over https: AWS IAM is a global service. */
export const IAM_ENDPOINT_HOSTS = ['iam.amazonaws.com'] as const

export interface NetworkGate {
  isConnected(): boolean
  /** Switch connected mode on (for one aftercare step) or back off; listeners hear every change. */
  setConnected(on: boolean): void
  /** True only for https requests to the IAM endpoint while connected mode is on. */
  allows(url: string): boolean
  /** Throws NETWORK_BLOCKED unless allows(url): call before any request made from Node. */
  assertAllowed(url: string): void
  onChange(listener: (connected: boolean) => void): () => void
}

export function createNetworkGate(): NetworkGate {
  let connected = false
  const listeners = new Set<(connected: boolean) => void>()
  const allows = (url: string): boolean => {
    if (!connected) return false
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      return false
    }
    return (
      parsed.protocol === 'https:' &&
      parsed.port === '' &&
      parsed.username === '' &&
      (IAM_ENDPOINT_HOSTS as readonly string[]).includes(parsed.hostname)
    )
  }
  return {
    isConnected: () => connected,
    setConnected: (on) => {
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
          ? `Custos only talks to AWS IAM (https://iam.amazonaws.com); the request to ${safeOrigin(url)} was blocked.`
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
