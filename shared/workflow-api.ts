// Schemas of the guided workflows in the API contract (shared/api.ts): the issuance
// ceremony, break glass, drills, aftercare and audit, as the desktop app drives them.
import { z } from 'zod'
import { CredentialBundle } from './bundle'
import { ErrorInfoSchema } from './error-info'
import { MAX_SHARES } from './share-format'

const At = z.object({ seq: z.number(), time: z.string(), actor: z.string() })
const SheetRef = z.object({ index: z.number().int().min(1).max(MAX_SHARES), copy: z.number().int().min(1).max(9) })
/** One sheet's text as read from a camera frame, an image or typed entry. */
const Payload = z.string().min(1).max(4000)
const Source = z.string().min(1).max(200)

// ---- issuance ceremony ------------------------------------------------------------------------

export const IssuanceStartInput = z.object({
  methodId: z.string(),
  bundle: CredentialBundle,
  /** Who holds which sheet; by default the active custodians in roster order. */
  assignments: z.array(SheetRef.extend({ custodianId: z.string() })).optional(),
  label: z.string().max(64).optional(),
  pageSize: z.enum(['A4', 'LETTER']).optional(),
  /** Whom to call in an emergency, printed on every sheet. */
  emergencyContact: z.string().max(120).optional(),
  /** Anonymous sheets: no custodian, vault or method name printed (the set id and the owner's contact stay). */
  anonymous: z.boolean().optional(),
})

export const IssuedSheetView = SheetRef.extend({
  custodianId: z.string(),
  custodianName: z.string(),
  /** The share text on this sheet (for the on-screen preview; the same for every copy). */
  payload: z.string(),
  /** The typed fallback lines printed under the QR code. */
  typedLines: z.array(z.string()),
})

/** A set just issued: the sheets PDF is kept in memory (never on disk) until saved or printed. */
export const IssuanceStarted = z.object({
  setId: z.string(),
  methodId: z.string(),
  threshold: z.number(),
  total: z.number(),
  copies: z.number(),
  label: z.string(),
  sheets: z.array(IssuedSheetView),
  pdfBytes: z.number(),
})

export const SetRef = z.object({ setId: z.string() })

export const SavedFile = z.object({
  /** False when the person cancelled the dialog (nothing was written). */
  saved: z.boolean(),
  path: z.string().optional(),
  sha256: z.string().optional(),
})

export const ScannedSheetInput = SheetRef.extend({ source: Source, payload: Payload })

export const ScanBackInput = z.object({ setId: z.string(), sheets: z.array(ScannedSheetInput).min(1).max(200) })

export const ScanBackResult = z.object({
  setId: z.string(),
  /** True when every sheet was read, belongs to the set, sits where it was declared, and the set recombines; then it is logged. */
  ok: z.boolean(),
  sheets: z.array(SheetRef.extend({ source: z.string(), ok: z.boolean(), error: ErrorInfoSchema.optional() })),
  problems: z.array(z.string()),
})

export const HandoverInput = SheetRef.extend({ setId: z.string().max(40), custodianId: z.string().max(63), bagSerial: z.string().max(60) })

export const SheetView = SheetRef.extend({
  custodianId: z.string(),
  custodianName: z.string(),
  bagSerial: z.string().optional(),
  handedOver: At.optional(),
  lastVerified: z.string().optional(),
  lost: At.optional(),
  destroyed: At.optional(),
})

export const SetView = z.object({
  setId: z.string(),
  methodId: z.string(),
  status: z.enum(['pending', 'active', 'retired']),
  threshold: z.number(),
  total: z.number(),
  copies: z.number(),
  label: z.string(),
  issued: At,
  scanVerified: At.optional(),
  activated: At.optional(),
  retired: At.extend({ reason: z.string() }).optional(),
  /** The AWS access key this set holds, when the log names it (rotation). */
  awsAccessKeyId: z.string().optional(),
  sheets: z.array(SheetView),
})

// ---- quorum: break glass and drills -----------------------------------------------------------

