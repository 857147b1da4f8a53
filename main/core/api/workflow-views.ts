// The workflow views of the API (shared/workflow-api.ts) built from the folded logbook:
// sets with their sheets and holders, releases, and each presented sheet's check.
// Built field by field so nothing beyond the contract (e.g. presented fingerprints) leaks out.
import type { z } from 'zod'
import { CustosError } from '../../../shared/errors'
import type { IssuanceStarted, PresentationCheck, ReleaseView, SetView, SheetView } from '../../../shared/workflow-api'
import { formatTypedLines } from '../../../shared/typed-groups'
import type { At, ReleaseRecord, SheetRecord } from '../ceremonies/ceremony-state'
import type { IssuedSheets } from '../ceremonies/issue-sheets'
import type { PresentationOutcome } from '../ceremonies/quorum'
import type { VaultState } from '../logbook'

type AtView = { seq: number; time: string; actor: string }

const at = (a: At): AtView => ({ seq: a.seq, time: a.time, actor: a.actor })

export function sheetView(state: VaultState, sheet: SheetRecord): z.infer<typeof SheetView> {
  return {
    index: sheet.index,
    copy: sheet.copy,
    custodianId: sheet.custodianId,
    custodianName: state.custodians[sheet.custodianId]?.name ?? sheet.custodianId,
    ...(sheet.bagSerial !== undefined ? { bagSerial: sheet.bagSerial } : {}),
    ...(sheet.handedOver ? { handedOver: at(sheet.handedOver) } : {}),
    ...(sheet.lastVerified ? { lastVerified: sheet.lastVerified } : {}),
    ...(sheet.lost ? { lost: at(sheet.lost) } : {}),
    ...(sheet.destroyed ? { destroyed: at(sheet.destroyed) } : {}),
  }
}

export function setView(state: VaultState, setId: string): z.infer<typeof SetView> {
  const custody = state.custody[setId]
  const issued = state.sets[setId]
  if (!custody || !issued) {
    throw new CustosError('SET_NOT_FOUND', `No ceremony set ${setId} in this vault. Check the set id printed on the sheets.`, { setId })
  }
  return {
    setId,
    methodId: custody.methodId,
    status: custody.status,
    threshold: issued.threshold,
    total: issued.total,
    copies: custody.copies,
    label: issued.label,
    issued: at(issued.issued),
    ...(custody.scanVerified ? { scanVerified: at(custody.scanVerified) } : {}),
    ...(custody.activated ? { activated: at(custody.activated) } : {}),
    ...(custody.retired ? { retired: { ...at(custody.retired), reason: custody.retired.reason } } : {}),
    ...(issued.awsAccessKeyId ? { awsAccessKeyId: issued.awsAccessKeyId } : {}),
    sheets: custody.sheets
      .slice()
      .sort((a, b) => a.index - b.index || a.copy - b.copy)
      .map((s) => sheetView(state, s)),
  }
}

/** Sets issued through a ceremony, newest first. */
export function setViews(state: VaultState, methodId?: string): z.infer<typeof SetView>[] {
  return Object.entries(state.custody)
    .filter(([setId, c]) => (methodId === undefined || c.methodId === methodId) && state.sets[setId])
    .map(([setId]) => setView(state, setId))
    .sort((a, b) => b.issued.seq - a.issued.seq)
}

export function releaseView(release: ReleaseRecord): z.infer<typeof ReleaseView> {
  const { granted, revoked, rotated, review, withdrawn, verified } = release
  return {
    releaseId: release.releaseId,
    methodId: release.methodId,
    incidentTicket: release.incidentTicket,
    justification: release.justification,
    businessRisk: release.businessRisk,
    whyNotNormalAccess: release.whyNotNormalAccess,
    requester: { name: release.requester.name, team: release.requester.team, area: release.requester.area },
    resourceOwner: { team: release.resourceOwner.team, contacts: release.resourceOwner.contacts },
    useCase: release.useCase,
    operator: release.operator,
    ...(release.checklist ? { checklist: { ...release.checklist } } : {}),
    ...(release.verification ? { verification: release.verification } : {}),
    requested: at(release.requested),
    failedAttempts: release.failedAttempts,
    ...(withdrawn ? { withdrawn: { ...at(withdrawn), reason: withdrawn.reason } } : {}),
    ...(verified ? { verified: { ...at(verified), verification: verified.verification } } : {}),
    ...(granted
      ? {
          granted: {
            ...at(granted),
            setId: granted.setId,
            ...(granted.accessKeyId ? { accessKeyId: granted.accessKeyId } : {}),
            ...(granted.awsUserName ? { awsUserName: granted.awsUserName } : {}),
            revokeBy: granted.revokeBy,
            rotateBy: granted.rotateBy,
            reviewBy: granted.reviewBy,
          },
        }
      : {}),
    ...(revoked ? { revoked: { ...at(revoked), evidence: revoked.evidence } } : {}),
    ...(rotated ? { rotated: { ...at(rotated), evidence: rotated.evidence } } : {}),
    ...(review ? { reviewed: { ...at(review), reviewer: review.reviewer } } : {}),
  }
}

export function requireReleaseView(state: VaultState, releaseId: string): z.infer<typeof ReleaseView> {
  const release = state.releases[releaseId]
  if (!release) throw new CustosError('RELEASE_NOT_FOUND', `There is no release "${releaseId}". Pick one from the list of releases.`, { releaseId })
  return releaseView(release)
}

export function presentationCheck(outcome: PresentationOutcome): z.infer<typeof PresentationCheck> {
  return {
    source: outcome.source,
    custodianId: outcome.custodianId,
    ok: outcome.ok,
    ...(outcome.index !== undefined ? { index: outcome.index } : {}),
    ...(outcome.copy !== undefined ? { copy: outcome.copy } : {}),
    ...(outcome.sheetHolder ? { sheetHolder: { custodianId: outcome.sheetHolder.custodianId, name: outcome.sheetHolder.name, copy: outcome.sheetHolder.copy } } : {}),
    ...(outcome.setId !== undefined ? { setId: outcome.setId } : {}),
    holders: outcome.holders.map((h) => ({ custodianId: h.custodianId, name: h.name, copy: h.copy })),
    ...(outcome.error ? { error: outcome.error } : {}),
  }
}

/** A set just split (issuance.start, or aws.rotate's new key): its sheets with their typed lines, and the PDF's size. */
export function issuanceStartedView(result: IssuedSheets, methodId: string): z.infer<typeof IssuanceStarted> {
  const { header, sheets } = result.issued
  return {
    setId: header.setId,
    methodId,
    threshold: header.threshold,
    total: header.total,
    copies: result.copies,
    label: header.label,
    sheets: sheets.map((s) => ({
      index: s.index,
      copy: s.copy,
      custodianId: s.custodianId,
      custodianName: s.custodianName,
      payload: s.payload,
      typedLines: formatTypedLines(s.payload),
    })),
    pdfBytes: result.pdf.length,
  }
}
