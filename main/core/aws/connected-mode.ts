// Connected mode: the one explicit, logged exception to the air gap. For the length of one
// aftercare step the network guard lets requests reach the IAM endpoint, and nothing else.
import type { Clock } from '../clock'
import type { AftercareLog } from './aftercare-log'
import { destinationFromEndpoint, type AllowedDestination } from './allow-list'
import { installNetworkGuard, openWindow } from './network-guard'

export interface ConnectedModeOptions {
  endpoint: string
  purpose: 'status' | 'revoke' | 'rotate'
  signerKeyId: string
  log: AftercareLog
  clock: Clock
  /** The desktop's network gate listens here to open its session filter for the same span. */
  onChange?: (connected: boolean, destination: AllowedDestination) => void
}

export async function withConnectedMode<T>(options: ConnectedModeOptions, body: () => Promise<T>): Promise<T> {
  installNetworkGuard()
  const destination = destinationFromEndpoint(options.endpoint)
  const event = (state: 'on' | 'off') => ({
    type: 'aws.connected-mode' as const,
    state,
    purpose: options.purpose,
    endpoint: new URL(options.endpoint).origin,
    signerKeyId: options.signerKeyId,
    at: options.clock.now().toISOString(),
  })
  // Logged first: if the log cannot be written, the network is never opened.
  options.log.append(event('on'))
  const window = openWindow(destination)
  let failed = false
  try {
    // Inside the try: whatever a listener does, the window closes and 'off' is logged.
    options.onChange?.(true, destination)
    return await body()
  } catch (error) {
    failed = true
    throw error
  } finally {
    window.close()
    options.onChange?.(false, destination)
    try {
      options.log.append(event('off'))
    } catch (error) {
      // The step's own error matters more; a lost 'off' is visible as connected: true in the state.
      if (!failed) throw error
    }
  }
}