export const Presentation = z.object({
  /** Who holds the sheet up; the backend checks the log says they hold it. */
  custodianId: z.string(),
  source: Source,
  payload: Payload,
})

export const QuorumCheckInput = z.object({
  methodId: z.string(),
  /** The release the quorum is for: its operator rule is applied too, so "ready" means a grant would pass. */
  releaseId: z.string().optional(),
  /** Every sheet presented so far, in order; the last one is the one to give feedback on. */
  presentations: z.array(Presentation).max(64),
})

export const PresentationCheck = z.object({
  source: z.string(),
  custodianId: z.string(),
  ok: z.boolean(),
  index: z.number().optional(),
  /** Format 2 sheets: the copy number the sheet carries (signed; docs/FORMAT.md 2.3). */
  copy: z.number().optional(),
  /** Format 2 sheets: who holds this very sheet (share and copy), named from the sheet itself. */
  sheetHolder: z.object({ custodianId: z.string(), name: z.string(), copy: z.number() }).optional(),
  setId: z.string().optional(),
  /** Who the log says holds this share (so the UI can offer the right presenter). */
  holders: z.array(z.object({ custodianId: z.string(), name: z.string(), copy: z.number() })),
  /** Why it cannot count: SHARE_NOT_ACTIVE_SET, SHARE_FROM_RETIRED_SET, DUPLICATE_SHARE, a damaged sheet's code... */
  error: ErrorInfoSchema.optional(),
})

/** Live feedback for the quorum screen; nothing is logged (the grant or drill logs what was presented). */
export const QuorumCheck = z.object({
  methodId: z.string(),
  setId: z.string(),
  threshold: z.number(),
  total: z.number(),
  checks: z.array(PresentationCheck),
  /** Distinct valid shares presented by their holders. */
  valid: z.number(),
  ready: z.boolean(),
  /** Why enough valid sheets still cannot be used (the release's operator rule), in words. */
  blocked: ErrorInfoSchema.optional(),
})

export const ReleaseRequestInput = z.object({
  methodId: z.string().max(63),
  incidentTicket: z.string().max(120),
  justification: z.string().max(2000),
  businessRisk: z.string().max(2000),
  whyNotNormalAccess: z.string().max(2000),
  requester: z.object({ name: z.string().max(120), team: z.string().max(120), area: z.string().max(120) }),
  resourceOwner: z.object({ team: z.string().max(120), contacts: z.string().max(300) }),
  useCase: z.string().max(200),
  operator: z.string().max(120),
  /** Seed 000's initial checklist, confirmed as one group. */
  checklist: z
    .object({
      resourceOwnerContacted: z.boolean(),
      localTeamInformed: z.boolean(),
      widerTeamInformed: z.boolean(),
      escalatedToServiceOwner: z.boolean(),
    })
    .optional(),
  /** Who verified the request, with whom and how; optional here, completable in aftercare (release.recordVerification). */
  verification: z.string().max(500).optional(),
})

export const ReleaseView = ReleaseRequestInput.extend({
  releaseId: z.string(),
  requested: At,
  failedAttempts: z.number(),
  withdrawn: At.extend({ reason: z.string() }).optional(),
  /** The verification recorded after the request, when it was not given with it. */
  verified: At.extend({ verification: z.string() }).optional(),
  granted: At.extend({
    setId: z.string(),
    accessKeyId: z.string().optional(),
    awsUserName: z.string().optional(),
    revokeBy: z.string(),
    rotateBy: z.string(),
    reviewBy: z.string(),
  }).optional(),
  revoked: At.extend({ evidence: z.string() }).optional(),
  rotated: At.extend({ evidence: z.string() }).optional(),
  reviewed: At.extend({ reviewer: z.string() }).optional(),
})

export const ReleaseWithdrawInput = z.object({ releaseId: z.string(), reason: z.string().max(500) })

export const VerificationInput = z.object({ releaseId: z.string(), verification: z.string().max(500) })

export const ReleaseGrantInput = z.object({ releaseId: z.string(), presentations: z.array(Presentation).min(1).max(64) })

