// Permission requests are denied, except the camera (video only, never the microphone) for
// the app's own origin in its main frame, which the share scanner needs.
import type { Session } from 'electron'
import { APP_ORIGIN, isAppUrl } from './app-origin'

export interface PermissionAsk {
  permission: string
  /** The URL or origin that asks. */
  requestingUrl: string | undefined
  isMainFrame: boolean
  mediaTypes: readonly string[] | undefined
}

export function isPermissionGranted(ask: PermissionAsk): boolean {
  if (ask.permission !== 'media') return false
  if (!ask.isMainFrame || !isAppUrl(ask.requestingUrl)) return false
  const types = ask.mediaTypes ?? []
  return types.length > 0 && types.every((type) => type === 'video')
}

export function installPermissionPolicy(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined
    callback(isPermissionGranted({ permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame, mediaTypes }))
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted({
      permission,
      requestingUrl: requestingOrigin === APP_ORIGIN ? APP_ORIGIN + '/' : requestingOrigin,
      isMainFrame: details.isMainFrame,
      mediaTypes: details.mediaType ? [details.mediaType] : undefined,
    }),
  )
  // USB, HID, serial and Bluetooth devices: never.
  session.setDevicePermissionHandler(() => false)
  session.setBluetoothPairingHandler?.((_details, callback) => callback({ confirmed: false }))
  // Screen capture: no streams, ever.
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}))
}
