// The session's half of the air gap: every request the renderer (or anything loaded in it)
// makes is cancelled unless it is for the app's own files or, while connected mode is on,
// the AWS IAM endpoint (main/core/desktop/network-gate.ts decides).
import type { Session } from 'electron'
import type { NetworkGate } from '../core/desktop/network-gate'
import { isAppUrl } from './app-origin'

export interface RequestContext {
  isPackaged: boolean
}

export function isRequestAllowed(url: string, gate: NetworkGate, context: RequestContext): boolean {
  if (isAppUrl(url)) return true
  // data: and blob: never leave the machine (QR images, camera frames).
  if (url.startsWith('data:') || url.startsWith('blob:')) return true
  // DevTools loads its own front-end from devtools://; it exists only in unpackaged builds.
  if (!context.isPackaged && url.startsWith('devtools://')) return true
  return gate.allows(url)
}

export function installNetworkBlocking(session: Session, gate: NetworkGate, context: RequestContext): void {
  session.webRequest.onBeforeRequest({ urls: ['<all_urls>'] }, (details, callback) => {
    callback({ cancel: !isRequestAllowed(details.url, gate, context) })
  })
  // WebSockets and WebRTC cannot reach out either: no proxy auto-config fetches, no ICE candidates.
  void session.setProxy({ mode: 'direct' })
}
