// Seeds a real vault through the ceremony services, the way an issuance and an incident
// would: a method, custodians, a set printed, scanned back (real PDF pages through poppler
// and the QR decoder), handed over and activated, then a release granted by a quorum.
// The standard vault (one AWS method, three custodians) is what most e2e files start from.
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Api } from '../../shared/api'
import type { AwsAccessKeyBundle, CredentialBundle } from '../../shared/bundle'
import type { Clock } from '../../main/core/clock'
import { openCeremonyContext, stateOf, type CeremonyContext } from '../../main/core/ceremonies/ceremony-context'
import { addCustodian } from '../../main/core/ceremonies/custodians'
import { defineMethod, type MethodInput } from '../../main/core/ceremonies/methods'
import { activateSet, recordHandover, recordScanBack, startIssuance } from '../../main/core/ceremonies/issuance'
import { grantRelease, requestRelease } from '../../main/core/ceremonies/release'
import { renderSheetsPdf } from '../../main/core/sheets/sheet-pdf'
import { verifyScannedSheets } from '../../main/core/sheets/scan-back'
import { apiCaller } from './api-call'
import { releaseRequest } from './release-request'
import { renderPdfPages } from './sheet-images'

export const SEED_ACTOR = 'Security office'

export const STANDARD_USE_CASE = 'Restore access after an SSO outage'

/** A 2-of-3 method, one copy of each sheet: the AWS production key. */
export const STANDARD_METHOD = {
  methodId: 'aws-prod',
  name: 'AWS production break-glass key',
  scope: 'AWS 123456789012 production',
  ownerTeam: 'Cloud platform',
  useCases: [STANDARD_USE_CASE, 'Repair IAM after a lockout'],
  access: 'AdministratorAccess on the production account',
  policy: { threshold: 2, total: 3, copies: 1 },
} satisfies MethodInput

/** Ids alice-martin, bob-keller, carol-weber: share 1, 2 and 3 of a standard set. */
export const STANDARD_CUSTODIANS = [
  { name: 'Alice Martin', contact: '+41 44 000 00 01', team: 'Operations' },
  { name: 'Bob Keller', contact: '+41 44 000 00 02', team: 'Operations' },
  { name: 'Carol Weber', contact: '+41 44 000 00 03', team: 'Security' },
]

export const EXAMPLE_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

/** The break-glass user's access key, AWS's documentation example unless told otherwise. */
export function awsKeyBundle(secretAccessKey = EXAMPLE_SECRET, accessKeyId = 'AKIAIOSFODNN7EXAMPLE'): AwsAccessKeyBundle {
  return { kind: 'aws-access-key', accessKeyId, secretAccessKey, accountId: '123456789012', userName: 'break-glass' }
}

/**
 * Creates the vault "Payments production" through the API, defines the standard method and
 * custodians, then runs the body's ceremonies (sets, releases) in the same context.
 */
export async function seedStandardVault<T>(
  api: Api,
  dataDir: string,
  clock: Clock,
  body: (ctx: CeremonyContext) => Promise<T> | T,
): Promise<T> {
  await apiCaller(api).must('vault.init', { name: 'Payments production' })
  return withCeremonies(dataDir, clock, (ctx) => {
    seedMethod(ctx, STANDARD_METHOD)
    seedCustodians(ctx, STANDARD_CUSTODIANS)
    return body(ctx)
  })
}

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

/** The sheets the given custodians present, from a set's payloads by custodian. */
export function presentersOf(payloadByCustodian: Map<string, string>, custodianIds: string[]): { custodianId: string; payload: string }[] {
  return custodianIds.map((custodianId) => ({ custodianId, payload: payloadByCustodian.get(custodianId)! }))
}

/**
 * The standard incident: the standard method's set ("Prod break-glass key") issued and
 * active, then, an hour later, released for INC-4711 by Alice and Bob.
 */
export async function seedStandardRelease(
  ctx: CeremonyContext,
  options: { clock: { advance(ms: number): void }; workDir: string },
): Promise<{ setId: string; releaseId: string }> {
  const set = await issueActiveSet(ctx, { methodId: STANDARD_METHOD.methodId, label: 'Prod break-glass key', bundle: awsKeyBundle(), workDir: options.workDir })
  options.clock.advance(3600_000)
  const releaseId = grantSeedRelease(ctx, {
    methodId: STANDARD_METHOD.methodId,
    useCase: STANDARD_USE_CASE,
    ticket: 'INC-4711',
    presenters: presentersOf(set.payloadByCustodian, ['alice-martin', 'bob-keller']),
  })
  return { setId: set.setId, releaseId }
}

/** A complete request and a quorum presenting typed sheets; returns the release id. */
export function grantSeedRelease(
  ctx: CeremonyContext,
  options: { methodId: string; useCase: string; ticket: string; presenters: { custodianId: string; payload: string }[] },
): string {
  const release = requestRelease(ctx, releaseRequest({ methodId: options.methodId, useCase: options.useCase, incidentTicket: options.ticket }))
  grantRelease(
    ctx,
    release.releaseId,
    options.presenters.map((p) => ({ custodianId: p.custodianId, input: { source: `typed sheet of ${p.custodianId}`, payload: p.payload } })),
  )
  return release.releaseId
}
