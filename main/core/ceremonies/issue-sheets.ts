// Issuance with its printable sheets: prepare the split, render the sheets PDF, let the caller
// deliver it (write the file, keep it in memory), and only then record the set in the logbook.
import type { VaultEvent } from '../../../shared/events'
import { prepareIssuance, commitIssuance, type IssuanceRequest, type IssuanceResult } from './issuance'
import { stateOf, type CeremonyContext } from './ceremony-context'
import { renderSheetsPdf, type SheetPageSize } from '../sheets/sheet-pdf'

export interface IssueSheetsRequest extends IssuanceRequest {
  pageSize?: SheetPageSize
  /** Whom a custodian calls in an emergency, printed on every sheet. */
  emergencyContact?: string
  /**
   * Makes the PDF exist where the person will find it (the CLI writes the file) and resolves
   * once it does. If it throws, nothing is recorded: a recorded set always has its sheets.
   */
  deliver?: (pdf: Buffer) => Promise<void> | void
  /** Events appended in the same transaction just before set.issued (e.g. offline evidence of the key's creation). */
  recordBefore?: VaultEvent[]
  /**
   * Anonymous sheets: no custodian, vault or method name printed; by default they are (issue 18).
   * The set id, and whom to tell of a lost sheet (the method's owner), are printed either way.
   */
  anonymous?: boolean
}

export interface IssuedSheets {
  issued: IssuanceResult
  pdf: Buffer
  /** Copies printed of each share (the method's policy). */
  copies: number
}

export async function issueSheets(ctx: CeremonyContext, request: IssueSheetsRequest): Promise<IssuedSheets> {
  const { pageSize, emergencyContact, deliver, recordBefore, anonymous, ...issuance } = request
  const prepared = prepareIssuance(ctx, issuance)
  const state = stateOf(ctx)
  const method = state.methods[prepared.methodId]
  const pdf = await renderSheetsPdf({
    payloads: [...new Set(prepared.sheets.map((s) => s.payload))],
    issuedAt: ctx.clock.now(),
    pageSize: pageSize ?? 'A4',
    copies: prepared.copies,
    ...(anonymous ? {} : { custodians: prepared.sheets.map((s) => ({ index: s.index, copy: s.copy, name: s.custodianName })) }),
    // The checkpoint of the log as it stands before this set: what custodians can hold us to.
    checkpoint: ctx.log.checkpoint().text,
    ...(emergencyContact ? { emergencyContact } : {}),
    // Which vault and method the sheet belongs to, for a custodian holding bags of several (issue 18).
    ...(anonymous ? {} : { vaultName: state.vault?.name, methodName: method?.name }),
    // Whom the custody record tells a custodian to call about a lost or tampered sheet.
    ...(method ? { owner: method.ownerTeam } : {}),
    ...(method?.ownerContacts?.trim() ? { ownerContact: method.ownerContacts.trim() } : {}),
  })
  await deliver?.(pdf)
  const issued = commitIssuance(ctx, prepared, recordBefore)
  return { issued, pdf, copies: prepared.copies }
}
