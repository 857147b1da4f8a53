// The one API contract: every operation a front end can ask of the backend, declared once
// with zod schemas for input and output. Electron IPC and the loopback test host are thin
// transports over an object implementing it (main/core createApi); the `custos` CLI is a
// client that maps its flags to these operations through the same dispatch.
import { z } from 'zod'
import { CredentialBundle } from './bundle'
import {
  CustodianAddInput,
  CustodianRetireInput,
  CustodianUpdateInput,
  CustodianView,
  MethodAddInput,
  MethodUpdateInput,
  MethodView,
  ObligationView,
} from './ceremony-api'
import type { ErrorInfo } from './errors'
import { ImportReceiptInput, ImportedReceiptView, RecoverInput, RecoveredView } from './recovery-api'
import { ScriptSaveInput, ScriptStepInput, ScriptStepView } from './script-api'
import {
  AuditExported,
  AuditExportInput,
  AuditVerifyView,
  ClipboardInput,
  DrillOutcome,
  DrillRunInput,
  EvidenceInput,
  HandoverInput,
  ImportedImage,
  IssuanceStartInput,
  IssuanceStarted,
  QuorumCheck,
  QuorumCheckInput,
  ReleaseGrantInput,
  ReleaseGranted,
  ReleaseRequestInput,
  ReleaseView,
  ReleaseWithdrawInput,
  ReviewInput,
  SavedFile,
  ScanBackInput,
  ScanBackResult,
  SetRef,
  SetView,
  SheetDestroyedInput,
  VerificationInput,
} from './workflow-api'
import {
  AwsAlarmInput,
  AwsAlarmView,
  AwsEvidenceInput,
  AwsReconcileInput,
  AwsReconcileView,
  AwsRecordCreatedInput,
  AwsRecordCreatedView,
  AwsRevokeView,
  AwsRotateInput,
  AwsRotateView,
  AwsStatusView,
  ConnectedStepInput,
  OfflineStepsInput,
  OfflineStepsView,
} from './aws-api'
import { LogCheckpointOutput, LogEntriesInput, LogEntriesOutput, LogRememberCheckpointInput, LogRememberCheckpointOutput, LogVerifyInput, LogVerifyOutput } from './log-api'
import { BagOpenedInput, BagOpenedView, ResealedInput, RunbookSaved, SheetLostInput, SheetMovedInput } from './custody-api'
import { SharesCheckInput, SharesCheckOutput, SheetsVerifyInput, SheetsVerifyReport, SplitToFilesInput, SplitToFilesOutput } from './shares-api'

export interface Operation<I extends z.ZodType, O extends z.ZodType> {
  input: I
  output: O
}

function op<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): Operation<I, O> {
  return { input, output }
}

export const SetHeaderView = z.object({
  version: z.number(),
  setId: z.string(),
  threshold: z.number(),
  total: z.number(),
  vaultFingerprint: z.string(),
  label: z.string(),
})

export const VaultStatus = z.object({
  dataDir: z.string(),
  initialized: z.boolean(),
  name: z.string().optional(),
  fingerprint: z.string().optional(),
  createdAt: z.string().optional(),
  /** The computer account Custos runs under: entries recorded without a named person carry it as their actor. */
  account: z.string().optional(),
})

export const ShareInspection = z.object({
  source: z.string(),
  setId: z.string(),
  index: z.number(),
  threshold: z.number(),
  total: z.number(),
  label: z.string(),
  vaultFingerprint: z.string(),
  /** 'valid' only when checked against this vault's key; 'other-vault' when the fingerprint differs. */
  signature: z.enum(['valid', 'invalid', 'other-vault', 'not-checked']),
})

export { ErrorInfoSchema } from './error-info'

export const ShareInputSchema = z.object({
  source: z.string().min(1).max(200),
  payload: z.string().min(1).max(4000),
})