/** The credential, returned only after release.granted is durable in the logbook. */
export const ReleaseGranted = z.object({
  releaseId: z.string(),
  operator: z.string(),
  bundle: CredentialBundle,
  revokeBy: z.string(),
  rotateBy: z.string(),
  reviewBy: z.string(),
  notices: z.array(z.string()),
  /** The current TOTP code of a root login's MFA seed, computed offline at the grant (the app recomputes it live). */
  totp: z.object({ code: z.string(), secondsRemaining: z.number() }).optional(),
  /** Each presented sheet's check, refused ones included (they were set aside and logged). */
  checks: z.array(PresentationCheck).optional(),
  /** A fresh signed checkpoint note of the log after the grant, for the custodians to keep (docs/FORMAT.md 3.6). */
  checkpoint: z.string().optional(),
})

export const DrillRunInput = z.object({ methodId: z.string(), presentations: z.array(Presentation).min(1).max(64), note: z.string().max(1000).optional() })

export const DrillOutcome = z.object({
  drillId: z.string(),
  result: z.enum(['passed', 'failed']),
  setId: z.string(),
  message: z.string(),
  checks: z.array(PresentationCheck),
  /** Each sheet's verification date after the drill (updated for every sheet that counted). */
  sheets: z.array(SheetView),
  /** A fresh signed checkpoint note of the log after the drill, for the custodians to keep (docs/FORMAT.md 3.6). */
  checkpoint: z.string().optional(),
})

export const ImportedImage = z.object({
  source: z.string(),
  payloads: z.array(z.string()),
  error: ErrorInfoSchema.optional(),
  /** The image is a sheet's back page (its custody record, nothing secret): set aside, not an error. */
  custodyRecord: z.object({ setId: z.string(), index: z.number(), copy: z.number() }).optional(),
})

// ---- aftercare ----------------------------------------------------------------------------------

export const EvidenceInput = z.object({ releaseId: z.string().max(63), evidence: z.string().max(2000) })

export const SheetDestroyedInput = SheetRef.extend({ setId: z.string().max(40), witness: z.string().max(120) })

export const ReviewInput = z.object({
  releaseId: z.string(),
  reviewer: z.string().max(120),
  justified: z.boolean(),
  alternativesConsidered: z.boolean(),
  revokedAndRotated: z.boolean(),
  allActionsLogged: z.boolean(),
  wentWell: z.string().max(2000),
  toImprove: z.string().max(2000),
  actionItems: z.array(z.string().max(500)).max(50),
})

export const ClipboardInput = z.object({
  text: z.string().min(1).max(10_000),
  /** Cleared after this long if the clipboard still holds the text; 30 s unless said otherwise. */
  clearAfterMs: z.number().int().min(1000).max(600_000).optional(),
})

// ---- audit --------------------------------------------------------------------------------------

/** What an audit export wrote, with the figures its cover states (for the command line's summary). */
export const AuditExported = SavedFile.extend({
  /** Bundle: the files written into the new folder, SHA256SUMS last. */
  files: z.array(z.string()).optional(),
  bytes: z.number().optional(),
  summary: z
    .object({ periodEntries: z.number(), logEntries: z.number(), headHash: z.string(), signerCertificateSha256: z.string() })
    .optional(),
})

export const AuditExportInput = z.object({
  kind: z.enum(['pdf', 'bundle']),
  /** ISO dates; the whole log when absent. */
  from: z.string().optional(),
  to: z.string().optional(),
})

export const AuditVerifyView = z.object({
  /** False when the person cancelled the dialog. */
  checked: z.boolean(),
  path: z.string().optional(),
  ok: z.boolean(),
  /** One line per check, as `custos audit verify` prints them. */
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })),
  /** When not ok: the first failure as a typed error (AUDIT_SIGNATURE_INVALID, ...). */
  error: ErrorInfoSchema.optional(),
  /** When ok: what was verified (summary of the export, log figures, trust anchors), as `custos audit verify --json` prints it. */
  report: z.record(z.string(), z.unknown()).optional(),
})
