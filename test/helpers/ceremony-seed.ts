// Seeds a real vault through the ceremony services, the way an issuance and an incident
// would: a method, custodians, a set printed, scanned back (real PDF pages through poppler
// and the QR decoder), handed over and activated, then a release granted by a quorum.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CredentialBundle } from '../../shared/bundle'
import type { Clock } from '../../main/core/clock'
import { openCeremonyContext, stateOf, type CeremonyContext } from '../../main/core/ceremonies/ceremony-context'
import { addCustodian } from '../../main/core/ceremonies/custodians'
import { defineMethod, type MethodInput } from '../../main/core/ceremonies/methods'
import { activateSet, recordHandover, recordScanBack, startIssuance } from '../../main/core/ceremonies/issuance'
import { grantRelease, requestRelease } from '../../main/core/ceremonies/release'
import { renderSheetsPdf } from '../../main/core/sheets/sheet-pdf'
import { verifyScannedSheets } from '../../main/core/sheets/scan-back'
import { renderPdfPages } from './sheet-images'

export const SEED_ACTOR = 'Security office'

/** Opens the ceremony services on a vault for the body, then closes the logbook. */
export async function withCeremonies<T>(dataDir: string, clock: Clock, body: (ctx: CeremonyContext) => Promise<T> | T): Promise<T> {
  const ctx = openCeremonyContext(dataDir, clock, SEED_ACTOR)
  try {
    return await body(ctx)
  } finally {
    ctx.close()
  }
}

export function seedMethod(ctx: CeremonyContext, input: MethodInput): string {
  return defineMethod(ctx, input).methodId
}

export function seedCustodians(ctx: CeremonyContext, people: { custodianId?: string; name: string; contact: string; team: string }[]): string[] {
  return people.map((person) => addCustodian(ctx, person).custodianId)
}

/**
 * The whole issuance ceremony for a method: split, print the sheets PDF, render its pages
 * at 100 dpi as a scanner would, verify the scans, record every hand-over, activate.
 * Returns the set id and each sheet's payload by custodian (for presenting at a release).
 */
export async function issueActiveSet(
  ctx: CeremonyContext,
  options: { methodId: string; bundle: CredentialBundle; label?: string; workDir: string },
): Promise<{ setId: string; payloadByCustodian: Map<string, string> }> {
  const issued = startIssuance(ctx, { methodId: options.methodId, bundle: options.bundle, ...(options.label ? { label: options.label } : {}) })
  const setId = issued.header.setId
  const copies = stateOf(ctx).custody[setId]!.copies
  const pdf = await renderSheetsPdf({
    payloads: [...new Set(issued.sheets.map((s) => s.payload))],
    issuedAt: ctx.clock.now(),
    copies,
    custodians: issued.sheets.map((s) => ({ index: s.index, copy: s.copy, name: s.custodianName })),
  })
  mkdirSync(options.workDir, { recursive: true })
  const pdfPath = join(options.workDir, `${setId}.pdf`)
  writeFileSync(pdfPath, pdf)
  const pages = renderPdfPages(pdfPath, options.workDir, setId)
  const report = await verifyScannedSheets({
    vault: ctx.key,
    setId,
    copies,
    images: pages.map((page) => ({ source: page, bytes: readFileSync(page) })),
  })
  for (const sheet of issued.sheets) {
    recordHandover(ctx, { setId, index: sheet.index, copy: sheet.copy, custodianId: sheet.custodianId, bagSerial: `TE-${setId}-${sheet.index}${sheet.copy}` })
  }
  recordScanBack(ctx, report)
  activateSet(ctx, setId)
  return { setId, payloadByCustodian: new Map(issued.sheets.map((s) => [s.custodianId, s.payload])) }
}

/** A complete request and a quorum presenting typed sheets; returns the release id. */
export function grantSeedRelease(
  ctx: CeremonyContext,
  options: { methodId: string; useCase: string; ticket: string; presenters: { custodianId: string; payload: string }[] },
): string {
  const release = requestRelease(ctx, {
    methodId: options.methodId,
    incidentTicket: options.ticket,
    justification: 'SSO provider down, payments failing',
    businessRisk: 'Card payments halted in the EU',
    whyNotNormalAccess: 'All human access goes through the failed SSO',
    requester: { name: 'Ann Ops', team: 'SRE', area: 'Payments' },
    resourceOwner: { team: 'Cloud platform', contacts: 'cloud-oncall@example.com' },
    useCase: options.useCase,
    operator: 'Olivia Operator',
  })
  grantRelease(
    ctx,
    release.releaseId,
    options.presenters.map((p) => ({ custodianId: p.custodianId, input: { source: `typed sheet of ${p.custodianId}`, payload: p.payload } })),
  )
  return release.releaseId
}
