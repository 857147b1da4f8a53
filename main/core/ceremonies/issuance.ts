// The issuance ceremony: split into a new set assigned to custodians, record each hand-over
// and the scan-back of every printed sheet, then activate the set (retiring the one before).
import { normalizeSetId } from '../../../shared/set-id'
import type { CredentialBundle } from '../../../shared/bundle'
import { CustosError } from '../../../shared/errors'
import type { EventOf, VaultEvent } from '../../../shared/events'
import type { SetHeader } from '../../../shared/share-format'
import { setIssuedEvent } from '../logbook'
import type { ScanBackReport } from '../sheets/scan-back'
import { splitBundle } from '../shares/split'
import { record, recordWith, stateOf, type CeremonyContext } from './ceremony-context'
import type { MethodRecord, SetCustody } from './ceremony-state'
import { autoAssign, checkAssignment, type SheetAssignment } from './assignment'
import { requireCustodian } from './custodians'
import { requireMethod } from './methods'

export interface IssuanceRequest {
  methodId: string
  bundle: CredentialBundle
  /** Who holds which sheet; by default the active custodians in roster order. */
  assignments?: SheetAssignment[]
  label?: string
  /** The bundle is an AWS access key made by rotation: its key id goes into set.issued (never the secret). */
  awsAccessKeyId?: string
}

export interface IssuedSheet extends SheetAssignment {
  custodianName: string
  payload: string
}

export interface IssuanceResult {
  header: SetHeader
  sheets: IssuedSheet[]
}

/** A split that is ready to be recorded: nothing of it is in the log yet, so nothing of it may leave memory. */
export interface PreparedIssuance extends IssuanceResult {
  methodId: string
  /** Copies printed of each share (the method's policy). */
  copies: number
  /** set.issued and sheets.assigned, appended together by commitIssuance. */
  events: [EventOf<'set.issued'>, EventOf<'sheets.assigned'>]
}

/**
 * Validates the request against the log (method, no set already pending, custodians and
 * assignment) and splits the bundle. Records nothing: the caller renders or delivers the
 * sheets, then calls commitIssuance; if anything fails in between, no set ever existed.
 */
export function prepareIssuance(ctx: CeremonyContext, request: IssuanceRequest): PreparedIssuance {
  const { method, assignments } = checkIssuance(ctx, request)
  if (request.awsAccessKeyId !== undefined) {
    if (request.bundle.kind !== 'aws-access-key' || request.bundle.accessKeyId !== request.awsAccessKeyId) {
      throw new CustosError(
        'INPUT_INVALID',
        `The set is to hold AWS key ${request.awsAccessKeyId}, but the credential given is not that key. Give the bundle of ${request.awsAccessKeyId}.`,
      )
    }
  }
  const { threshold, total, copies } = method.policy
  const state = stateOf(ctx)
  // Every copy is its own signed sheet (format 2), so a scanned or presented sheet names its custodian.
  const split = splitBundle({ bundle: request.bundle, threshold, total, label: request.label, copies }, ctx.key)
  const sheetPayload = (index: number, copy: number) =>
    split.sheets.find((s) => s.index === index && s.copy === copy)?.payload ?? split.payloads[index - 1]!
  const { setId } = split.header
  const issuedEvent: EventOf<'set.issued'> = {
    ...setIssuedEvent(split.header, split.payloads, method.methodId),
    ...(request.awsAccessKeyId ? { awsAccessKeyId: request.awsAccessKeyId } : {}),
  }
  return {
    methodId: method.methodId,
    copies,
    header: split.header,
    sheets: assignments
      .slice()
      .sort((a, b) => a.index - b.index || a.copy - b.copy)
      .map((a) => ({ ...a, custodianName: state.custodians[a.custodianId]!.name, payload: sheetPayload(a.index, a.copy) })),
    events: [
      issuedEvent,
      {
        type: 'sheets.assigned',
        setId,
        methodId: method.methodId,
        copies,
        sheets: assignments.map(({ index, copy, custodianId }) => ({ index, copy, custodianId })),
      },
    ],
  }
}

/**
 * What issuance needs from the log, checked without a credential: the method exists and has
 * no set pending, and the sheets can be assigned to active custodians under its policy.
 * (AWS rotation runs this before it creates a key that would otherwise have nowhere to go.)
 */
