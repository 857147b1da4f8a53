// Custody of printed sheets after hand-over: bags opened and resealed (a serial that does
// not match the record is logged as an exception), sheets moved, lost or destroyed.
import { normalizeSetId } from '../../../shared/set-id'
import { CustosError } from '../../../shared/errors'
import { record, stateOf, type CeremonyContext } from './ceremony-context'
import type { SheetRecord } from './ceremony-state'
import { checkAssignment } from './assignment'
import { requireCustodian } from './custodians'
import { requireSet } from './issuance'

export interface SheetLocator {
  setId: string
  index: number
  copy: number
}

function requireSheet(ctx: CeremonyContext, ref: SheetLocator): SheetRecord {
  const custody = requireSet(ctx, ref.setId)
  const sheet = custody.sheets.find((s) => s.index === ref.index && s.copy === ref.copy)
  if (!sheet) throw new CustosError('SHEET_NOT_FOUND', `Set ${ref.setId} has no sheet ${ref.index}.${ref.copy}.`)
  if (sheet.destroyed) throw new CustosError('SHEET_NOT_FOUND', `Sheet ${ref.index}.${ref.copy} of set ${ref.setId} was destroyed on ${sheet.destroyed.time}.`)
  return sheet
}

const refOf = (ref: SheetLocator) => ({ setId: normalizeSetId(ref.setId), index: ref.index, copy: ref.copy })

/** Records an opened bag; returns true when the serial did not match and an exception was logged. */
export function recordBagOpened(ctx: CeremonyContext, ref: SheetLocator, serial: string, reason: string): boolean {
  const sheet = requireSheet(ctx, ref)
  const mismatch = sheet.bagSerial !== undefined && sheet.bagSerial !== serial.trim()
  record(
    ctx,
    { type: 'sheet.bag-opened', ...refOf(ref), serial: serial.trim(), reason },
    ...(mismatch
      ? [
          {
            type: 'custody.exception' as const,
            kind: 'bag-serial-mismatch' as const,
            setId: sheet.setId,
            index: sheet.index,
            custodianId: sheet.custodianId,
            detail: `Bag of sheet ${sheet.index}.${sheet.copy} had serial ${serial.trim()}, but the log records ${sheet.bagSerial}. The bag may have been replaced.`,
          },
        ]
      : []),
  )
  return mismatch
}

export function recordBagResealed(ctx: CeremonyContext, ref: SheetLocator, newSerial: string): void {
  requireSheet(ctx, ref)
  record(ctx, { type: 'sheet.bag-resealed', ...refOf(ref), newSerial: newSerial.trim() })
}

export function recordSheetMoved(ctx: CeremonyContext, ref: SheetLocator, toCustodianId: string, bagSerial: string): void {
  const sheet = requireSheet(ctx, ref)
  requireCustodian(ctx, toCustodianId, true)
  const custody = stateOf(ctx).custody[sheet.setId]!
  const after = custody.sheets.map((s) => ({ index: s.index, copy: s.copy, custodianId: s === sheet ? toCustodianId : s.custodianId }))
  const policy = stateOf(ctx).methods[custody.methodId]!.policy
  checkAssignment(policy.threshold, policy.total, custody.copies, after)
  record(ctx, { type: 'sheet.moved', ...refOf(ref), fromCustodianId: sheet.custodianId, toCustodianId, bagSerial: bagSerial.trim() })
}

export function recordSheetLost(ctx: CeremonyContext, ref: SheetLocator, note: string): void {
  requireSheet(ctx, ref)
  record(ctx, { type: 'sheet.lost', ...refOf(ref), note })
}

export function recordSheetDestroyed(ctx: CeremonyContext, ref: SheetLocator, witness: string): void {
  requireSheet(ctx, ref)
  record(ctx, { type: 'sheet.destroyed', ...refOf(ref), witness })
}
