// The sheets of a set just issued (what issuance.start or aws.rotate returned), kept in the
// renderer's memory only, so the ceremony shows the on-screen preview after the URL moves to
// #/issuance/SETID. Never in storage: after a restart the preview is simply unavailable.
import type { OperationOutput } from '../../shared/api'

export type IssuanceStarted = OperationOutput<'issuance.start'>

const started = new Map<string, IssuanceStarted>()

/** Keep a started set for its ceremony; another screen (AWS rotation) calls this before routing here. */
export function rememberIssuance(view: IssuanceStarted): void {
  started.set(view.setId.toUpperCase(), view)
}

export function recallIssuance(setId: string): IssuanceStarted | undefined {
  return started.get(setId.toUpperCase())
}

/** Once the set is active or abandoned its sheets are no one's business on screen. */
export function forgetIssuance(setId: string): void {
  started.delete(setId.toUpperCase())
}
