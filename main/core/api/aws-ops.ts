// PLACEHOLDER (being written): AWS IAM aftercare operations for the desktop app.
import type { Api } from '../../../shared/api'
import { CustosError } from '../../../shared/errors'
import type { ApiDeps } from './create-api'

export type AwsOpName = 'aws.offlineSteps' | 'aws.recordEvidence' | 'aws.status' | 'aws.revoke' | 'aws.rotate'

const notYet = (name: string) => async (): Promise<never> => {
  throw new CustosError('INTERNAL', `${name} is not built yet.`)
}

export function awsOps(_deps: ApiDeps): Pick<Api, AwsOpName> {
  const names: AwsOpName[] = ['aws.offlineSteps', 'aws.recordEvidence', 'aws.status', 'aws.revoke', 'aws.rotate']
  return Object.fromEntries(names.map((n) => [n, notYet(n)])) as unknown as Pick<Api, AwsOpName>
}
