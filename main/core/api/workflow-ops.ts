// The desktop workflows' operations (issuance, break glass, drills, aftercare), assembled
// from one file per workflow; every one opens the logbook for the call and closes it.
import type { Api } from '../../../shared/api'
import { aftercareOps, type AftercareOpName } from './aftercare-ops'
import type { ApiDeps } from './api-deps'
import { issuanceOps, type IssuanceOpName } from './issuance-ops'
import { quorumOps, type QuorumOpName } from './quorum-ops'
import { sheetImportOps } from './sheet-import-ops'

export type WorkflowOpName = IssuanceOpName | QuorumOpName | AftercareOpName | 'sheets.importImages'

export function workflowOps(deps: ApiDeps): Pick<Api, WorkflowOpName> {
  return { ...issuanceOps(deps), ...quorumOps(deps), ...aftercareOps(deps), ...sheetImportOps(deps) }
}