export function checkIssuance(
  ctx: CeremonyContext,
  request: Pick<IssuanceRequest, 'methodId' | 'assignments'>,
): { method: MethodRecord; assignments: SheetAssignment[] } {
  const method = requireMethod(ctx, request.methodId)
  refusePending(method)
  const { threshold, total, copies } = method.policy
  const activeCustodians = Object.values(stateOf(ctx).custodians).filter((c) => !c.retired).map((c) => c.custodianId)
  const assignments = request.assignments ?? autoAssign(total, copies, activeCustodians)
  for (const a of assignments) requireCustodian(ctx, a.custodianId, true)
  checkAssignment(threshold, total, copies, assignments)
  return { method, assignments }
}

/**
 * Records a prepared issuance (set.issued + sheets.assigned, after any `recordBefore` events, in
 * one durable transaction).
 * Checks again that the method has no set pending: another issuance may have been recorded
 * while this one's sheets were being rendered.
 */
export function commitIssuance(ctx: CeremonyContext, prepared: PreparedIssuance, recordBefore: readonly VaultEvent[] = []): IssuanceResult {
  // recordBefore: evidence the set depends on (the offline "create" of an AWS key), in the same transaction.
  // The checks run inside the write transaction: two issuances at once cannot both pass.
  recordWith(ctx, () => {
    refusePending(requireMethod(ctx, prepared.methodId))
    if (stateOf(ctx).custody[prepared.header.setId]) {
      throw new CustosError('ISSUANCE_IN_PROGRESS', `Set ${prepared.header.setId} is already recorded; it cannot be issued twice.`)
    }
    return [...recordBefore, ...prepared.events]
  })
  return { header: prepared.header, sheets: prepared.sheets }
}

/** prepareIssuance and commitIssuance at once, for callers that hand out payloads only after recording. */
export function startIssuance(ctx: CeremonyContext, request: IssuanceRequest): IssuanceResult {
  return commitIssuance(ctx, prepareIssuance(ctx, request))
}

function refusePending(method: { methodId: string; name: string; pendingSetId?: string }): void {
  if (method.pendingSetId) {
    throw new CustosError(
      'ISSUANCE_IN_PROGRESS',
      `Set ${method.pendingSetId} is already being issued for ${method.name}; a method has one active set and one in the making at most. ` +
        `Finish it (scan back, hand over, activate) or abandon it.`,
      { setId: method.pendingSetId, methodId: method.methodId },
    )
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
  let supersedes: string | undefined
  // Checked against the state at the head it appends to: one active set per method, activated once.
  recordWith(ctx, () => {
    supersedes = checkActivation(ctx, setId)
    return [{ type: 'set.activated', setId, methodId: requireSet(ctx, setId).methodId, ...(supersedes ? { supersedes } : {}) }]
  })
  return supersedes ? { supersedes } : {}
}

/** The checks before activation; returns the set it supersedes, if any. */
function checkActivation(ctx: CeremonyContext, setId: string): string | undefined {
  const custody = requireSet(ctx, setId)
  if (custody.status !== 'pending') throw new CustosError('SET_NOT_READY', `Set ${setId} is ${custody.status}, not waiting for activation.`)
  const notHanded = custody.sheets.filter((s) => !s.handedOver)
  if (notHanded.length) {
    throw new CustosError(
      'SET_NOT_READY',
      `Record the hand-over of sheets ${notHanded.map((s) => `${s.index}.${s.copy}`).join(', ')} before activating set ${setId}.`,
    )
  }
  if (!custody.scanVerified) throw new CustosError('SET_NOT_READY', `Scan back every sheet of set ${setId} before activating it.`, { setId, step: 'scan-back' })
  return requireMethod(ctx, custody.methodId).activeSetId
}

export function abandonIssuance(ctx: CeremonyContext, setId: string, note: string): void {
  recordWith(ctx, () => {
    const custody = requireSet(ctx, setId)
    if (custody.status !== 'pending') throw new CustosError('SET_NOT_READY', `Set ${setId} is ${custody.status}; only a set being issued can be abandoned.`)
    return [{ type: 'set.retired', setId, reason: 'abandoned', note }]
  })
}

export function requireSet(ctx: CeremonyContext, setId: string): SetCustody {
  const custody = stateOf(ctx).custody[normalizeSetId(setId)]
  if (!custody) throw new CustosError('SET_NOT_FOUND', `No ceremony set ${setId} in this vault. Check the set id printed on the sheets.`, { setId })
  return custody
}
