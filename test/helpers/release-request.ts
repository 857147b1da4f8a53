// A complete release request, as the operator files it during an incident (SSO down, payments
// failing); a test names the method and use case and overrides only what it is about.
import type { ReleaseRequestInput } from '../../main/core/ceremonies/release'

export function releaseRequest(over: Pick<ReleaseRequestInput, 'methodId' | 'useCase'> & Partial<ReleaseRequestInput>): ReleaseRequestInput {
  return {
    incidentTicket: 'INC-4711',
    justification: 'SSO provider down, payments failing',
    businessRisk: 'Card payments halted in the EU',
    whyNotNormalAccess: 'All human access goes through the failed SSO',
    requester: { name: 'Ann Ops', team: 'SRE', area: 'Payments' },
    resourceOwner: { team: 'Cloud platform', contacts: 'cloud-oncall@example.com' },
    operator: 'Olivia Operator',
    ...over,
  }
}
