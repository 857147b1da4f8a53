// The issuance ceremony: split into a new set assigned to custodians, record each hand-over
// and the scan-back of every printed sheet, then activate the set (retiring the one before).
import type { CredentialBundle } from '../../../shared/bundle'
import { CustosError } from '../../../shared/errors'
import type { SetHeader } from '../../../shared/share-format'
import { setIssuedEvent } from '../logbook'
import type { ScanBackReport } from '../sheets/scan-back'
import { splitBundle } from '../shares/split'
import { record, stateOf, type CeremonyContext } from './ceremony-context'
import type { SetCustody } from './ceremony-state'
import { autoAssign, checkAssignment, type SheetAssignment } from './assignment'
import { requireCustodian } from './custodians'
import { requireMethod } from './methods'

export interface IssuanceRequest {
  methodId: string
  bundle: CredentialBundle
  /** Who holds which sheet; by default the active custodians in roster order. */
  assignments?: SheetAssignment[]
  label?: string
}

export interface IssuedSheet extends SheetAssignment {
  custodianName: string
  payload: string
}

export interface IssuanceResult {
  header: SetHeader
  sheets: IssuedSheet[]
}

export function startIssuance(ctx: CeremonyContext, request: IssuanceRequest): IssuanceResult {
  const method = requireMethod(ctx, request.methodId)
  if (method.pendingSetId) {
    throw new CustosError(
      'ISSUANCE_IN_PROGRESS',
      `Set ${method.pendingSetId} is already being issued for ${method.name}; a method has one active set and one in the making at most. ` +
        `Finish it (custos ceremony activate --set ${method.pendingSetId}) or abandon it (custos ceremony abandon --set ${method.pendingSetId}).`,
      { setId: method.pendingSetId },
    )
  }
  const { threshold, total, copies } = method.policy
  const state = stateOf(ctx)
  const activeCustodians = Object.values(state.custodians).filter((c) => !c.retired).map((c) => c.custodianId)
  const assignments = request.assignments ?? autoAssign(total, copies, activeCustodians)
  for (const a of assignments) requireCustodian(ctx, a.custodianId, true)
  checkAssignment(threshold, total, copies, assignments)

  const split = splitBundle({ bundle: request.bundle, threshold, total, label: request.label }, ctx.key)
  const { setId } = split.header
  // Durable before any payload leaves this function: a set nobody recorded must not exist.
  record(ctx, setIssuedEvent(split.header, split.payloads, method.methodId), {
    type: 'sheets.assigned',
    setId,
    methodId: method.methodId,
    copies,
    sheets: assignments.map(({ index, copy, custodianId }) => ({ index, copy, custodianId })),
  })
  return {
    header: split.header,
    sheets: assignments
      .slice()
      .sort((a, b) => a.index - b.index || a.copy - b.copy)
      .map((a) => ({ ...a, custodianName: state.custodians[a.custodianId]!.name, payload: split.payloads[a.index - 1]! })),
  }
}

export function recordHandover(ctx: CeremonyContext, input: { setId: string; index: number; copy: number; custodianId: string; bagSerial: string }): void {
  const custody = requireSet(ctx, input.setId)
  const sheet = custody.sheets.find((s) => s.index === input.index && s.copy === input.copy)
  if (!sheet) throw new CustosError('SHEET_NOT_FOUND', `Set ${input.setId} has no sheet ${input.index}.${input.copy}.`)
  if (sheet.custodianId !== input.custodianId) {
    throw new CustosError(
      'ASSIGNMENT_INVALID',
      `Sheet ${input.index}.${input.copy} is assigned to ${sheet.custodianId}, not ${input.custodianId}. Hand it to ${sheet.custodianId}.`,
    )
  }
  if (!input.bagSerial.trim()) throw new CustosError('INPUT_INVALID', 'Give the tamper-evident bag serial printed on the bag.')
  record(ctx, { type: 'sheet.handed-over', ...input, bagSerial: input.bagSerial.trim() })
}

/**
 * Records what scan-back established (main/core/sheets/scan-back.ts checks every image:
 * readable, of this set, signed, every copy seen, the set recombines). Refuses a report
 * that is not clean, so an unverified set can never be activated.
 */
export function recordScanBack(ctx: CeremonyContext, report: ScanBackReport): void {
  const custody = requireSet(ctx, report.setId)
  const short = report.seen.filter((s) => s.copies < custody.copies)
  if (!report.ok || !report.recombines || report.missingIndexes.length > 0 || short.length > 0) {
    const problems = [...report.problems, ...short.map((s) => `share ${s.index}: ${s.copies} of ${custody.copies} copies seen`)]
    throw new CustosError(
      'SET_NOT_READY',
      `Scan-back of set ${report.setId} did not pass: ${problems.join(' ') || 'not every sheet was verified.'} Fix this and scan again.`,
      { problems },
    )
  }
  record(ctx, {
    type: 'set.scan-verified',
    setId: report.setId,
    seen: report.seen.map((s) => ({ index: s.index, sheets: s.copies })),
    recombined: true,
  })
}

export function activateSet(ctx: CeremonyContext, setId: string): { supersedes?: string } {
  const custody = requireSet(ctx, setId)
  if (custody.status !== 'pending') throw new CustosError('SET_NOT_READY', `Set ${setId} is ${custody.status}, not waiting for activation.`)
  const notHanded = custody.sheets.filter((s) => !s.handedOver)
  if (notHanded.length) {
    throw new CustosError(
      'SET_NOT_READY',
      `Record the hand-over of sheets ${notHanded.map((s) => `${s.index}.${s.copy}`).join(', ')} before activating set ${setId}.`,
    )
  }
  if (!custody.scanVerified) throw new CustosError('SET_NOT_READY', `Scan back every sheet of set ${setId} before activating it (custos ceremony verify).`)
  const method = requireMethod(ctx, custody.methodId)
  const supersedes = method.activeSetId
  record(ctx, { type: 'set.activated', setId, methodId: method.methodId, ...(supersedes ? { supersedes } : {}) })
  return supersedes ? { supersedes } : {}
}

export function abandonIssuance(ctx: CeremonyContext, setId: string, note: string): void {
  const custody = requireSet(ctx, setId)
  if (custody.status !== 'pending') throw new CustosError('SET_NOT_READY', `Set ${setId} is ${custody.status}; only a set being issued can be abandoned.`)
  record(ctx, { type: 'set.retired', setId, reason: 'abandoned', note })
}

export function requireSet(ctx: CeremonyContext, setId: string): SetCustody {
  const custody = stateOf(ctx).custody[setId.toUpperCase()]
  if (!custody) throw new CustosError('SET_NOT_FOUND', `No ceremony set ${setId} in this vault. See "custos method list".`, { setId })
  return custody
}