export const api = {
  'vault.status': op(z.object({}), VaultStatus),
  /** First run: creates the vault identity in the data dir (refused with VAULT_EXISTS if there is one). */
  'vault.init': op(
    z.object({
      name: z.string().trim().min(1).max(80),
      /** The person setting the vault up: the logbook names them as who created it (else CUSTOS_ACTOR or the computer account). */
      owner: z.string().trim().min(1).max(120).optional(),
    }),
    VaultStatus,
  ),
  /** Prints what the app window shows now (its print layout) through the desktop port. */
  'app.print': op(z.object({ title: z.string().min(1).max(120) }), z.object({ printed: z.boolean() })),
  'shares.inspect': op(ShareInputSchema, ShareInspection),
  'shares.split': op(
    z.object({
      bundle: CredentialBundle,
      threshold: z.number().int(),
      total: z.number().int(),
      label: z.string().max(64).optional(),
    }),
    z.object({ header: SetHeaderView, payloads: z.array(z.string()) }),
  ),
  /** The logbook, newest or oldest first, a page at a time (shared/log-api.ts). */
  /** Splits into share files in a new folder (and sheets into a new PDF), both chosen in save dialogs; all or nothing: files written under temporary names, the set logged, then the files put in place. */
  'shares.splitToFiles': op(SplitToFilesInput, SplitToFilesOutput),
  /** Verify-only check of printed sheets (shared/shares-api.ts): each readable, of the set, signed; the set recombines. Logs nothing, returns no secret. */
  'sheets.verify': op(SheetsVerifyInput, SheetsVerifyReport),
  /** Verify-only: do these shares of one set recombine? Opens the credential in memory only; logs nothing, returns no secret. */
  'shares.check': op(SharesCheckInput, SharesCheckOutput),
  'log.entries': op(LogEntriesInput, LogEntriesOutput),
  /** Verifies the chain, signatures and the given checkpoints; reports the first bad entry. */
  'log.verify': op(LogVerifyInput, LogVerifyOutput),
  /** A signed checkpoint note of the log as it is now, with its QR code. */
  'log.checkpoint': op(z.object({}), LogCheckpointOutput),
  /** Keeps a checkpoint note in the data directory's checkpoints/ folder: every later write refuses on a log that does not extend it (LOG_VERIFY_FAILED). */
  'log.rememberCheckpoint': op(LogRememberCheckpointInput, LogRememberCheckpointOutput),
  'methods.list': op(z.object({}), z.object({ methods: z.array(MethodView) })),
  'methods.add': op(MethodAddInput, MethodView),
  'methods.update': op(MethodUpdateInput, MethodView),
  'custodians.list': op(z.object({}), z.object({ custodians: z.array(CustodianView) })),
  'custodians.add': op(CustodianAddInput, CustodianView),
  'custodians.update': op(CustodianUpdateInput, CustodianView),
  /** Retires a custodian; sheets they still hold must be re-issued (an obligation says so). */
  'custodians.retire': op(CustodianRetireInput, CustodianView),
  'obligations.list': op(z.object({}), z.object({ now: z.string(), obligations: z.array(ObligationView) })),
  'custodians.reviewRoster': op(z.object({ reviewer: z.string().max(120), note: z.string().max(1000).optional() }), z.object({ recorded: z.boolean() })),

  // The issuance ceremony (shared/workflow-api.ts): split, print, scan back, hand over, activate.
  /** Splits the credential into a new pending set for a method; the sheets PDF stays in memory. */
  'issuance.start': op(IssuanceStartInput, IssuanceStarted),
  /** Save dialog, then writes the pending set's sheets PDF (0600). */
  'issuance.savePdf': op(SetRef, SavedFile),
  /** Sends the pending set's sheets PDF to the print dialog. */
  'issuance.printPdf': op(SetRef, z.object({ printed: z.boolean() })),
  /** Checks every printed sheet as scanned back (camera, image or typed) and logs the scan-back when all pass. */
  'issuance.scanBack': op(ScanBackInput, ScanBackResult),
  'issuance.handover': op(HandoverInput, SetView),
  /** Activates a scanned-back, handed-over set; the method's previous set is retired. */
  'issuance.activate': op(SetRef, SetView),
  'issuance.abandon': op(SetRef.extend({ note: z.string().max(500) }), SetView),
  'sets.list': op(z.object({ methodId: z.string().optional() }), z.object({ sets: z.array(SetView) })),
  /** Open dialog for scans or photos of sheets; each file is decoded in the main process. */
  'sheets.importImages': op(z.object({ title: z.string().max(120).optional() }), z.object({ images: z.array(ImportedImage) })),

  // Break glass and drills.
  'releases.list': op(z.object({}), z.object({ releases: z.array(ReleaseView) })),
  /** Records a complete request (REQUEST_INCOMPLETE names every missing field; nothing is logged then). */
  'release.request': op(ReleaseRequestInput, ReleaseView),
  /** Withdraws a request still waiting for its quorum (logged); it can no longer be granted. */
  'release.withdraw': op(ReleaseWithdrawInput, ReleaseView),
  /** Records who verified a request, with whom and how, when that was not given with the request. */
  'release.recordVerification': op(VerificationInput, ReleaseView),
  /** Live feedback on presented sheets for the quorum screen; logs nothing. */
  'quorum.check': op(QuorumCheckInput, QuorumCheck),
  /** Checks the quorum, makes release.granted durable, then returns the credential. */
  'release.grant': op(ReleaseGrantInput, ReleaseGranted),
  'drill.run': op(DrillRunInput, DrillOutcome),

  // Aftercare.
  'release.recordRevoked': op(EvidenceInput, ReleaseView),
  'release.recordRotated': op(EvidenceInput, ReleaseView),
  'review.complete': op(ReviewInput, ReleaseView),
  'custody.destroyed': op(SheetDestroyedInput, SetView),
  // Custody after hand-over (shared/custody-api.ts); a bag serial that does not match is logged as an exception.
  'custody.bagOpened': op(BagOpenedInput, BagOpenedView),
  'custody.resealed': op(ResealedInput, SetView),
  'custody.moved': op(SheetMovedInput, SetView),
  'custody.lost': op(SheetLostInput, SetView),
  /** Save dialog, then writes the printable runbook PDF (0600: it lists every custodian's contacts). */
  'runbook.save': op(z.object({}), RunbookSaved),
  // Ceremony scripts (shared/script-api.ts): break glass, issuance, drill, destruction record.
  /** Save dialog, then writes the method's script PDF (0600: it lists custodians and their contacts). */
  'scripts.save': op(ScriptSaveInput, RunbookSaved),
  /** Records "step N done by X" of a script as it runs, so the log and the paper agree. */
  'scripts.recordStep': op(ScriptStepInput, ScriptStepView),
  /** Save dialog (a new folder), then writes the recovery kit: recover.html, README.txt, FORMAT.md, SHA256SUMS. */
  'recoveryKit.save': op(
    z.object({}),
    z.object({ saved: z.boolean(), path: z.string().optional(), files: z.array(z.object({ name: z.string(), bytes: z.number(), sha256: z.string() })) }),
  ),
  'aws.offlineSteps': op(OfflineStepsInput, OfflineStepsView),
  'aws.recordEvidence': op(AwsEvidenceInput, z.object({ recorded: z.boolean() })),
  /** Connected mode for the call only: lists the user's keys and when the released key was last used. */
  'aws.status': op(ConnectedStepInput, AwsStatusView),
  'aws.revoke': op(ConnectedStepInput, AwsRevokeView),
  'aws.rotate': op(AwsRotateInput, AwsRotateView),
  /** Offline path: the key made with the AWS CLI (pasted), issued as a new set with the evidence of its creation. */
  'aws.recordCreated': op(AwsRecordCreatedInput, AwsRecordCreatedView),
  /** EventBridge rules (and a CloudFormation template) that alarm on any use of a method's break-glass principal. */
  'aws.alarm': op(AwsAlarmInput, AwsAlarmView),
  /** CloudTrail read against the release windows; every use outside one is flagged and the result logged. */
  'aws.reconcile': op(AwsReconcileInput, AwsReconcileView),

  // Recovery without the vault (shared/recovery-api.ts, docs/FORMAT.md 2.9).
  /** K sheets and the vault fingerprint recover the credential on any machine; returns a signed receipt. Needs no vault. */
  'recovery.recover': op(RecoverInput, RecoveredView),
  /** Verifies a recovery receipt against its set and records it as a release (obligations start). */
  'recovery.importReceipt': op(ImportReceiptInput, ImportedReceiptView),

  // Audit.
  /** Save dialog, then writes the signed audit PDF or the evidence bundle. */
  'audit.export': op(AuditExportInput, AuditExported),
  'audit.exportRootCert': op(z.object({}), SavedFile),
  /** Open dialog for an audit PDF, then checks it as `custos audit verify` does. */
  'audit.verify': op(z.object({}), AuditVerifyView),

  // The desktop around a revealed secret.
  /** Copies a secret; the clipboard is cleared after 30 s (or clearAfterMs) if it still holds it. */
  'clipboard.copySecret': op(ClipboardInput, z.object({ clearsAt: z.string() })),
  /** Keeps the window out of screenshots and screen sharing while a secret is on screen. */
  'window.protect': op(z.object({ enabled: z.boolean() }), z.object({ enabled: z.boolean() })),
} as const

export type ApiSpec = typeof api
export type OperationName = keyof ApiSpec
export type OperationInput<K extends OperationName> = z.input<ApiSpec[K]['input']>
export type OperationOutput<K extends OperationName> = z.output<ApiSpec[K]['output']>

/** What the backend implements: one async function per operation. */
export type Api = { [K in OperationName]: (input: z.output<ApiSpec[K]['input']>) => Promise<OperationOutput<K>> }

/** What crosses a transport: Electron and HTTP keep only plain data, so errors travel as values. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

/** What the renderer sees as window.custos: same names, raw inputs, results as values. */
export type CustosBridge = { [K in OperationName]: (input: OperationInput<K>) => Promise<ApiResult<OperationOutput<K>>> }

export const OPERATION_NAMES = Object.keys(api) as OperationName[]

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(api, name)
}
