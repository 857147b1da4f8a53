// Issuance of a rotated key through the issuance ceremony: the new bundle becomes a pending set
// of the method (sheets PDF delivered first, then set.issued naming the key id), to be printed,
// scanned back, handed over and activated before the rotation retires the old key.
import type { VaultEvent } from '../../../shared/events'
import type { SheetAssignment } from '../ceremonies/assignment'
import { stateOf, type CeremonyContext } from '../ceremonies/ceremony-context'
import { issueSheets, type IssuedSheets } from '../ceremonies/issue-sheets'
import { checkIssuance } from '../ceremonies/issuance'
import type { SheetPageSize } from '../sheets/sheet-pdf'
import type { NewKeyIssuer } from './rotate-key'

export interface CeremonyIssuerOptions {
  /** The ceremony services over the same logbook the aftercare writes to. */
  ctx: CeremonyContext
  /** The break-glass method the new set protects; K-of-N and copies come from its policy. */
  methodId: string
  /** Printed on every sheet; by default the label of the method's active set. */
  label?: string
  assignments?: SheetAssignment[]
  pageSize?: SheetPageSize
  emergencyContact?: string
  /** Makes the sheets PDF exist (a file, the app's memory) before the set is recorded. */
  deliver?: (pdf: Buffer) => Promise<void> | void
  /** The caller's own preconditions (e.g. the CLI needs --pdf), checked before any key is created. */
  check?: () => void
  /** Events to record with set.issued in one transaction (the offline path's evidence of creation). */
  recordBefore?: VaultEvent[]
  /** Receives the issued set (sheets with payloads, the PDF) once it is recorded. */
  onIssued?: (issued: IssuedSheets) => void
}

export function ceremonyIssuer(options: CeremonyIssuerOptions): NewKeyIssuer {
  const { ctx, methodId } = options
  return {
    check: () => {
      options.check?.()
      checkIssuance(ctx, { methodId, ...(options.assignments ? { assignments: options.assignments } : {}) })
    },
    issue: async (bundle) => {
      const label = options.label ?? activeSetLabel(ctx, methodId)
      const result = await issueSheets(ctx, {
        methodId,
        bundle,
        awsAccessKeyId: bundle.accessKeyId,
        ...(label ? { label } : {}),
        ...(options.assignments ? { assignments: options.assignments } : {}),
        ...(options.pageSize ? { pageSize: options.pageSize } : {}),
        ...(options.emergencyContact ? { emergencyContact: options.emergencyContact } : {}),
        ...(options.deliver ? { deliver: options.deliver } : {}),
        ...(options.recordBefore ? { recordBefore: options.recordBefore } : {}),
      })
      options.onIssued?.(result)
      return { setId: result.issued.header.setId }
    },
  }
}

function activeSetLabel(ctx: CeremonyContext, methodId: string): string | undefined {
  const state = stateOf(ctx)
  const active = state.methods[methodId]?.activeSetId
  return active ? state.sets[active]?.label || undefined : undefined
}
