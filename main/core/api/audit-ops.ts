// PLACEHOLDER (being written): audit export, root certificate and verify for the desktop app.
import type { Api } from '../../../shared/api'
import { CustosError } from '../../../shared/errors'
import type { ApiDeps } from './create-api'

export type AuditOpName = 'audit.export' | 'audit.exportRootCert' | 'audit.verify'

const notYet = (name: string) => async (): Promise<never> => {
  throw new CustosError('INTERNAL', `${name} is not built yet.`)
}

export function auditOps(_deps: ApiDeps): Pick<Api, AuditOpName> {
  const names: AuditOpName[] = ['audit.export', 'audit.exportRootCert', 'audit.verify']
  return Object.fromEntries(names.map((n) => [n, notYet(n)])) as unknown as Pick<Api, AuditOpName>
}
