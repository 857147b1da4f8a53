// What createApi is built from: the data dir, the clock and the shell's ports. Its own file so
// the ops modules and create-api.ts import it without importing each other (no cycle).
import type { Clock } from '../clock'
import type { DesktopPort } from '../desktop/desktop-port'
import type { NetworkGate } from '../desktop/network-gate'
import type { PendingSheets } from './pending-sheets'

export interface ApiDeps {
  dataDir: string
  clock: Clock
  /** Dialogs, print, notifications, clipboard: Electron in the app, the flags in the CLI, a recording fake in tests. */
  desktop?: DesktopPort
  /** The air gap (main/core/desktop/network-gate.ts); AWS aftercare switches connected mode here. */
  network?: NetworkGate
  /** The shell keeps its window out of screen capture all the time; window.protect(false) then restores that, not less. */
  windowProtectedByDefault?: boolean
  /** Sheets PDFs of sets being issued (in memory); createApi makes one when not given. */
  pendingSheets?: PendingSheets
  /**
   * AWS IAM endpoint override for the connected aftercare steps (tests: a loopback fake IAM;
   * otherwise a VPC endpoint). The network gate then allows this origin, and only it, while
   * connected. Default https://iam.amazonaws.com.
   */
  iamEndpoint?: string
}
