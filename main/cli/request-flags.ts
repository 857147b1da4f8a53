// The flags of a release request, shared by `release request` (in the vault) and `recover`
// (without it): both record the same fields, so they are declared and read in one place.
import type { Command } from 'commander'
import type { RecoveryRequestFields } from '../../shared/receipt'

export interface RequestFlags {
  ticket?: string
  justification?: string
  risk?: string
  whyNotNormal?: string
  requesterName?: string
  requesterTeam?: string
  requesterArea?: string
  ownerTeam?: string
  ownerContacts?: string
  useCase?: string
  operator?: string
}

/** Adds the request's flags to `command`; `useCaseHelp` differs: a vault method names its permitted use cases. */
export function withRequestFlags(command: Command, useCaseHelp: string): Command {
  return command
    .option('--ticket <id>', 'incident ticket')
    .option('--justification <text>', 'why the credential is needed')
    .option('--risk <text>', 'business risk and impact')
    .option('--why-not-normal <text>', 'why normal access cannot be used')
    .option('--requester-name <name>')
    .option('--requester-team <team>')
    .option('--requester-area <area>')
    .option('--owner-team <team>', 'team owning the resource')
    .option('--owner-contacts <text>', 'how to reach the resource owner')
    .option('--use-case <text>', useCaseHelp)
    .option('--operator <name>', 'the one person who receives the credential')
}

/** The request as the operations take it; a flag not given is empty, for the operation to name as missing. */
export function requestFields(o: RequestFlags): RecoveryRequestFields {
  return {
    incidentTicket: o.ticket ?? '',
    justification: o.justification ?? '',
    businessRisk: o.risk ?? '',
    whyNotNormalAccess: o.whyNotNormal ?? '',
    requester: { name: o.requesterName ?? '', team: o.requesterTeam ?? '', area: o.requesterArea ?? '' },
    resourceOwner: { team: o.ownerTeam ?? '', contacts: o.ownerContacts ?? '' },
    useCase: o.useCase ?? '',
  }
}
