// Schemas of the guided workflows in the API contract (shared/api.ts): the issuance
// ceremony, break glass, drills, aftercare and audit, as the desktop app drives them.
import { z } from 'zod'
import { CredentialBundle } from './bundle'
import { ErrorInfoSchema } from './error-info'

const At = z.object({ seq: z.number(), time: z.string(), actor: z.string() })
const SheetRef = z.object({ index: z.number().int().min(1).max(16), copy: z.number().int().min(1).max(9) })
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

export const HandoverInput = SheetRef.extend({ setId: z.string(), custodianId: z.string(), bagSerial: z.string() })

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
  /** Every sheet presented so far, in order; the last one is the one to give feedback on. */
  presentations: z.array(Presentation).max(64),
})

export const PresentationCheck = z.object({
  source: z.string(),
  custodianId: z.string(),
  ok: z.boolean(),
  index: z.number().optional(),
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
})

export const ReleaseRequestInput = z.object({
  methodId: z.string(),
  incidentTicket: z.string(),
  justification: z.string(),
  businessRisk: z.string(),
  whyNotNormalAccess: z.string(),
  requester: z.object({ name: z.string(), team: z.string(), area: z.string() }),
  resourceOwner: z.object({ team: z.string(), contacts: z.string() }),
  useCase: z.string(),
  operator: z.string(),
})

export const ReleaseView = ReleaseRequestInput.extend({
  releaseId: z.string(),
  requested: At,
  failedAttempts: z.number(),
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
})

export const ImportedImage = z.object({
  source: z.string(),
  payloads: z.array(z.string()),
  error: ErrorInfoSchema.optional(),
})

// ---- aftercare ----------------------------------------------------------------------------------

export const EvidenceInput = z.object({ releaseId: z.string(), evidence: z.string() })

export const SheetDestroyedInput = SheetRef.extend({ setId: z.string(), witness: z.string() })

export const ReviewInput = z.object({
  releaseId: z.string(),
  reviewer: z.string(),
  justified: z.boolean(),
  alternativesConsidered: z.boolean(),
  revokedAndRotated: z.boolean(),
  allActionsLogged: z.boolean(),
  wentWell: z.string(),
  toImprove: z.string(),
  actionItems: z.array(z.string()),
})

export const ClipboardInput = z.object({
  text: z.string().min(1).max(10_000),
  /** Cleared after this long if the clipboard still holds the text; 30 s unless said otherwise. */
  clearAfterMs: z.number().int().min(1000).max(600_000).optional(),
})

// ---- audit --------------------------------------------------------------------------------------

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
})
