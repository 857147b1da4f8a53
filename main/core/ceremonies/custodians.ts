// The custodian roster: people who hold sheets. Retiring one who still holds sheets of an
// active set creates the obligation to re-issue (see obligations.ts).
import { CustodianAddedEvent, CustodianRetiredEvent, CustodianUpdatedEvent, RosterReviewedEvent } from '../../../shared/ceremony-events'
import { CustosError } from '../../../shared/errors'
import { record, recordWith, stateOf, validated, type CeremonyContext } from './ceremony-context'
import type { CustodianRecord, SheetRecord } from './ceremony-state'
import { slugId } from './ids'

export interface CustodianInput {
  custodianId?: string
  name: string
  contact: string
  team: string
}

export function addCustodian(ctx: CeremonyContext, input: CustodianInput): CustodianRecord {
  const custodianId = input.custodianId ?? slugId(input.name ?? '')
  const event = validated(CustodianAddedEvent, { type: 'custodian.added', ...input, custodianId }, 'custodian')
  // Checked inside the write transaction: two adds of one id at once give one custodian.
  recordWith(ctx, (state) => {
    if (state.custodians[custodianId]) {
      throw new CustosError('CUSTODIAN_EXISTS', `A custodian with id "${custodianId}" already exists. Give this custodian a different id.`, { custodianId })
    }
    return [event]
  })
  return stateOf(ctx).custodians[custodianId]!
}

export function updateCustodian(ctx: CeremonyContext, custodianId: string, changes: Partial<Omit<CustodianInput, 'custodianId'>>): CustodianRecord {
  const event = validated(CustodianUpdatedEvent, { type: 'custodian.updated', custodianId, ...changes }, 'custodian change')
  recordWith(ctx, () => {
    requireCustodian(ctx, custodianId)
    return [event]
  })
  return stateOf(ctx).custodians[custodianId]!
}

/** Retires a custodian; returns the live sheets they still hold, which must be re-issued. */
export function retireCustodian(ctx: CeremonyContext, custodianId: string, reason: string): SheetRecord[] {
  recordWith(ctx, () => {
    const custodian = requireCustodian(ctx, custodianId)
    if (custodian.retired) {
      throw new CustosError('CUSTODIAN_NOT_FOUND', `${custodian.name} was already retired on ${custodian.retired.time}.`, { custodianId })
    }
    return [validated(CustodianRetiredEvent, { type: 'custodian.retired', custodianId, reason }, 'retirement')]
  })
  return sheetsHeldBy(ctx, custodianId)
}

export function reviewRoster(ctx: CeremonyContext, reviewer: string, note?: string): void {
  record(ctx, validated(RosterReviewedEvent, { type: 'roster.reviewed', reviewer, ...(note ? { note } : {}) }, 'roster review'))
}

export function sheetsHeldBy(ctx: CeremonyContext, custodianId: string): SheetRecord[] {
  return Object.values(stateOf(ctx).custody)
    .filter((c) => c.status !== 'retired')
    .flatMap((c) => c.sheets)
    .filter((s) => s.custodianId === custodianId && !s.lost && !s.destroyed)
}

export function requireCustodian(ctx: CeremonyContext, custodianId: string, activeOnly = false): CustodianRecord {
  const custodian = stateOf(ctx).custodians[custodianId]
  if (!custodian) {
    throw new CustosError('CUSTODIAN_NOT_FOUND', `There is no custodian "${custodianId}". Check the id in the roster.`, { custodianId })
  }
  if (activeOnly && custodian.retired) {
    throw new CustosError('CUSTODIAN_NOT_FOUND', `${custodian.name} was retired on ${custodian.retired.time} and cannot take part.`, { custodianId })
  }
  return custodian
}
