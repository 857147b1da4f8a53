// PLACEHOLDER (being written): the issuance, break-glass, drill and aftercare operations.
import type { Api } from '../../../shared/api'
import { CustosError } from '../../../shared/errors'
import type { ApiDeps } from './create-api'

export type WorkflowOpName =
  | 'custodians.reviewRoster'
  | 'issuance.start'
  | 'issuance.savePdf'
  | 'issuance.printPdf'
  | 'issuance.scanBack'
  | 'issuance.handover'
  | 'issuance.activate'
  | 'issuance.abandon'
  | 'sets.list'
  | 'sheets.importImages'
  | 'releases.list'
  | 'release.request'
  | 'quorum.check'
  | 'release.grant'
  | 'drill.run'
  | 'release.recordRevoked'
  | 'release.recordRotated'
  | 'review.complete'
  | 'custody.destroyed'

const notYet = (name: string) => async (): Promise<never> => {
  throw new CustosError('INTERNAL', `${name} is not built yet.`)
}

export function workflowOps(_deps: ApiDeps): Pick<Api, WorkflowOpName> {
  const names: WorkflowOpName[] = [
    'custodians.reviewRoster', 'issuance.start', 'issuance.savePdf', 'issuance.printPdf', 'issuance.scanBack', 'issuance.handover',
    'issuance.activate', 'issuance.abandon', 'sets.list', 'sheets.importImages', 'releases.list', 'release.request', 'quorum.check',
    'release.grant', 'drill.run', 'release.recordRevoked', 'release.recordRotated', 'review.complete', 'custody.destroyed',
  ]
  return Object.fromEntries(names.map((n) => [n, notYet(n)])) as unknown as Pick<Api, WorkflowOpName>
}
